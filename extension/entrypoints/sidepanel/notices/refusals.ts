/** Why a notice was not built: each listing the accuracy gate refused (URL and reason), or each missing element. */
import { ApiError } from '../../../utils/api-client';
import { h } from '../../../utils/dom';
import { errorText } from '../../../utils/pages';

export function refusalBox(e: unknown): HTMLElement {
  if (!(e instanceof ApiError))
    return h('div', { class: 'box bad', attrs: { 'data-testid': 'refusals' } }, errorText(e));
  return h(
    'div',
    { class: 'box bad', attrs: { 'data-testid': 'refusals', 'data-code': e.code } },
    h('b', {}, e.message),
    e.refusals.length
      ? h(
          'ul',
          { class: 'refusals' },
          ...e.refusals.map((r) =>
            h(
              'li',
              { attrs: { 'data-hit': r.hitId, 'data-code': r.code } },
              h('span', { class: 'break' }, r.url),
              h('br'),
              h('span', { class: 'muted' }, r.reason),
            ),
          ),
        )
      : e.problems.length
        ? h('ul', { class: 'refusals' }, ...e.problems.map((p) => h('li', {}, p)))
        : null,
  );
}
