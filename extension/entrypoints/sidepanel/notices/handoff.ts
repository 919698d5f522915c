/**
 * The prepared notice for a reviewer to send by hand — when this server has
 * no SMTP relay, or the platform takes notices only through its web form:
 * the text to copy or download (text, HTML source, JSON), and the JSON's
 * fields one by one, each with its own Copy button, to paste into a form.
 */
import type { NoticeView } from '../../../../shared/model';
import { h } from '../../../utils/dom';
import { copyText, downloadText } from '../../../utils/download';
import { flattenFields } from '../../../utils/flatten';
import type { NoticesContext } from './context';

export function handoffBox(ctx: NoticesContext, n: NoticeView, open: boolean): HTMLElement {
  const copy = async (what: string, text: string) =>
    ctx.say((await copyText(text)) ? `${what} copied.` : `Cannot copy here: download it instead.`, 'muted');
  const base = `notice-${n.id}-${n.regime}`;
  const json = JSON.stringify(n.payload, null, 2);
  const fields = flattenFields(n.payload);
  const button = (label: string, fn: () => void, id?: string) =>
    h('button', { attrs: { type: 'button', ...(id ? { 'data-action': id } : {}) }, on: { click: fn } }, label);
  return h(
    'details',
    { class: 'box', attrs: { 'data-testid': 'handoff', ...(open ? { open: true } : {}) } },
    h('summary', {}, 'Prepared notice: copy or download (for email by hand, or a web form)'),
    h(
      'div',
      { class: 'row actions' },
      button('Copy subject', () => void copy('Subject', n.subject), 'copy-subject'),
      button('Copy text', () => void copy('Text', n.text), 'copy-text'),
      button('Download .txt', () =>
        downloadText(`${base}.txt`, `Subject: ${n.subject}\nTo: ${n.recipient}\n\n${n.text}`),
      ),
      button('Download .html', () => downloadText(`${base}.html`, n.html, 'application/octet-stream')),
      button('Download .json', () => downloadText(`${base}.json`, json, 'application/json'), 'download-json'),
    ),
    h('p', { class: 'muted' }, `Web form fields (${fields.length}), in the notice's order:`),
    h(
      'table',
      { class: 'fields', attrs: { 'data-testid': 'form-fields' } },
      ...fields.map(([path, value]) =>
        h(
          'tr',
          { attrs: { 'data-field': path } },
          h('td', {}, h('code', {}, path)),
          h('td', { class: 'break' }, value),
          h(
            'td',
            {},
            button('Copy', () => void copy(path, value)),
          ),
        ),
      ),
    ),
  );
}
