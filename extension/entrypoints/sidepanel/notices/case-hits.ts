/** The case's listings with their status; one that should not be noticed can be taken out here. */
import type { CaseView } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import { errorText } from '../../../utils/pages';
import type { NoticesContext } from './context';

export async function renderCaseHits(
  el: HTMLElement,
  ctx: NoticesContext,
  kase: CaseView,
  onChange: (c: CaseView) => void,
): Promise<void> {
  const rows = await Promise.all(
    kase.hitIds.map(async (id) => {
      try {
        return { id, hit: await ctx.api.hit(id) };
      } catch {
        return { id, hit: undefined };
      }
    }),
  );
  replace(
    el,
    h('h2', {}, `Case #${kase.id}: ${kase.title}`),
    h('p', { class: 'muted' }, `holder ${kase.holderId} · ${kase.status}`),
    h(
      'ul',
      { class: 'plain', attrs: { 'data-testid': 'case-hits' } },
      ...rows.map(({ id, hit }) =>
        h(
          'li',
          { class: 'row', attrs: { 'data-hit': id } },
          hit ? h('span', { class: `pill ${hit.status}` }, hit.status.replace('_', ' ')) : null,
          h('span', { class: 'break grow' }, `#${id} `, hit?.listingUrl ?? ''),
          h(
            'button',
            {
              attrs: { type: 'button', 'aria-label': `take hit ${id} out of the case` },
              on: {
                click: async () => {
                  try {
                    onChange(await ctx.api.removeFromCase(kase.id, id));
                    ctx.say(`#${id} taken out of case #${kase.id}.`, 'okay');
                  } catch (e) {
                    ctx.say(`Not changed: ${errorText(e)}`, 'error');
                  }
                },
              },
            },
            'Take out',
          ),
        ),
      ),
    ),
  );
}
