import type { Signal } from '../../../shared/model';
import { appendAudit } from '../../store/audit-repo';
import type { Db, Queryable } from '../../store/db';
import { aggregateSellers, sellerListingRows, type AggregatedSeller } from './aggregate';
import type { BoostSeller, SellerBoostIndex } from '../../pipeline/seller-boost';
import { linkSellers, nodeId, sellerKey, type SellerLink } from './identity';
import { RISK_DEFAULTS, sellerRisk, sumFigures, type ManualEntry, type RiskOptions, type SellerFigures } from './risk';
import { isoUtc } from '../../store/sql';

/** A seller as the repeat-infringer list shows it. */
export interface SellerRecord {
  site: string;
  /** Seller id on the site, or `name:<seller name>` when the site gave none. */
  key: string;
  name: string | null;
  shopUrl: string | null;
  /** The smallest `site/key` of its linked group (itself when unlinked). */
  groupId: string;
  /** The group's risk score and reasons (a person behind several shops is judged as one). */
  score: number;
  reasons: Signal[];
  blacklisted: boolean;
  /** The live manual blacklist entry on this seller or a linked one. */
  manual: ManualEntry | null;
  /** This seller's own figures. */
  figures: SellerFigures;
  group: { members: { site: string; key: string; name: string | null }[]; figures: SellerFigures; links: SellerLink[] };
  windowDays: number;
  computedAt: string;
}

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

interface StoredFigures {
  own: SellerFigures;
  group: SellerFigures;
  members: { site: string; key: string; name: string | null }[];
  links: SellerLink[];
  manual: ManualEntry | null;
  windowDays: number;
  threshold: number;
}

interface LiveEntry {
  site: string;
  key: string;
  reason: string;
  by: string;
  at: string;
}

export interface BlacklistEntry extends LiveEntry {
  id: number;
  removedBy: string | null;
  removedAt: string | null;
}


async function liveEntries(q: Queryable): Promise<LiveEntry[]> {
  const { rows } = await q.query<LiveEntry>(
    `SELECT site, seller_key AS key, reason, added_by AS by, ${isoUtc('added_at')} AS at FROM seller_blacklist WHERE removed_at IS NULL ORDER BY id`,
  );
  return rows;
}

/** The manual entry that applies to a group: the member's own first, else the first on any member. */
function manualFor(members: readonly { site: string; key: string }[], entries: ReadonlyMap<string, LiveEntry>, self?: string): ManualEntry | null {
  const ids = members.map((m) => nodeId(m.site, m.key));
  const pick = (self && entries.get(self)) || ids.map((id) => entries.get(id)).find(Boolean);
  if (!pick) return null;
  const id = nodeId(pick.site, pick.key);
  return { reason: pick.reason, by: pick.by, at: pick.at, ...(self && id !== self ? { seller: id } : {}) };
}

const SELECT = `SELECT site, seller_key AS key, seller_name AS name, shop_url AS "shopUrl", group_id AS "groupId",
  score::numeric::float8 AS score, reasons, blacklisted, figures, ${isoUtc('computed_at')} AS "computedAt" FROM seller_scores`;

type Row = Omit<SellerRecord, 'manual' | 'figures' | 'group' | 'windowDays'> & { figures: StoredFigures };

const toRecord = (r: Row): SellerRecord => ({
  ...r,
  manual: r.figures.manual,
  figures: r.figures.own,
  group: { members: r.figures.members, figures: r.figures.group, links: r.figures.links },
  windowDays: r.figures.windowDays,
});

export interface SellerListFilter {
  site?: string;
  blacklistedOnly?: boolean;
  minScore?: number;
  /** `score` (default): risk, then confirmed; `confirmed`: confirmed in the window, then risk. */
  sort?: 'score' | 'confirmed';
  limit?: number;
}

/** Sellers in linked groups, with each group's links. */
function groupSellers(sellers: readonly AggregatedSeller[]): { groups: Map<string, AggregatedSeller[]>; linksOf: Map<string, SellerLink[]>; links: number } {
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

/** One seller_scores (or holder_seller_scores) row per seller: its group's figures and risk. */
function scoreRows(
  grouped: ReturnType<typeof groupSellers>,
  entries: ReadonlyMap<string, LiveEntry>,
  o: { windowDays: number; threshold: number; now: Date; holderId?: string },
): { rows: Record<string, unknown>[]; blacklisted: number } {
  const rows: Record<string, unknown>[] = [];
  let blacklisted = 0;
  for (const [groupId, members] of grouped.groups) {
    const memberRefs = members.map((m) => ({ site: m.node.site, key: m.node.key, name: m.node.name ?? null }));
    const group = sumFigures(members.map((m) => m.figures), new Set(members.map((m) => m.node.site)).size);
    for (const m of members) {
      const manual = manualFor(memberRefs, entries, nodeId(m.node.site, m.node.key));
      const risk = sellerRisk(group, manual, { windowDays: o.windowDays, blacklistThreshold: o.threshold });
      if (risk.blacklisted) blacklisted++;
      const figures: StoredFigures = { own: m.figures, group, members: memberRefs, links: grouped.linksOf.get(groupId) ?? [], manual, windowDays: o.windowDays, threshold: o.threshold };
      rows.push({
        ...(o.holderId ? { holder_id: o.holderId } : {}),
        site: m.node.site, seller_key: m.node.key, seller_name: m.node.name ?? null, shop_url: m.node.shopUrl ?? null, group_id: groupId,
        score: risk.score, reasons: risk.reasons, blacklisted: risk.blacklisted, figures, computed_at: o.now.toISOString(),
      });
    }
  }
  return { rows, blacklisted };
}

/** Inserts score rows in statements of 5,000, the rows travelling as one JSON parameter. */
async function insertScores(tx: Queryable, table: 'seller_scores' | 'holder_seller_scores', rows: readonly Record<string, unknown>[]): Promise<void> {
  const holder = table === 'holder_seller_scores' ? 'holder_id, ' : '';
  const holderType = holder ? 'holder_id text, ' : '';
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.query(
      `INSERT INTO ${table} (${holder}site, seller_key, seller_name, shop_url, group_id, score, reasons, blacklisted, figures, computed_at)
       SELECT ${holder}site, seller_key, seller_name, shop_url, group_id, score, reasons, blacklisted, figures, computed_at
         FROM jsonb_to_recordset($1::jsonb) AS x(${holderType}site text, seller_key text, seller_name text, shop_url text, group_id text,
              score real, reasons jsonb, blacklisted boolean, figures jsonb, computed_at timestamptz)`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

export function createSellerRepository(db: Db) {
  /**
   * Recomputes the score of the seller's group after a manual change, from
   * the figures stored at the last refresh: in the whole view and in each
   * holder's own view that has the seller.
   */
  async function rescoreGroup(tx: Queryable, site: string, key: string): Promise<void> {
    const entries = new Map((await liveEntries(tx)).map((e) => [nodeId(e.site, e.key), e]));
    const views = [
      ...(await tx.query<{ holderId: null; groupId: string }>('SELECT NULL AS "holderId", group_id AS "groupId" FROM seller_scores WHERE site = $1 AND seller_key = $2', [site, key])).rows,
      ...(await tx.query<{ holderId: string; groupId: string }>('SELECT holder_id AS "holderId", group_id AS "groupId" FROM holder_seller_scores WHERE site = $1 AND seller_key = $2 ORDER BY holder_id', [site, key])).rows,
    ];
    for (const v of views) {
      const table = v.holderId === null ? 'seller_scores' : 'holder_seller_scores';
      const own = v.holderId === null ? [] : [v.holderId];
      const { rows } = await tx.query<{ site: string; key: string; figures: StoredFigures }>(
        `SELECT site, seller_key AS key, figures FROM ${table} WHERE group_id = $1${own.length ? ' AND holder_id = $2' : ''} FOR UPDATE`,
        [v.groupId, ...own],
      );
      for (const r of rows) {
        const f = r.figures;
        const manual = manualFor(f.members, entries, nodeId(r.site, r.key));
        const risk = sellerRisk(f.group, manual, { windowDays: f.windowDays, blacklistThreshold: f.threshold });
        await tx.query(
          `UPDATE ${table} SET score = $3, reasons = $4, blacklisted = $5, figures = $6 WHERE site = $1 AND seller_key = $2${own.length ? ' AND holder_id = $7' : ''}`,
          [r.site, r.key, risk.score, JSON.stringify(risk.reasons), risk.blacklisted, JSON.stringify({ ...f, manual }), ...own],
        );
      }
    }
  }

  return {
    /**
     * Recomputes every seller's figures, links, score and blacklist flag
     * from listings, hits, verifications and the manual blacklist — once
     * over every holder's hits (seller_scores, for reviewers and admins) and
     * once per holder over that holder's hits alone (holder_seller_scores,
     * what a holder's token sees) — and replaces both tables in one
     * transaction (readers see the old tables or the new ones). Run it after
     * sweeps and verification runs; manual blacklist changes apply at once
     * without it.
     */
    async refresh(o: RefreshOptions = {}): Promise<RefreshSummary> {
      const now = o.now ?? new Date();
      const windowDays = o.windowDays ?? RISK_DEFAULTS.windowDays;
      const threshold = o.blacklistThreshold ?? RISK_DEFAULTS.blacklistThreshold;
      const windowStart = new Date(now.getTime() - windowDays * 86_400_000);
      const sellers = aggregateSellers(await sellerListingRows(db, { windowStart }));
      const all = groupSellers(sellers);
      const { rows: holders } = await db.query<{ id: string }>('SELECT DISTINCT i.holder_id AS id FROM hits h JOIN items i ON i.id = h.item_id ORDER BY 1');
      const perHolder: { holderId: string; grouped: ReturnType<typeof groupSellers> }[] = [];
      for (const { id } of holders) {
        perHolder.push({ holderId: id, grouped: groupSellers(aggregateSellers(await sellerListingRows(db, { windowStart, holderId: id, withHitsOnly: true }))) });
      }
      return db.transaction(async (tx) => {
        const entries = new Map((await liveEntries(tx)).map((e) => [nodeId(e.site, e.key), e]));
        const whole = scoreRows(all, entries, { windowDays, threshold, now });
        await tx.query('DELETE FROM seller_scores');
        await insertScores(tx, 'seller_scores', whole.rows);
        await tx.query('DELETE FROM holder_seller_scores');
        for (const h of perHolder) await insertScores(tx, 'holder_seller_scores', scoreRows(h.grouped, entries, { windowDays, threshold, now, holderId: h.holderId }).rows);
        return { sellers: sellers.length, groups: all.groups.size, links: all.links, blacklisted: whole.blacklisted };
      });
    },

    /** Sellers from the last refresh: riskiest first (or most confirmed), optionally only the blacklist. */
    async list(f: SellerListFilter = {}): Promise<SellerRecord[]> {
      const order = f.sort === 'confirmed'
        ? `(figures->'group'->>'confirmedInWindow')::int DESC, score DESC`
        : `score DESC, (figures->'group'->>'confirmedInWindow')::int DESC`;
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE ($1::text IS NULL OR site = $1) AND (NOT $2::boolean OR blacklisted) AND ($3::float8 IS NULL OR score >= $3::real)
          ORDER BY ${order}, site, seller_key LIMIT $4`,
        [f.site ?? null, f.blacklistedOnly ?? false, f.minScore ?? null, f.limit ?? 1000],
      );
      return rows.map(toRecord);
    },

    async get(site: string, key: string): Promise<SellerRecord | null> {
      const { rows } = await db.query<Row>(`${SELECT} WHERE site = $1 AND seller_key = $2`, [site, key]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    /** The seller of a listing (by the listing's seller id, else its name), as the last refresh saw it. */
    async forListing(site: string, seller: { id?: string | null; name?: string | null } | undefined): Promise<SellerRecord | null> {
      const key = sellerKey(seller?.id, seller?.name);
      return key ? this.get(site, key) : null;
    },

    /**
     * Puts a seller on the blacklist by hand (audited as `seller.blacklist`).
     * A seller already on it is left alone (`added: false`). Its group is
     * rescored at once. A seller not seen yet may be listed too: its
     * listings are boosted from the first one.
     */
    async blacklist(site: string, key: string, reason: string, actor: string): Promise<{ added: boolean }> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO seller_blacklist (site, seller_key, reason, added_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (site, seller_key) WHERE removed_at IS NULL DO NOTHING RETURNING id::int AS id`,
          [site, key, reason, actor],
        );
        if (!rows[0]) return { added: false };
        await appendAudit(tx, { actor, action: 'seller.blacklist', target: `seller:${site}/${key}`, after: { blacklisted: true, entry: rows[0].id }, reason });
        await rescoreGroup(tx, site, key);
        return { added: true };
      });
    },

    /** Takes a seller's manual entry off (audited as `seller.unblacklist`); its score may still keep it listed. */
    async unblacklist(site: string, key: string, reason: string, actor: string): Promise<{ removed: boolean }> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `UPDATE seller_blacklist SET removed_at = now(), removed_by = $3 WHERE site = $1 AND seller_key = $2 AND removed_at IS NULL RETURNING id::int AS id`,
          [site, key, actor],
        );
        if (!rows[0]) return { removed: false };
        await appendAudit(tx, { actor, action: 'seller.unblacklist', target: `seller:${site}/${key}`, before: { blacklisted: true, entry: rows[0].id }, reason });
        await rescoreGroup(tx, site, key);
        return { removed: true };
      });
    },

    /** Blacklisted sellers as each holder sees them, in memory for a sweep's match stage. */
    boostIndex: () => loadSellerBoostIndex(db),

    /** Manual entries, newest first; `live` only those not taken off. */
    async entries(o: { live?: boolean } = {}): Promise<BlacklistEntry[]> {
      const { rows } = await db.query<BlacklistEntry>(
        `SELECT id::int AS id, site, seller_key AS key, reason, added_by AS by, ${isoUtc('added_at')} AS at,
                removed_by AS "removedBy", ${isoUtc('removed_at')} AS "removedAt"
           FROM seller_blacklist WHERE (NOT $1::boolean OR removed_at IS NULL) ORDER BY id DESC`,
        [o.live ?? false],
      );
      return rows;
    },
  };
}
export type SellerRepository = ReturnType<typeof createSellerRepository>;

/**
 * Every blacklisted seller, as each holder sees it: a holder's own view (its hits alone, plus
 * the reviewers' manual blacklist) from the last refresh, and manual entries for sellers no
 * refresh has seen yet. A match is boosted from the view of the holder whose item it is, so
 * one holder's confirmed hits never show in another holder's hit. Load it once per sweep (or
 * per worker, refreshed now and then), next to the Matcher.
 */
export async function loadSellerBoostIndex(db: Queryable): Promise<SellerBoostIndex> {
  const { rows } = await db.query<Row & { holderId: string }>(
    `SELECT holder_id AS "holderId", site, seller_key AS key, seller_name AS name, score::numeric::float8 AS score, figures
       FROM holder_seller_scores WHERE blacklisted`,
  );
  const byHolder = new Map<string, BoostSeller>();
  for (const r of rows) {
    const f = r.figures;
    byHolder.set(`${r.holderId}\u0000${nodeId(r.site, r.key)}`, {
      site: r.site, key: r.key, name: r.name, blacklisted: true, score: r.score,
      confirmedInWindow: f.group.confirmedInWindow, windowDays: f.windowDays, manualReason: f.manual?.reason ?? null,
    });
  }
  // The reviewers' own blacklist is meant for every holder.
  const manual = new Map<string, BoostSeller>();
  for (const e of await liveEntries(db)) {
    const id = nodeId(e.site, e.key);
    if (!manual.has(id)) {
      manual.set(id, { site: e.site, key: e.key, name: e.key.startsWith('name:') ? e.key.slice(5) : null, blacklisted: true, score: 0, confirmedInWindow: 0, windowDays: RISK_DEFAULTS.windowDays, manualReason: e.reason });
    }
  }
  return {
    get(site, seller, holderId) {
      const key = sellerKey(seller?.id, seller?.name);
      if (!key) return undefined;
      const id = nodeId(site, key);
      return byHolder.get(`${holderId}\u0000${id}`) ?? manual.get(id);
    },
    get size() {
      return byHolder.size + manual.size;
    },
  };
}
