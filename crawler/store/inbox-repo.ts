import { canMoveHit, type FlagReason, type HitStatus, type Signal } from '../../shared/model';
import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import { isoUtc } from './sql';
import { foldTallies } from './tallies';

/** Whose records a caller may see: one holder, or every holder (null). */
export interface Scope {
  holderId: string | null;
}

export interface EvidenceRef {
  sha256: string;
  kind: string;
  contentType: string;
  size: number;
  capturedAt: string;
}

export interface HitView {
  id: number;
  status: HitStatus;
  score: number;
  signals: Signal[];
  listingUrl: string;
  site: string;
  kind: string;
  title: string;
  price: number | null;
  currency: string | null;
  sellerId: string | null;
  sellerName: string | null;
  itemId: string;
  itemTitle: string;
  holderId: string;
  evidence: EvidenceRef[];
  /**
   * Where title, price, currency and seller come from: the crawler's fetch, or (for a URL no sweep has fetched) this
   * holder's own flag.
   */
  listingSource: 'crawler' | 'flag';
  /** The latest flag, with the listing data its flagger sent (kept with the flag, never over the crawler's). */
  flag: { by: string; reason: FlagReason; note: string | null; at: string; listing?: FlagListing } | null;
  /**
   * The seller's repeat-infringer risk (0..1) and blacklist mark, from the
   * last seller refresh: for a holder's token, computed from that holder's
   * own hits (and the reviewers' manual blacklist); for reviewers and
   * admins, from every holder's.
   */
  sellerRisk: number | null;
  sellerBlacklisted: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
}

export interface FlagListing {
  title: string;
  price: number | null;
  currency: string | null;
  sellerId: string | null;
  sellerName: string | null;
}

export interface InboxFilter {
  status?: HitStatus;
  holderId?: string;
  itemId?: string;
  site?: string;
  /** Only these listings (canonical URLs): the extension's badges ask about one page's results at once. */
  listingUrls?: readonly string[];
  minScore?: number;
  maxScore?: number;
  /** First seen at or after / before (ISO 8601). */
  since?: string;
  until?: string;
}

export interface InboxPage {
  /** `risk`: the hit's score plus half its seller's risk, so repeat infringers rise. */
  sort: 'score' | 'date' | 'risk';
  order: 'asc' | 'desc';
  limit: number;
  /** Keyset position: the sort value and id of the last hit of the previous page. */
  after?: { value: number | string; id: number };
}

/**
 * A seller's risk as the inbox ranks by it: its score, and at least the
 * blacklist threshold (0.5) when blacklisted — a reviewer's blacklisting
 * counts even before the seller's own figures reach it. Through numeric, as
 * the row gives it, so the API can rebuild the exact cursor value.
 */
const SELLER_RISK =
  `(CASE WHEN ss.blacklisted THEN GREATEST(ss.score::numeric, 0.5)::float8 ELSE ` + `ss.score::numeric::float8 END)`;

/**
 * The hit with its listing as its holder sees it and its seller's risk as
 * the caller may see it: a holder's own view (from its hits alone), or the
 * whole (every holder's hits) for reviewers and admins.
 */
const selectFor = (
  scope: Scope,
  extra?: string,
) => `SELECT ${extra ? `${extra}, ` : ''}h.id::int AS id, h.status, h.score::numeric::float8 AS score, h.signals,
    h.listing_url AS "listingUrl", l.site, l.kind, l.title, l.price::float8 AS price, l.currency,
    l.source AS "listingSource",
    l.seller_id AS "sellerId", l.seller_name AS "sellerName", h.item_id AS "itemId", i.title AS "itemTitle",
    i.holder_id AS "holderId", h.flag, h.evidence_sha256 AS "crawlEvidence",
    ${SELLER_RISK} AS "sellerRisk", COALESCE(ss.blacklisted, false) AS "sellerBlacklisted",
    ${isoUtc('h.first_seen_at', 'us')} AS "firstSeenAt", ${isoUtc('h.last_seen_at', 'us')} AS "lastSeenAt",
    ${isoUtc('h.updated_at', 'us')} AS "updatedAt"
  FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id
  ${
    scope.holderId === null
      ? 'LEFT JOIN seller_scores ss ON'
      : 'LEFT JOIN holder_seller_scores ss ON ' + 'ss.holder_id = i.holder_id AND'
  } ss.site = l.site
    AND ss.seller_key = COALESCE(l.seller_id, 'name:' || l.seller_name)`;

/**
 * `risk` as stored on the hit (migration 040): the whole view's for reviewers and admins, the
 * hit's holder's own for a holder's token — the same expression the inbox shows as sellerRisk.
 */
const riskColumn = (scope: Scope) => (scope.holderId === null ? 'h.risk_all' : 'h.risk_own');

/** Conditions for a scope plus filters, pushing their parameters onto `params`. */
function conditions(scope: Scope, f: InboxFilter, params: unknown[]): string[] {
  const clauses: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (scope.holderId !== null) clauses.push(`h.holder_id = ${p(scope.holderId)}`);
  if (f.status) clauses.push(`h.status = ${p(f.status)}`);
  if (f.holderId) clauses.push(`h.holder_id = ${p(f.holderId)}`);
  if (f.itemId) clauses.push(`h.item_id = ${p(f.itemId)}`);
  // Holder and site as kept on the hit (migration 040): a filter, not a join per row scanned.
  if (f.site) clauses.push(`h.site = ${p(f.site)}`);
  if (f.listingUrls) clauses.push(`h.listing_url = ANY(${p([...f.listingUrls])}::text[])`);
  // float4 on both sides, so a hit scoring exactly the bound is kept.
  if (f.minScore !== undefined) clauses.push(`h.score >= ${p(f.minScore)}::real`);
  if (f.maxScore !== undefined) clauses.push(`h.score <= ${p(f.maxScore)}::real`);
  if (f.since) clauses.push(`h.first_seen_at >= ${p(f.since)}::timestamptz`);
  if (f.until) clauses.push(`h.first_seen_at < ${p(f.until)}::timestamptz`);
  return clauses;
}

function whereOf(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

type Row = Omit<HitView, 'evidence'> & { crawlEvidence: string | null };

export function createInboxRepository(db: Db) {
  async function withEvidence(rows: Row[], q: Queryable = db): Promise<HitView[]> {
    if (rows.length === 0) return [];
    const { rows: ev } = await q.query<EvidenceRef & { hitId: number }>(
      `SELECT x.hit_id::int AS "hitId", e.sha256, e.kind, e.content_type AS "contentType", e.size,
        ${isoUtc('e.captured_at', 'us')} AS "capturedAt"
         FROM (SELECT hit_id, sha256 FROM hit_evidence WHERE hit_id = ANY($1::bigint[])
               UNION SELECT id, evidence_sha256 FROM hits WHERE id = ANY($1::bigint[])
               AND evidence_sha256 IS NOT NULL) x
         JOIN evidence e ON e.sha256 = x.sha256
        ORDER BY e.captured_at, e.sha256`,
      [rows.map((r) => r.id)],
    );
    const byHit = new Map<number, EvidenceRef[]>();
    for (const { hitId, ...ref } of ev) byHit.set(hitId, [...(byHit.get(hitId) ?? []), ref]);
    return rows.map(({ crawlEvidence: _, ...r }) => ({ ...r, evidence: byHit.get(r.id) ?? [] }));
  }

  async function get(id: number, scope: Scope, q: Queryable = db): Promise<HitView | null> {
    const params: unknown[] = [];
    const clauses = conditions(scope, {}, params);
    params.push(id);
    clauses.push(`h.id = $${params.length}`);
    const { rows } = await q.query<Row>(`${selectFor(scope)} ${whereOf(clauses)}`, params);
    return rows[0] ? (await withEvidence(rows, q))[0]! : null;
  }

  return {
    get,

    /**
     * One page in (sort value, id) order, walking an index from the cursor on: the cursor is a
     * row comparison, which bounds the index scan (an OR of the two columns would not). `last`
     * is the last hit's sort value and id, the next page's cursor.
     */
    async list(
      scope: Scope,
      filter: InboxFilter,
      page: InboxPage,
    ): Promise<{ hits: HitView[]; last: { value: number | string; id: number } | null }> {
      const params: unknown[] = [];
      const clauses = conditions(scope, filter, params);
      const col = page.sort === 'score' ? 'h.score' : page.sort === 'risk' ? riskColumn(scope) : 'h.first_seen_at';
      const cast = page.sort === 'score' ? '::real' : page.sort === 'risk' ? '::float8' : '::timestamptz';
      const value =
        page.sort === 'score'
          ? 'h.score::numeric::float8'
          : page.sort === 'risk'
            ? riskColumn(scope)
            : isoUtc('h.first_seen_at', 'us');
      const dir = page.order === 'desc' ? 'DESC' : 'ASC';
      const cmp = page.order === 'desc' ? '<' : '>';
      if (page.after) {
        params.push(page.after.value, page.after.id);
        clauses.push(`(${col}, h.id) ${cmp} ($${params.length - 1}${cast}, $${params.length}::bigint)`);
      }
      params.push(page.limit);
      const { rows } = await db.query<Row & { sortValue: number | string }>(
        `${selectFor(scope, `${value} AS "sortValue"`)} ${whereOf(clauses)}
          ORDER BY ${col} ${dir}, h.id ${dir} LIMIT $${params.length}`,
        params,
      );
      const tail = rows.at(-1);
      const hits = await withEvidence(rows.map(({ sortValue: _, ...r }) => r));
      return { hits, last: tail ? { value: tail.sortValue, id: tail.id } : null };
    },

    /**
     * Hits per status under the same filters (the status filter itself left out). A filter of
     * holder, site or item alone reads the tallies (migration 041); score and date ranges, and
     * site and item together, count the hits (an item has few).
     */
    async counts(scope: Scope, filter: InboxFilter): Promise<Record<HitStatus, number>> {
      const counts = { new: 0, confirmed: 0, dismissed: 0, notice_sent: 0, removed: 0, rejected: 0, relisted: 0 };
      const ranged = [filter.minScore, filter.maxScore, filter.since, filter.until].some((v) => v !== undefined);
      let rows: { status: HitStatus; n: number }[];
      if (!ranged && !(filter.site && filter.itemId)) {
        await foldTallies(db);
        const holders = [scope.holderId, filter.holderId ?? null];
        const byItem = filter.itemId !== undefined;
        ({ rows } = await db.query<{ status: HitStatus; n: number }>(
          `SELECT status, sum(hits)::int AS n FROM ${byItem ? 'hit_tallies_item' : 'hit_tallies_site'}
            WHERE ($1::text IS NULL OR holder_id = $1) AND ($2::text IS NULL OR holder_id = $2)
              AND ${byItem ? 'item_id' : '($3::text IS NULL OR site'} = $3${byItem ? '' : ')'} GROUP BY status`,
          [...holders, byItem ? filter.itemId : (filter.site ?? null)],
        ));
      } else {
        const params: unknown[] = [];
        const w = whereOf(conditions(scope, { ...filter, status: undefined }, params));
        ({ rows } = await db.query<{ status: HitStatus; n: number }>(
          `SELECT h.status, count(*)::int AS n
             FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id ${w}
            GROUP BY h.status`,
          params,
        ));
      }
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },

    /**
     * Moves each hit to `status` in one transaction, locking rows in id order
     * (no deadlock between two bulk changes). A hit already in that status is
     * left alone and not audited; a move the workflow forbids is refused.
     */
    async setStatus(
      ids: number[],
      status: HitStatus,
      reason: string,
      actor: string,
      scope: Scope,
    ): Promise<
      { id: number; applied: boolean; status: HitStatus | null; error?: { code: string; message: string } }[]
    > {
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      return db.transaction(async (tx) => {
        const out = new Map<
          number,
          { id: number; applied: boolean; status: HitStatus | null; error?: { code: string; message: string } }
        >();
        for (const id of unique) {
          const params: unknown[] = [];
          const clauses = conditions(scope, {}, params);
          params.push(id);
          clauses.push(`h.id = $${params.length}`);
          const { rows } = await tx.query<{ status: HitStatus }>(
            `SELECT h.status FROM hits h JOIN items i ON i.id = h.item_id ${whereOf(clauses)} FOR UPDATE OF h`,
            params,
          );
          const current = rows[0]?.status;
          if (!current) {
            out.set(id, { id, applied: false, status: null, error: { code: 'not_found', message: `no hit ${id}` } });
          } else if (current === status) {
            out.set(id, { id, applied: false, status });
          } else if (!canMoveHit(current, status)) {
            out.set(id, {
              id,
              applied: false,
              status: current,
              error: { code: 'invalid_transition', message: `hit ${id} is ${current}; it cannot become ${status}` },
            });
          } else {
            await tx.query('UPDATE hits SET status = $1, updated_at = now() WHERE id = $2', [status, id]);
            await appendAudit(tx, {
              actor,
              action: 'hit.status',
              target: `hit:${id}`,
              before: { status: current },
              after: { status },
              reason,
            });
            out.set(id, { id, applied: true, status });
          }
        }
        return ids.map((id) => out.get(id)!);
      });
    },
  };
}
export type InboxRepository = ReturnType<typeof createInboxRepository>;
