/**
 * The notice regimes, one file each: a regime declares its schema, required
 * elements, counter-notice clock and Lumen type in its own file, and is
 * listed here once. Callers read what a regime declares from this registry.
 */
import { alibabaIpp } from './alibaba-ipp';
import { amazon } from './amazon';
import { cnEcommerce } from './cn-ecommerce';
import type { CounterNoticeRegime } from './counter-notice';
import { dmca } from './dmca';
import { ebayVero } from './ebay-vero';
import { euDsa } from './eu-dsa';
import type { Regime } from './regime';
import { searchDelisting } from './search-delisting';
import { videoWebform } from './video-webform';

export const noticeRegimes = {
  dmca,
  'eu-dsa': euDsa,
  'cn-ecommerce': cnEcommerce,
  amazon,
  'ebay-vero': ebayVero,
  'alibaba-ipp': alibabaIpp,
  'video-webform': videoWebform,
  'search-delisting': searchDelisting,
} as const;

export type RegimeId = keyof typeof noticeRegimes;

export type DeliveryChannel = 'email' | 'webform';

/**
 * How each regime's notice reaches the platform: by email to its designated address, or pasted
 * into its web form (the prepared JSON and text, field by field). Statutory notices go either way;
 * the platforms' own shapes only through their forms.
 */
export const DELIVERY_CHANNELS: Record<RegimeId, readonly DeliveryChannel[]> = {
  dmca: ['email', 'webform'],
  'eu-dsa': ['email', 'webform'],
  'cn-ecommerce': ['email', 'webform'],
  amazon: ['webform'],
  'ebay-vero': ['email', 'webform'],
  'alibaba-ipp': ['webform'],
  'video-webform': ['webform'],
  'search-delisting': ['webform'],
};
export const REGIME_IDS = Object.keys(noticeRegimes) as RegimeId[];

export function isRegimeId(id: string): id is RegimeId {
  return Object.hasOwn(noticeRegimes, id);
}

/** The regime by id, typed loosely (its input schema as the common notice input). */
export function regimeById(id: string): Regime | undefined {
  return isRegimeId(id) ? (noticeRegimes[id] as unknown as Regime) : undefined;
}

/** The statutory clock a counter-notice to a notice under `regime` starts, if it has one. */
export function counterClockOf(regime: string): CounterNoticeRegime | undefined {
  return regimeById(regime)?.counterClock;
}
