/**
 * Notice builders, one per legal regime or platform shape. Each is data (a
 * schema and a list of required elements) plus a render function; a notice
 * missing an element is refused with the element named.
 */
import { alibabaIpp } from './alibaba-ipp';
import { amazon } from './amazon';
import { cnEcommerce } from './cn-ecommerce';
import { dmca } from './dmca';
import { ebayVero } from './ebay-vero';
import { euDsa } from './eu-dsa';
import { unwrap, type Notice, type NoticeResult } from './regime';
import { noticeRegimes, type RegimeId } from './registry';
import { searchDelisting } from './search-delisting';
import { videoWebform } from './video-webform';

export { counterClockOf, isRegimeId, noticeRegimes, regimeById, REGIME_IDS, type RegimeId } from './registry';

/** Build a notice; `{ ok: false }` names each missing element and each broken limit. */
export function buildNotice(regime: RegimeId, input: unknown): NoticeResult {
  return noticeRegimes[regime].build(input);
}

/** As `buildNotice`, but a refusal throws `NoticeIncompleteError`. */
export function buildNoticeOrThrow(regime: RegimeId, input: unknown): Notice {
  return unwrap(buildNotice(regime, input));
}

export {
  defineRegime,
  unwrap,
  type Notice,
  type NoticeRefusal,
  type NoticeResult,
  type Regime,
  type RegimeSpec,
  type Rendered,
} from './regime';
export { NoticeIncompleteError, describeRefusal, type Violation } from './errors';
export { missingElements, present, filled, pathsOf, type MissingElement, type RequiredElement } from './elements';
export { escapeHtml, renderHtml, renderText, isoDay, clock, type Block } from './render';
export * from './model';
export { AMAZON_MAX_LISTINGS } from './amazon';
export {
  VERO_REASONS,
  VERO_BRAND_MAX,
  VERO_MESSAGE_MAX,
  VERO_MAX_ITEMS,
  type VeroReason,
  type VeroInput,
  type VeroInputDraft,
} from './ebay-vero';
export { IPP_REASONS, type IppReason, type IppInput } from './alibaba-ipp';
export { MEASURE_LABELS } from './cn-ecommerce';
export {
  toLumen,
  lumenType,
  type LumenAction,
  type LumenEntity,
  type LumenNotice,
  type LumenOptions,
  type LumenRole,
  type LumenType,
  type LumenWork,
} from './lumen';
export {
  counterNoticeDeadline,
  counterNoticePhase,
  COUNTER_NOTICE_RULES,
  type CounterNoticeClock,
  type CounterNoticeOptions,
  type CounterNoticeRegime,
  type CounterNoticeRule,
} from './counter-notice';
export { alibabaIpp, amazon, cnEcommerce, dmca, ebayVero, euDsa, searchDelisting, videoWebform };
