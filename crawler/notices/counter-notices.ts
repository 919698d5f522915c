import { counterClockOf, counterNoticeDeadline } from '../../shared/notices';
import type { CounterNoticeRecord, CounterNoticeRepository } from '../store';

export class NoCounterClockError extends Error {}

/**
 * A seller's counter-notice on a notice sent under `regime`: its statutory clock is started
 * (earliest and latest restore dates, the holder's reminder) and it is recorded; the notice's
 * outcome becomes `countered`. A regime that declares no clock (shared/notices): NoCounterClockError; a notice
 * that was never sent: NoticeStateError.
 */
export async function recordCounterNotice(
  counters: CounterNoticeRepository,
  o: { noticeId: number; regime: string; receivedAt: Date; sender: string; statement: string; actor: string },
): Promise<CounterNoticeRecord> {
  const clock = counterClockOf(o.regime);
  if (!clock)
    throw new NoCounterClockError(
      `notices under ${o.regime} have no statutory counter-notice clock here (DMCA §512(g) and E-Commerce Law Art. ` +
        `43 do)`,
    );
  return counters.record({
    noticeId: o.noticeId,
    clock: counterNoticeDeadline(clock, o.receivedAt),
    sender: o.sender,
    statement: o.statement,
    actor: o.actor,
  });
}
