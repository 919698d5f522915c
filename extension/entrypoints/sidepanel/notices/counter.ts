/**
 * A seller's counter-notice on a sent notice: recorded with when it arrived,
 * who sent it and what it says, and shown with its statutory clock — the
 * listing may be restored from the earliest day, and must be by the
 * deadline unless the holder files an action.
 */
import type { CounterNoticeView, NoticeView } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import { errorText } from '../../../utils/pages';
import type { NoticesContext } from './context';

const DAY = 86_400_000;

export function clockText(c: CounterNoticeView, now = Date.now()): string {
  const left = Math.ceil((new Date(c.latest).getTime() - now) / DAY);
  const day = (iso: string) => iso.slice(0, 10);
  return (
    `restore from ${day(c.earliest)}; deadline ${day(c.latest)}` +
    (c.outcome === 'pending' ? ` (${left >= 0 ? `${left} days left` : 'passed'}) unless an action is filed` : '') +
    ` · ${c.outcome.replace('_', ' ')}`
  );
}

export async function renderCounterNotices(el: HTMLElement, ctx: NoticesContext, n: NoticeView): Promise<void> {
  let list: CounterNoticeView[] = [];
  try {
    list = (await ctx.api.counterNotices(n.id)).counterNotices;
  } catch (e) {
    ctx.say(`Cannot read counter-notices: ${errorText(e)}`, 'error');
  }
  const sender = h('input', {
    attrs: { type: 'text', 'data-field': 'cn-sender', 'aria-label': 'Counter-notice sender' },
  });
  const received = h('input', {
    attrs: { type: 'datetime-local', 'data-field': 'cn-received', 'aria-label': 'Received at' },
  });
  received.value = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const statement = h('textarea', { attrs: { 'data-field': 'cn-statement', rows: 2, 'aria-label': 'Statement' } });
  const record = async () => {
    try {
      const c = await ctx.api.recordCounterNotice(n.id, {
        receivedAt: new Date(received.value).toISOString(),
        sender: sender.value.trim(),
        statement: statement.value.trim(),
      });
      ctx.say(`Counter-notice recorded: ${clockText(c)}.`, 'okay');
      await renderCounterNotices(el, ctx, n);
    } catch (e) {
      ctx.say(`Counter-notice not recorded: ${errorText(e)}`, 'error');
    }
  };
  replace(
    el,
    ...list.map((c) =>
      h(
        'p',
        { class: 'box warn', attrs: { 'data-testid': 'counter-notice', 'data-deadline': c.latest } },
        h('b', {}, `Counter-notice from ${c.sender}`),
        ` (received ${c.receivedAt.slice(0, 10)}): ${clockText(c)}`,
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Record a counter-notice'),
      h('label', {}, 'Received'),
      received,
      h('label', {}, 'From (name and address of the seller)'),
      sender,
      h('label', {}, 'Their statement'),
      statement,
      h(
        'div',
        { class: 'row actions' },
        h(
          'button',
          { attrs: { type: 'button', 'data-action': 'record-counter' }, on: { click: () => void record() } },
          'Record',
        ),
      ),
    ),
  );
}
