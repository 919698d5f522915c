import {
  AUTHORISED_SIGNALS,
  combineEvidence,
  type Matcher,
  type MatchableListing,
  type MatchResult,
} from '../../shared/match';

/** What the boost needs to know about a listing's seller (a SellerRecord has it all). */
export interface BoostSeller {
  site: string;
  key: string;
  name: string | null;
  blacklisted: boolean;
  score: number;
  /** The group's figures: confirmed listings within the window, and the window. */
  confirmedInWindow: number;
  windowDays: number;
  /** Set when a reviewer blacklisted the seller (or a linked one) by hand. */
  manualReason?: string | null;
}

/** Blacklisted sellers in memory, for boosting a whole sweep's matches without a query per listing. */
export interface SellerBoostIndex {
  /** The seller as the holder `holderId` sees it (its own figures, and the reviewers' manual blacklist). */
  get(
    site: string,
    seller: { id?: string | null; name?: string | null } | undefined,
    holderId: string | undefined,
  ): BoostSeller | undefined;
  readonly size: number;
}

export interface BoostOptions {
  /**
   * Combined with the score of a match on a blacklisted seller's listing (`combineEvidence`). Default 0.15.
   */
  weight?: number;
}

export const REPEAT_INFRINGER_SIGNAL = 'repeat_infringer';
export const REPEAT_INFRINGER_WEIGHT = 0.15;

/**
 * The matcher's result for a listing, adjusted for who sells it: a listing
 * from a blacklisted seller scores `weight` more, with a stated
 * `repeat_infringer` signal ("seller Glow Outlet (demo-market/glow_outlet):
 * 4 confirmed in 90 days, risk 0.62"). Pure: the same inputs give the same
 * result; unchanged (the same object) when the seller is unknown, not
 * blacklisted, or the match says the listing is authorised or official.
 */
export function boostForSeller(
  result: MatchResult,
  seller: BoostSeller | null | undefined,
  options: BoostOptions = {},
): MatchResult {
  if (!seller?.blacklisted) return result;
  // An authorised or official listing (the matcher's neutral outcome): no boost can outweigh that.
  if (
    result.outcome === 'authorised' ||
    result.signals.some((s) => AUTHORISED_SIGNALS.has(s.name) || s.name === REPEAT_INFRINGER_SIGNAL)
  )
    return result;
  const weight = options.weight ?? REPEAT_INFRINGER_WEIGHT;
  const who = `seller ${seller.name ?? seller.key} (${seller.site}/${seller.key})`;
  const why = seller.manualReason
    ? `on the blacklist (${seller.manualReason}); ${seller.confirmedInWindow} confirmed in ${seller.windowDays} days`
    : `${seller.confirmedInWindow} confirmed in ${seller.windowDays} days, risk ${seller.score}`;
  return {
    ...result,
    score: combineEvidence(result.score, weight),
    signals: [...result.signals, { name: REPEAT_INFRINGER_SIGNAL, weight, evidence: `${who}: ${why}` }],
  };
}

/**
 * `matcher.best(listing)` with the seller boost: the top match is boosted
 * before the threshold is applied, so a near-miss from a blacklisted seller
 * becomes a hit, with the reason stated.
 */
export function bestWithSellerBoost(
  matcher: Pick<Matcher, 'match' | 'threshold'>,
  listing: MatchableListing,
  seller: BoostSeller | null | undefined,
  options: BoostOptions = {},
): MatchResult | undefined {
  const [top] = matcher.match(listing, 1);
  if (!top) return undefined;
  const boosted = boostForSeller(top, seller, options);
  return boosted.score >= matcher.threshold ? boosted : undefined;
}
