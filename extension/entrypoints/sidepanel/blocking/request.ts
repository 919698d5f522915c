/**
 * A built site-blocking request, to review before it leaves: whom it is
 * addressed to (RDAP abuse desks, access providers) and for which domains,
 * the look-ups that failed, the text. Exported as the JSON package and the
 * text, or sent from the reviewer's own mail program to each addressee.
 */
import { BlockingAddresseesSchema, type PirateSiteView } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import { downloadText } from '../../../utils/download';
import { mailtoOf } from './mailto';

export function renderRequest(
  el: HTMLElement,
  r: { id: number; package: unknown; text: string; html: string },
  site: PirateSiteView,
): void {
  const parsed = BlockingAddresseesSchema.safeParse(r.package);
  const addressees = parsed.success ? parsed.data.addressees : [];
  const failures = parsed.success
    ? parsed.data.domains.flatMap((d) => d.lookupErrors.map((e) => `${d.domain}: ${e}`))
    : [];
  const subject = `Site-blocking request: ${site.name} (${site.domains.map((d) => d.domain).join(', ')})`;
  const base = `blocking-request-${r.id}`;
  replace(
    el,
    h('h2', {}, `Blocking request #${r.id}`),
    h(
      'table',
      { class: 'fields', attrs: { 'data-testid': 'addressees' } },
      ...addressees.map((a) => {
        const mailto = a.email ? mailtoOf(a.email, subject, r.text) : undefined;
        return h(
          'tr',
          { attrs: { 'data-role': a.role, 'data-email': a.email ?? '' } },
          h('td', {}, a.role.replace('_', ' ')),
          h('td', { class: 'break' }, a.name ?? '', a.email ? ` <${a.email}>` : ''),
          h('td', { class: 'break muted' }, a.for.join(', ')),
          h('td', {}, mailto ? h('a', { attrs: { href: mailto, 'data-action': 'mailto' } }, 'Send…') : ''),
        );
      }),
    ),
    failures.length
      ? h(
          'div',
          { class: 'box warn' },
          h('b', {}, 'Look-ups that failed:'),
          h('ul', {}, ...failures.map((f) => h('li', {}, f))),
        )
      : null,
    h(
      'div',
      { class: 'row actions' },
      h(
        'button',
        {
          attrs: { type: 'button', 'data-action': 'export-json' },
          on: { click: () => downloadText(`${base}.json`, JSON.stringify(r.package, null, 2), 'application/json') },
        },
        'Export JSON',
      ),
      h(
        'button',
        {
          attrs: { type: 'button' },
          on: { click: () => downloadText(`${base}.txt`, `Subject: ${subject}\n\n${r.text}`) },
        },
        'Export text',
      ),
      h(
        'button',
        {
          attrs: { type: 'button' },
          on: { click: () => downloadText(`${base}.html`, r.html, 'application/octet-stream') },
        },
        'Export HTML',
      ),
    ),
    h('pre', { class: 'preview', attrs: { 'data-testid': 'request-text' } }, r.text),
  );
}
