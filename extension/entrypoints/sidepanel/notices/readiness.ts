/**
 * What the holder's profile still lacks for a regime sent one way (email or
 * web form), shown before the reviewer writes anything: each missing element,
 * its legal basis, and the profile fields an admin fills.
 */
import type { Readiness } from '../../../../shared/model';
import { h } from '../../../utils/dom';

export function readinessBox(r: Readiness | undefined, regime: string, method: string): HTMLElement {
  const reg = r?.regimes.find((x) => x.regime === regime);
  const ch = reg?.channels.find((c) => c.channel === method);
  if (!reg || !ch) return h('div', { class: 'box muted', attrs: { 'data-testid': 'readiness' } }, 'Readiness unknown.');
  if (ch.ready)
    return h(
      'div',
      { class: 'box okay', attrs: { 'data-testid': 'readiness', 'data-ready': 'true' } },
      `The holder's profile has everything a ${reg.title} notice by ${method} needs.`,
    );
  return h(
    'div',
    { class: 'box warn', attrs: { 'data-testid': 'readiness', 'data-ready': 'false' } },
    h('b', {}, `The holder's profile lacks what a ${reg.title} notice by ${method} needs:`),
    h(
      'ul',
      { class: 'gaps' },
      ...ch.missing.map((g) =>
        h(
          'li',
          { attrs: { 'data-gap': g.id } },
          g.label,
          h('span', { class: 'muted' }, ` (${g.basis}) — fill: ${g.fields.join(', ')}`),
        ),
      ),
    ),
    h('p', { class: 'muted' }, 'An admin completes the profile (PUT /v1/holders/{id}, or the catalogue file).'),
  );
}
