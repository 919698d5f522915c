/**
 * Notice builders, one per legal regime or platform shape. Each is data (a
 * schema and a list of required elements) plus a render function; a notice
 * missing an element is refused with the element named.
 */
import { unwrap, type Notice, type NoticeResult } from './regime';
import { noticeRegimes, type RegimeId } from './registry';

export { counterClockOf, isRegimeId, noticeRegimes, regimeById, REGIME_IDS, type RegimeId } from './registry';
export { profileReadiness, type ChannelReadiness, type ProfileGap, type RegimeReadiness } from './readiness';

/** Build a notice; `{ ok: false }` names each missing element and each broken limit. */
export function buildNotice(regime: RegimeId, input: unknown): NoticeResult {
  return noticeRegimes[regime].build(input);
}

/** As `buildNotice`, but a refusal throws `NoticeIncompleteError`. */
export function buildNoticeOrThrow(regime: RegimeId, input: unknown): Notice {
  return unwrap(buildNotice(regime, input));
}

export { type Notice, type NoticeResult } from './regime';
export { NoticeIncompleteError } from './errors';
export { pathsOf, type RequiredElement } from './elements';
export { escapeHtml } from './render';
export * from './model';
export { toLumen, lumenType } from './lumen';
export {
  counterNoticeDeadline,
  counterNoticePhase,
  COUNTER_NOTICE_RULES,
  type CounterNoticeClock,
} from './counter-notice';
