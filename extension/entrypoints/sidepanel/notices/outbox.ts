/**
 * The case's notices and where each one is: draft, queued (with the last
 * relay error while it retries), sent, failed with the reason, bounced,
 * acknowledged, and the platform's answer. From here a draft is sent (or a
 * failed one sent again), a platform's answer recorded, and a counter-notice
 * recorded with its clock. Without an SMTP relay on the server, the panel
 * says so and hands the prepared notice over to be sent by hand.
 */
import { NOTICE_EVENTS, type NoticeView } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import { errorText } from '../../../utils/pages';
import type { NoticesContext } from './context';
import { renderCounterNotices } from './counter';
import { handoffBox } from './handoff';

const SENDABLE = new Set(['draft', 'failed', 'bounced']);
const ANSWERABLE = new Set(['sent', 'acknowledged', 'failed', 'bounced']);

function stateLine(n: NoticeView): string {
  if (n.state === 'queued')
    return n.lastError
      ? `queued: attempt ${n.attempts} failed (${n.lastError}); next try ${n.nextAttemptAt ?? 'soon'}`
      : 'queued: waiting for the outbox';
  if (n.state === 'failed') return `failed after ${n.attempts} attempts: ${n.lastError ?? 'no reason given'}`;
  if (n.state === 'sent') return `sent ${n.sentAt ?? ''}`;
  return n.state;
}

export async function renderOutbox(
  el: HTMLElement,
  ctx: NoticesContext,
  caseId: number,
  onChange: () => void,
): Promise<void> {
  let notices: NoticeView[] = [];
  try {
    notices = (await ctx.api.notices(caseId)).notices;
  } catch (e) {
    return replace(el, h('p', { class: 'error' }, `Cannot list the notices: ${errorText(e)}`));
  }
  const email = ctx.me?.delivery?.email ?? false;
  replace(
    el,
    h('h2', {}, `Notices of this case (${notices.length})`),
    email
      ? null
      : h(
          'p',
          { class: 'box warn', attrs: { 'data-testid': 'no-smtp' } },
          'This server sends no email: no SMTP relay is configured (COUNTERSCAN_SMTP_URL). ',
          'A queued notice waits in the outbox; send it yourself from the prepared notice (copy or download).',
        ),
    ...notices.map((n) => noticeRow(ctx, n, email, onChange)),
    h('button', { attrs: { type: 'button', id: 'outbox-refresh' }, on: { click: onChange } }, 'Refresh'),
  );
}

function noticeRow(ctx: NoticesContext, n: NoticeView, email: boolean, onChange: () => void): HTMLElement {
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      ctx.say(what, 'okay');
      onChange();
    } catch (e) {
      ctx.say(`Not done: ${errorText(e)}`, 'error');
    }
  };
  const event = h(
    'select',
    { attrs: { 'data-field': 'event', 'aria-label': "Platform's answer" } },
    ...NOTICE_EVENTS.map((e) => h('option', { attrs: { value: e } }, e)),
  );
  const note = h('input', { attrs: { type: 'text', 'data-field': 'event-note', placeholder: 'note (optional)' } });
  const counters = h('div', { attrs: { 'data-testid': 'counter-notices' } });
  if (n.state === 'sent' || n.state === 'acknowledged') void renderCounterNotices(counters, ctx, n);
  return h(
    'div',
    { class: 'notice', attrs: { 'data-notice': n.id, 'data-state': n.state, 'data-outcome': n.outcome ?? '' } },
    h(
      'div',
      { class: 'row' },
      h('b', {}, `#${n.id} ${n.regime}`),
      h('span', { class: `pill ${n.state}` }, n.state),
      n.outcome ? h('span', { class: 'pill' }, n.outcome) : null,
      h('span', { class: 'muted break' }, `→ ${n.recipient}`),
    ),
    h('p', { class: n.state === 'failed' ? 'error' : 'muted', attrs: { 'data-testid': 'state-line' } }, stateLine(n)),
    SENDABLE.has(n.state)
      ? h(
          'button',
          {
            class: 'primary',
            attrs: { type: 'button', 'data-action': 'send' },
            on: { click: () => void act(`Notice #${n.id} queued.`, () => ctx.api.sendNotice(n.id)) },
          },
          n.state === 'draft' ? (email ? 'Send' : 'Queue (no relay: send by hand)') : 'Send again',
        )
      : null,
    handoffBox(ctx, n, !email && n.state !== 'sent'),
    ANSWERABLE.has(n.state)
      ? h(
          'div',
          { class: 'row' },
          event,
          note,
          h(
            'button',
            {
              attrs: { type: 'button', 'data-action': 'record-event' },
              on: {
                click: () =>
                  void act(`Recorded: ${event.value}.`, () =>
                    ctx.api.noticeEvent(n.id, event.value as (typeof NOTICE_EVENTS)[number], note.value.trim()),
                  ),
              },
            },
            "Record the platform's answer",
          ),
        )
      : null,
    counters,
  );
}
