/**
 * Scoring sellers from what the store holds: a refresh recomputes every seller's figures,
 * links, score and blacklist flag; a manual blacklist change scores the seller's group again
 * at once. The store reads and writes; linking and risk are worked out here.
 */
import type { LiveBlacklistEntry, Rescore, SellerScore, Store, StoredFigures } from '../store';
import { aggregateSellers, type AggregatedSeller } from './aggregate';
import { linkSellers, nodeId, type SellerLink } from './identity';
import { referralVerdict } from './referral';
import { RISK_DEFAULTS, sellerRisk, sumFigures, type ManualEntry, type RiskOptions } from './risk';

export interface RefreshOptions extends RiskOptions {
  /** The clock (the window ends here). Default: now. */
  now?: Date;
}

export interface RefreshSummary {
  sellers: number;
  groups: number;
  links: number;
  blacklisted: number;
}

type Grouped = { groups: Map<string, AggregatedSeller[]>; linksOf: Map<string, SellerLink[]>; links: number };

/** The manual entry that applies to a group: the member's own first, else the first on any member. */
function manualFor(
  members: readonly { site: string; key: string }[],
  entries: ReadonlyMap<string, LiveBlacklistEntry>,
  self?: string,
): ManualEntry | null {
  const ids = members.map((m) => nodeId(m.site, m.key));
  const pick = (self && entries.get(self)) || ids.map((id) => entries.get(id)).find(Boolean);
  if (!pick) return null;
  const id = nodeId(pick.site, pick.key);
  return { reason: pick.reason, by: pick.by, at: pick.at, ...(self && id !== self ? { seller: id } : {}) };
}

const byNode = (live: readonly LiveBlacklistEntry[]) => new Map(live.map((e) => [nodeId(e.site, e.key), e]));

/** Sellers in linked groups, with each group's links. */
function groupSellers(sellers: readonly AggregatedSeller[]): Grouped {
  const { groupOf, links } = linkSellers(sellers.map((s) => s.node));
  const groups = new Map<string, AggregatedSeller[]>();
  for (const s of sellers) {
    const g = groupOf.get(nodeId(s.node.site, s.node.key))!;
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const linksOf = new Map<string, SellerLink[]>();
  for (const l of links) {
    const g = groupOf.get(l.a)!;
    linksOf.set(g, [...(linksOf.get(g) ?? []), l]);
  }
  return { groups, linksOf, links: links.length };
}

/** One score per seller: its group's figures and risk (in holder `holderId`'s own view when given). */
function scoreRows(
  grouped: Grouped,
  entries: ReadonlyMap<string, LiveBlacklistEntry>,
  o: { windowDays: number; threshold: number; now: Date; holderId?: string },
): SellerScore[] {
  const rows: SellerScore[] = [];
  for (const [groupId, members] of grouped.groups) {
    const memberRefs = members.map((m) => ({ site: m.node.site, key: m.node.key, name: m.node.name ?? null }));
    const group = sumFigures(
      members.map((m) => m.figures),
      new Set(members.map((m) => m.node.site)).size,
    );
    for (const m of members) {
      const manual = manualFor(memberRefs, entries, nodeId(m.node.site, m.node.key));
      const risk = sellerRisk(group, manual, { windowDays: o.windowDays, blacklistThreshold: o.threshold });
      const figures: StoredFigures = {
        own: m.figures,
        group,
        members: memberRefs,
        links: grouped.linksOf.get(groupId) ?? [],
        manual,
        windowDays: o.windowDays,
        threshold: o.threshold,
      };
      rows.push({
        ...(o.holderId ? { holderId: o.holderId } : {}),
        site: m.node.site,
        key: m.node.key,
        name: m.node.name ?? null,
        shopUrl: m.node.shopUrl ?? null,
        groupId,
        score: risk.score,
        reasons: risk.reasons,
        blacklisted: risk.blacklisted,
        figures,
        computedAt: o.now.toISOString(),
        approxTurnover: referralVerdict(m.figures.turnover).approxTotal?.amount ?? null,
      });
    }
  }
  return rows;
}

/**
 * Recomputes every seller's figures, links, score and blacklist flag from listings, hits,
 * verifications and the manual blacklist — once over every holder's hits (the whole view, for
 * reviewers and admins) and once per holder over that holder's hits alone (what a holder's
 * token sees) — and has the store replace both in one transaction. Run it after sweeps and
 * verification runs; manual blacklist changes apply at once without it.
 */
export async function refreshSellers(store: Pick<Store, 'sellers'>, o: RefreshOptions = {}): Promise<RefreshSummary> {
  const now = o.now ?? new Date();
  const windowDays = o.windowDays ?? RISK_DEFAULTS.windowDays;
  const threshold = o.blacklistThreshold ?? RISK_DEFAULTS.blacklistThreshold;
  const windowStart = new Date(now.getTime() - windowDays * 86_400_000);
  const sellers = aggregateSellers(await store.sellers.listingRows({ windowStart }));
  const all = groupSellers(sellers);
  const perHolder: { holderId: string; grouped: Grouped }[] = [];
  for (const holderId of await store.sellers.holdersWithHits()) {
    perHolder.push({
      holderId,
      grouped: groupSellers(
        aggregateSellers(await store.sellers.listingRows({ windowStart, holderId, withHitsOnly: true })),
      ),
    });
  }
  let blacklisted = 0;
  await store.sellers.replaceScores((live) => {
    const entries = byNode(live);
    const whole = scoreRows(all, entries, { windowDays, threshold, now });
    blacklisted = whole.filter((r) => r.blacklisted).length;
    return {
      whole,
      byHolder: perHolder.flatMap((h) =>
        scoreRows(h.grouped, entries, { windowDays, threshold, now, holderId: h.holderId }),
      ),
    };
  });
  return { sellers: sellers.length, groups: all.groups.size, links: all.links, blacklisted };
}

/** A stored seller scored again from the figures its last refresh kept, with today's manual entries. */
const rescore: Rescore = (row, live) => {
  const f = row.figures;
  const manual = manualFor(f.members, byNode(live), nodeId(row.site, row.key));
  const risk = sellerRisk(f.group, manual, { windowDays: f.windowDays, blacklistThreshold: f.threshold });
  return { ...risk, figures: { ...f, manual } };
};

/**
 * Puts a seller on the blacklist by hand (audited as `seller.blacklist`); `added: false` when
 * it already was. Its group is scored again at once. A seller not seen yet may be listed too:
 * its listings are boosted from the first one.
 */
export function blacklistSeller(
  store: Pick<Store, 'sellers'>,
  site: string,
  key: string,
  reason: string,
  actor: string,
): Promise<{ added: boolean }> {
  return store.sellers.blacklist(site, key, reason, actor, rescore);
}

/** Takes a seller's manual entry off (audited as `seller.unblacklist`); its score may still keep it listed. */
export function unblacklistSeller(
  store: Pick<Store, 'sellers'>,
  site: string,
  key: string,
  reason: string,
  actor: string,
): Promise<{ removed: boolean }> {
  return store.sellers.unblacklist(site, key, reason, actor, rescore);
}
