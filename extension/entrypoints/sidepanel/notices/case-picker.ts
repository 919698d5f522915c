/**
 * Grouping hits into a case: the hits chosen in the inbox go into a new case
 * or are added to an open one of the same holder; an open case can also be
 * opened as it is. A case holds one holder's hits (the API refuses a mix).
 */
import type { HitView } from '../../../utils/api-schemas';
import type { CaseView } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import { errorText } from '../../../utils/pages';
import type { NoticesContext } from './context';

export async function renderCasePicker(
  el: HTMLElement,
  ctx: NoticesContext,
  hits: HitView[],
  onCase: (c: CaseView) => void,
): Promise<void> {
  const holderId = hits[0]?.holderId;
  let open: { id: number; title: string; holderId: string; hitIds: number[] }[] = [];
  try {
    open = (await ctx.api.cases(holderId)).cases;
  } catch (e) {
    ctx.say(`Cannot list cases: ${errorText(e)}`, 'error');
  }
  const title = h('input', {
    attrs: {
      id: 'case-title',
      type: 'text',
      value: hits.length ? `${hits[0]!.itemTitle} — ${hits.length} listing${hits.length === 1 ? '' : 's'}` : '',
    },
  });
  const pick = h(
    'select',
    { attrs: { id: 'case-pick', 'aria-label': 'Open case' } },
    ...open.map((c) => h('option', { attrs: { value: c.id } }, `#${c.id} ${c.title} (${c.hitIds.length} hits)`)),
  );
  const ids = hits.map((x) => x.id);
  const run = async (what: string, fn: () => Promise<CaseView>) => {
    try {
      const c = await fn();
      ctx.say(`${what} case #${c.id}.`, 'okay');
      onCase(c);
    } catch (e) {
      ctx.say(`${what} failed: ${errorText(e)}`, 'error');
    }
  };
  replace(
    el,
    h('h2', {}, 'Case'),
    hits.length
      ? h(
          'p',
          { attrs: { 'data-testid': 'chosen' } },
          `${hits.length} hit${hits.length === 1 ? '' : 's'} chosen: `,
          hits.map((x) => `#${x.id} (${x.status.replace('_', ' ')})`).join(', '),
        )
      : h('p', { class: 'muted' }, 'Choose hits in the inbox (x selects) and press "Case / notice…", or open a case.'),
    hits.length ? h('label', { attrs: { for: 'case-title' } }, 'New case title') : null,
    hits.length ? title : null,
    hits.length
      ? h(
          'div',
          { class: 'row actions' },
          h(
            'button',
            {
              class: 'primary',
              attrs: { id: 'case-create', type: 'button' },
              on: { click: () => void run('Opened', () => ctx.api.createCase(title.value.trim() || 'Case', ids)) },
            },
            'New case with these hits',
          ),
        )
      : null,
    open.length ? h('label', { attrs: { for: 'case-pick' } }, 'Or an open case') : null,
    open.length
      ? h(
          'div',
          { class: 'row' },
          pick,
          hits.length
            ? h(
                'button',
                {
                  attrs: { id: 'case-add', type: 'button' },
                  on: { click: () => void run('Added to', () => ctx.api.addToCase(Number(pick.value), ids)) },
                },
                'Add to this case',
              )
            : null,
          h(
            'button',
            {
              attrs: { id: 'case-open', type: 'button' },
              on: { click: () => void run('Opened', () => ctx.api.caseView(Number(pick.value))) },
            },
            'Open',
          ),
        )
      : null,
  );
}
