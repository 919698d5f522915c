import { DEFAULT_REFERRAL_THRESHOLDS, topSellers, type ReferralThresholds, type TopSeller } from '../sellers';
import type { EnforcementFilter, EnforcementGroups, Store } from '../store';

export { type EnforcementCounts, type EnforcementFilter } from '../store';

export interface EnforcementOptions extends EnforcementFilter {
  /** Top sellers by estimated turnover (default) or by confirmed listings. */
  sellersBy?: 'turnover' | 'confirmed';
  /** Most sellers listed. Default 20. */
  sellerLimit?: number;
  /**
   * When a seller's estimated turnover makes it a criminal-referral candidate. Default: CNY 50,000 (see referral.ts).
   */
  referral?: ReferralThresholds;
  /**
   * Include each seller's cross-holder risk score, group and blacklist mark.
   * Default true; the API turns it off for a holder's token, since the score
   * counts other holders' confirmed hits.
   */
  sellerRisk?: boolean;
  /** The clock for the sellers' rolling window. Default now. */
  now?: Date;
  /** Top sellers as the last seller refresh stored them (see TopSellersOptions.stored). */
  storedSellers?: boolean;
}

/** A top seller as the report shows it: figures within the filter, estimated turnover and the referral verdict. */
export interface ReportSeller {
  site: string;
  key: string;
  name: string | null;
  /** From the last seller refresh; null when not refreshed yet or hidden (sellerRisk: false). */
  groupId: string | null;
  score: number | null;
  blacklisted: boolean | null;
  /** Listings with a confirmed hit. */
  confirmed: number;
  confirmedInWindow: number;
  listingsWithHits: number;
  soldCount: number;
  views: number;
  /** Listings taken down after notices, and relists found. */
  removed: number;
  relisted: number;
  /** Estimated turnover of confirmed listings, price × sold count, per currency. */
  turnover: Record<string, number>;
  /** The same in the referral currency, approximately; null when a currency has no rate. */
  approxTurnover: { amount: number; currency: string } | null;
  referralCandidate: boolean;
  referralReasons: string[];
}

export interface EnforcementFigures extends EnforcementGroups {
  filter: { campaign: string | null; holderId: string | null; site: string | null; itemId: string | null };
  generatedAt: string;
  topSellers: ReportSeller[];
  /** The referral threshold applied. */
  referralThreshold: { amount: number; currency: string; perCurrency: Record<string, number> };
}

/**
 * Enforcement figures overall and per site, holder and item — hits found,
 * confirmed, noticed, removed, removal rate, median time to removal (the
 * store's counts) — plus the top sellers over the same filter with estimated
 * turnover and criminal-referral marks.
 */
export async function readEnforcementFigures(
  store: Pick<Store, 'figures' | 'sellers'>,
  o: EnforcementOptions = {},
): Promise<EnforcementFigures> {
  const { overall, bySite, byHolder, byItem } = await store.figures.enforcement(o);
  const referral = o.referral ?? DEFAULT_REFERRAL_THRESHOLDS;
  const sellers = await topSellers(store, {
    by: o.sellersBy ?? 'turnover',
    limit: o.sellerLimit ?? 20,
    referral,
    now: o.now,
    holderId: o.holderId ?? null,
    itemId: o.itemId,
    campaign: o.campaign,
    site: o.site,
    stored: o.storedSellers,
  });
  return {
    filter: {
      campaign: o.campaign ?? null,
      holderId: o.holderId ?? null,
      site: o.site ?? null,
      itemId: o.itemId ?? null,
    },
    generatedAt: (o.now ?? new Date()).toISOString(),
    overall,
    bySite,
    byHolder,
    byItem,
    topSellers: sellers.map((s) => reportSeller(s, o.sellerRisk ?? true)),
    referralThreshold: { ...referral.fallback, perCurrency: { ...referral.perCurrency } },
  };
}

function reportSeller(s: TopSeller, risk: boolean): ReportSeller {
  const f = s.figures;
  return {
    site: s.site,
    key: s.key,
    name: s.name,
    groupId: risk ? s.groupId : null,
    score: risk ? s.score : null,
    blacklisted: risk ? s.blacklisted : null,
    confirmed: f.confirmed,
    confirmedInWindow: f.confirmedInWindow,
    listingsWithHits: f.hitListings,
    soldCount: f.soldCount,
    views: f.views,
    removed: f.removed,
    relisted: f.relisted,
    turnover: s.turnover,
    approxTurnover: s.approxTurnover,
    referralCandidate: s.referralCandidate,
    referralReasons: s.referralReasons,
  };
}
