import type { HitStatus, Signal } from '../../shared/model';
import type { Queryable } from './db';
import { isoUtc } from './sql';

export interface HitInput {
  listingUrl: string;
  itemId: string;
  score: number;
  signals: Signal[];
  sweepId?: string;
  evidenceSha256?: string;
}

/** A hit joined with what a report shows about its listing and item. */
export interface HitRow {
  id: number;
  listingUrl: string;
  itemId: string;
  itemTitle: string;
  holderId: string;
  holderName: string;
  score: number;
  signals: Signal[];
  status: HitStatus;
  sweepId: string | null;
  evidenceSha256: string | null;
  site: string;
  kind: string;
  title: string;
  price: number | null;
  currency: string | null;
  sellerId: string | null;
  sellerName: string | null;
  referencePrice: { amount: number; currency: string } | null;
  lastSeenAt: string;
}

export interface HitFilter {
  status?: HitStatus;
  minScore?: number;
  sweepIds?: string[];
  limit?: number;
  /** Keyset: only hits after this one in (score, id) order, descending (`pages` sets it). */
  after?: { score: number; id: number };
}

/** What `list` returns at most when no limit is given. */
export const HIT_LIST_CAP = 100_000;

export function createHitRepository(db: Queryable) {
  const repo = {
    /**
     * Upsert on listing × item, so a re-sweep (or a redelivered job) updates
     * the score and reasons instead of adding a second hit, and never resets
     * a reviewer's status.
     */
    async upsert(hit: HitInput): Promise<number> {
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO hits (listing_url, item_id, score, signals, sweep_id, evidence_sha256)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (listing_url, item_id) DO UPDATE SET score = excluded.score, signals = excluded.signals,
           sweep_id = excluded.sweep_id, evidence_sha256 = COALESCE(excluded.evidence_sha256, hits.evidence_sha256),
           last_seen_at = now()
         RETURNING id`,
        [
          hit.listingUrl,
          hit.itemId,
          hit.score,
          JSON.stringify(hit.signals),
          hit.sweepId ?? null,
          hit.evidenceSha256 ?? null,
        ],
      );
      return Number(rows[0]!.id);
    },

    /**
     * A relisted listing's hit on the removed hit's item. New: with the given score and signals
     * (for review and a fresh notice). Already there (a sweep found it): keeps its own score and
     * status and only gains `mark` (the relist signal), once.
     */
    async upsertRelist(hit: HitInput & { mark: Signal }): Promise<number> {
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO hits (listing_url, item_id, score, signals, evidence_sha256)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (listing_url, item_id) DO UPDATE SET
           signals = CASE WHEN hits.signals @> $6::jsonb THEN hits.signals ELSE hits.signals || $6::jsonb END,
           evidence_sha256 = COALESCE(hits.evidence_sha256, excluded.evidence_sha256), last_seen_at = now()
         RETURNING id::int AS id`,
        [
          hit.listingUrl,
          hit.itemId,
          hit.score,
          JSON.stringify(hit.signals),
          hit.evidenceSha256 ?? null,
          JSON.stringify([hit.mark]),
        ],
      );
      return rows[0]!.id;
    },

    /**
     * `score` is stored as float4: read it back through numeric (0.7, not
     * 0.699999988) and compare `minScore` as float4 too, so a hit scoring
     * exactly the minimum is not dropped.
     */
    async list(filter: HitFilter = {}): Promise<HitRow[]> {
      const { rows } = await db.query<HitRow>(
        `SELECT h.id::int AS "id", h.listing_url AS "listingUrl", h.item_id AS "itemId", i.title AS "itemTitle",
                i.holder_id AS "holderId", ho.name AS "holderName", h.score::numeric::float8 AS "score", h.signals,
                h.status, h.sweep_id AS "sweepId", h.evidence_sha256 AS "evidenceSha256",
                l.site, l.kind, l.title, l.price::float8 AS "price", l.currency, l.seller_id AS "sellerId",
                l.seller_name AS "sellerName", i.data->'referencePrice' AS "referencePrice",
                ${isoUtc('h.last_seen_at')} AS "lastSeenAt"
           FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id
           JOIN holders ho ON ho.id = i.holder_id
          WHERE ($1::text IS NULL OR h.status = $1)
            AND ($2::float8 IS NULL OR h.score >= $2::real)
            AND ($3::text[] IS NULL OR h.sweep_id = ANY($3))
            AND ($5::float8 IS NULL OR (h.score, h.id) < ($5::real, $6::bigint))
          ORDER BY h.score DESC, ${filter.after ? 'h.id DESC' : 'h.listing_url'}
          LIMIT $4`,
        [
          filter.status ?? null,
          filter.minScore ?? null,
          filter.sweepIds ?? null,
          filter.limit ?? HIT_LIST_CAP,
          filter.after?.score ?? null,
          filter.after?.id ?? null,
        ],
      );
      return rows;
    },

    /**
     * Every hit under the filter, a page at a time in (score, id) order, each page read from
     * where the last one ended (an index range, not an offset): bounded memory for any count.
     */
    async *pages(filter: Omit<HitFilter, 'limit' | 'after'>, size = 5000): AsyncGenerator<HitRow[]> {
      let after: HitFilter['after'] = { score: 2, id: 0 };
      for (;;) {
        const page = await repo.list({ ...filter, after, limit: size });
        if (page.length > 0) yield page;
        if (page.length < size) return;
        const last = page.at(-1)!;
        after = { score: last.score, id: last.id };
      }
    },
  };
  return repo;
}
export type HitRepository = ReturnType<typeof createHitRepository>;
