/**
 * The notice exactly as it will go out: recipient, subject, the plain text,
 * and the HTML part as its source text (never rendered in the extension's
 * pages — its listing titles come from other people's sites).
 */
import type { NoticeView } from '../../../../shared/model';
import { h } from '../../../utils/dom';

export function previewBox(n: NoticeView): HTMLElement {
  return h(
    'div',
    { class: 'box', attrs: { 'data-testid': 'preview', 'data-notice': n.id } },
    h('h2', {}, `Preview — notice #${n.id} (${n.regime}, ${n.state})`),
    h('p', { class: 'break' }, h('b', {}, 'To: '), n.recipient),
    h('p', { class: 'break', attrs: { 'data-testid': 'subject' } }, h('b', {}, 'Subject: '), n.subject),
    h('pre', { class: 'preview', attrs: { 'data-testid': 'preview-text' } }, n.text),
    h(
      'details',
      {},
      h('summary', {}, 'HTML part (source)'),
      h('pre', { class: 'preview', attrs: { 'data-testid': 'preview-html' } }, n.html),
    ),
  );
}
