import { counterNoticeDeadline, type CounterNoticeRegime } from '../../shared/notices';
import type { CounterNoticeRecord, CounterNoticeRepository } from '../store';

/** Which statutory clock a notice's counter-notice runs on. */
export const COUNTER_CLOCK: Record<string, CounterNoticeRegime | undefined> = {
  dmca: 'dmca',
  'video-webform': 'dmca',
  'search-delisting': 'dmca',
  'cn-ecommerce': 'cn-ecommerce',
  'alibaba-ipp': 'cn-ecommerce',
};

export class NoCounterClockError extends Error {}

/**
 * A seller's counter-notice on a notice sent under `regime`: its statutory clock is started
 * (earliest and latest restore dates, the holder's reminder) and it is recorded; the notice's
 * outcome becomes `countered`. A regime without a clock here: NoCounterClockError; a notice
 * that was never sent: NoticeStateError.
 */
export async function recordCounterNotice(
  counters: CounterNoticeRepository,
  o: { noticeId: number; regime: string; receivedAt: Date; sender: string; statement: string; actor: string },
): Promise<CounterNoticeRecord> {
  const clock = COUNTER_CLOCK[o.regime];
  if (!clock) throw new NoCounterClockError(`notices under ${o.regime} have no statutory counter-notice clock here (DMCA §512(g) and E-Commerce Law Art. 43 do)`);
  return counters.record({ noticeId: o.noticeId, clock: counterNoticeDeadline(clock, o.receivedAt), sender: o.sender, statement: o.statement, actor: o.actor });
}
