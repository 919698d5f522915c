import type { SellerFilter, Store } from '../store';
import { aggregateSellers } from './aggregate';
import { nodeId } from './identity';
import { DEFAULT_REFERRAL_THRESHOLDS, referralVerdict, type ReferralThresholds } from './referral';
import { RISK_DEFAULTS, type SellerFigures } from './risk';

export interface TopSellersOptions extends SellerFilter {
  /**
   * Whose view of each seller's risk (score, group, blacklist mark): a
   * holder's own, computed from its hits alone — what a holder's token gets —
   * or, null or absent, the whole, from every holder's hits.
   */
  riskView?: string | null;
  /** `confirmed` (default): most confirmed listings first; `turnover`: largest estimated turnover first. */
  by?: 'confirmed' | 'turnover';
  limit?: number;
  referral?: ReferralThresholds;
  windowDays?: number;
  now?: Date;
  /**
   * Read the figures the last seller refresh stored, in order from the store, instead of
   * counting every hit in the filter now (the API's choice: at a year's volume the count
   * takes seconds). Applies when the filter names at most a holder and a site, the window and
   * clock are the refresh's own, and the refresh has ranked that view; otherwise counted now.
   */
  stored?: boolean;
}

export interface TopSeller {
  site: string;
  key: string;
  name: string | null;
  /**
   * Its linked group and risk in the `riskView`, from the last seller refresh (null if it has not seen this seller
   * yet).
   */
  groupId: string | null;
  score: number | null;
  blacklisted: boolean;
  /** Within the filter (holder, item, campaign, site). */
  figures: SellerFigures;
  /** Estimated turnover of confirmed listings: price × sold count, per currency. */
  turnover: Record<string, number>;
  /** The same in the referral fallback currency, approximately; null when a currency has no rate. */
  approxTurnover: { amount: number; currency: string } | null;
  referralCandidate: boolean;
  referralReasons: string[];
}

/**
 * Top sellers by confirmed listings or by estimated turnover, computed from
 * the hits within the filter (so a holder's figures count only its own
 * items' hits), each with its criminal-referral verdict. Sellers with no
 * hit in the filter are left out.
 */
export async function topSellers(store: Pick<Store, 'sellers'>, o: TopSellersOptions = {}): Promise<TopSeller[]> {
  if (o.stored && !o.itemId && !o.campaign && !o.now && o.windowDays === undefined) {
    const rows = await store.sellers.topStored({
      holderId: o.holderId,
      riskView: o.riskView,
      site: o.site,
      by: o.by ?? 'confirmed',
      limit: o.limit ?? 50,
    });
    if (rows) return rows.map((r) => ranked(r, { ...r.figures, listings: r.figures.hitListings }, o.referral));
  }
  const now = o.now ?? new Date();
  const windowDays = o.windowDays ?? RISK_DEFAULTS.windowDays;
  const rows = await store.sellers.listingRows({
    ...o,
    windowStart: new Date(now.getTime() - windowDays * 86_400_000),
    withHitsOnly: true,
  });
  const sellers = aggregateSellers(rows);
  const ids = sellers.map((s) => nodeId(s.node.site, s.node.key));
  const scores = await store.sellers.scoresOf(ids, o.riskView);
  const scored = new Map(scores.map((s) => [nodeId(s.site, s.key), s]));
  const out: TopSeller[] = sellers.map(({ node, figures }) => {
    const s = scored.get(nodeId(node.site, node.key));
    return ranked({ site: node.site, key: node.key, name: node.name ?? null, ...s }, figures, o.referral);
  });
  const money = (t: TopSeller) => t.approxTurnover?.amount ?? -1;
  const tie = (a: TopSeller, b: TopSeller) => a.site.localeCompare(b.site) || a.key.localeCompare(b.key);
  out.sort(
    o.by === 'turnover'
      ? (a, b) => money(b) - money(a) || b.figures.confirmed - a.figures.confirmed || tie(a, b)
      : (a, b) => b.figures.confirmed - a.figures.confirmed || money(b) - money(a) || tie(a, b),
  );
  return out.slice(0, o.limit ?? 50);
}

/** A seller with its figures and the referral verdict on them. */
function ranked(
  s: { site: string; key: string; name: string | null; groupId?: string | null; score?: number | null } & {
    blacklisted?: boolean | null;
  },
  figures: SellerFigures,
  referral: ReferralThresholds = DEFAULT_REFERRAL_THRESHOLDS,
): TopSeller {
  const verdict = referralVerdict(figures.turnover, referral);
  return {
    site: s.site,
    key: s.key,
    name: s.name,
    groupId: s.groupId ?? null,
    score: s.score ?? null,
    blacklisted: s.blacklisted ?? false,
    figures,
    turnover: figures.turnover,
    approxTurnover: verdict.approxTotal,
    referralCandidate: verdict.referralCandidate,
    referralReasons: verdict.reasons,
  };
}
