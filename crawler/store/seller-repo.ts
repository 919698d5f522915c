/**
 * Repeat infringers as stored: the listing rows seller figures are counted from, the scores a
 * refresh wrote (seller_scores for the whole view, holder_seller_scores per holder), and the
 * reviewers' manual blacklist. Scoring and linking are crawler/sellers' (pure); the store
 * reads, writes and keeps each change with its audit entry in one transaction.
 */
import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import type {
  BlacklistedView,
  BlacklistEntry,
  LiveBlacklistEntry,
  Rescore,
  SellerFilter,
  SellerListFilter,
  SellerListingRow,
  SellerRecord,
  SellerScore,
  StoredFigures,
  StoredTopSeller,
} from './seller-rows';
import { isoUtc } from './sql';
import { SELLER_CONFIRMED_STATUSES } from '../../shared/model';

async function liveEntries(q: Queryable): Promise<LiveBlacklistEntry[]> {
  const { rows } = await q.query<LiveBlacklistEntry>(
    `SELECT site, seller_key AS key, reason, added_by AS by, ${isoUtc('added_at')} AS at FROM seller_blacklist
      WHERE removed_at IS NULL ORDER BY id`,
  );
  return rows;
}

const SELECT = `SELECT site, seller_key AS key, seller_name AS name, shop_url AS "shopUrl", group_id AS "groupId",
  score::numeric::float8 AS score, reasons, blacklisted, figures, ${isoUtc('computed_at')} AS "computedAt"
  FROM seller_scores`;

type Row = Omit<SellerRecord, 'manual' | 'figures' | 'group' | 'windowDays'> & { figures: StoredFigures };

const toRecord = (r: Row): SellerRecord => ({
  ...r,
  manual: r.figures.manual,
  figures: r.figures.own,
  group: { members: r.figures.members, figures: r.figures.group, links: r.figures.links },
  windowDays: r.figures.windowDays,
});

/** Inserts score rows in statements of 5,000, the rows travelling as one JSON parameter. */
async function insertScores(
  tx: Queryable,
  table: 'seller_scores' | 'holder_seller_scores',
  scores: readonly SellerScore[],
): Promise<void> {
  const holder = table === 'holder_seller_scores' ? 'holder_id, ' : '';
  const holderType = holder ? 'holder_id text, ' : '';
  const rows = scores.map((s) => ({
    ...(holder ? { holder_id: s.holderId } : {}),
    site: s.site,
    seller_key: s.key,
    seller_name: s.name,
    shop_url: s.shopUrl,
    group_id: s.groupId,
    score: s.score,
    reasons: s.reasons,
    blacklisted: s.blacklisted,
    figures: s.figures,
    computed_at: s.computedAt,
    approx_turnover: s.approxTurnover ?? null,
  }));
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.query(
      `INSERT INTO ${table} (${holder}site, seller_key, seller_name, shop_url, group_id, score, reasons, blacklisted,
              figures, computed_at, hit_listings, confirmed, approx_turnover)
       SELECT ${holder}site, seller_key, seller_name, shop_url, group_id, score, reasons, blacklisted, figures,
              computed_at, (figures->'own'->>'hitListings')::int, (figures->'own'->>'confirmed')::int, approx_turnover
         FROM jsonb_to_recordset($1::jsonb) AS x(${holderType}site text, seller_key text, seller_name text,
              shop_url text, group_id text, score real, reasons jsonb, blacklisted boolean, figures jsonb,
              computed_at timestamptz, approx_turnover float8)`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

/** Each seller's risk as the inbox ranks by it, in every view ('' for the whole). */
const RISKS = `SELECT '' AS holder_id, site, seller_key,
    CASE WHEN blacklisted THEN GREATEST(score::numeric, 0.5) ELSE score::numeric END AS risk FROM seller_scores
  UNION ALL SELECT holder_id, site, seller_key,
    CASE WHEN blacklisted THEN GREATEST(score::numeric, 0.5) ELSE score::numeric END FROM holder_seller_scores`;

/** Keeps the sellers' risks before a change, for `rerankChanged` to compare with (dropped at commit). */
async function snapshotRisks(tx: Queryable): Promise<void> {
  await tx.query('DROP TABLE IF EXISTS seller_risks_before');
  await tx.query(`CREATE TEMP TABLE seller_risks_before ON COMMIT DROP AS ${RISKS}`);
}

/**
 * Rewrites the stored risk rank (migration 040) of the hits of sellers whose risk differs from
 * the snapshot — in any view — and of hits on listings only flags have shown (few; their seller
 * is the flag's). Every other hit keeps its rank untouched.
 */
async function rerankChanged(tx: Queryable): Promise<void> {
  await tx.query(
    `WITH now_ AS (${RISKS}),
     changed AS (
       SELECT DISTINCT COALESCE(a.site, b.site) AS site, COALESCE(a.seller_key, b.seller_key) AS seller_key
         FROM now_ a FULL JOIN seller_risks_before b
           ON a.holder_id = b.holder_id AND a.site = b.site AND a.seller_key = b.seller_key
        WHERE a.risk IS DISTINCT FROM b.risk
     )
     UPDATE hits h SET (risk_all, risk_own) = (
       SELECT h.score::numeric::float8 + 0.5 * COALESCE(r.whole, 0), h.score::numeric::float8 + 0.5 * COALESCE(r.own, 0)
         FROM hit_seller_risk(h.listing_url, h.item_id) r)
      WHERE h.listing_url IN (
        SELECT l.url FROM changed c JOIN listings l
            ON l.site = c.site AND COALESCE(l.seller_id, 'name:' || l.seller_name) = c.seller_key
        UNION SELECT url FROM listings WHERE NOT crawled)`,
  );
}

/**
 * Scores the seller's group again after a manual change, from the figures stored at the last
 * refresh: in the whole view and in each holder's own view that has the seller.
 */
async function rescoreGroup(tx: Queryable, site: string, key: string, rescore: Rescore): Promise<void> {
  await snapshotRisks(tx);
  const live = await liveEntries(tx);
  const views = [
    ...(
      await tx.query<{ holderId: null; groupId: string }>(
        'SELECT NULL AS "holderId", group_id AS "groupId" FROM seller_scores WHERE site = $1 AND seller_key = $2',
        [site, key],
      )
    ).rows,
    ...(
      await tx.query<{ holderId: string; groupId: string }>(
        'SELECT holder_id AS "holderId", group_id AS "groupId" FROM holder_seller_scores WHERE site = $1 AND ' +
          'seller_key = $2 ORDER BY holder_id',
        [site, key],
      )
    ).rows,
  ];
  for (const v of views) {
    const table = v.holderId === null ? 'seller_scores' : 'holder_seller_scores';
    const own = v.holderId === null ? [] : [v.holderId];
    const { rows } = await tx.query<{ site: string; key: string; figures: StoredFigures }>(
      `SELECT site, seller_key AS key, figures FROM ${table}
        WHERE group_id = $1${own.length ? ' AND holder_id = $2' : ''} FOR UPDATE`,
      [v.groupId, ...own],
    );
    for (const r of rows) {
      const s = rescore(r, live);
      await tx.query(
        `UPDATE ${table} SET score = $3, reasons = $4, blacklisted = $5, figures = $6 WHERE site = $1
          AND seller_key = $2${own.length ? ' AND holder_id = $7' : ''}`,
        [r.site, r.key, s.score, JSON.stringify(s.reasons), s.blacklisted, JSON.stringify(s.figures), ...own],
      );
    }
  }
  await rerankChanged(tx);
}

export function createSellerRepository(db: Db) {
  return {
    /**
     * Every listing that names a seller, with its hits (within the filter) and
     * verifications folded in. `withHitsOnly` keeps listings with a hit not
     * dismissed (figures); without it, every listing counts (a seller's reach).
     * A listing's seller is the crawler's (shared by every holder); a URL no
     * sweep has fetched counts once per holder that flagged it, with that
     * holder's own flag data and hits — as each hit shows it (hit_listings) —
     * and never another holder's under a holder filter.
     */
    async listingRows(o: SellerFilter & { windowStart: Date; withHitsOnly?: boolean }): Promise<SellerListingRow[]> {
      const confirmed = `fh.status IN (${SELLER_CONFIRMED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
      const { rows } = await db.query<SellerListingRow>(
        `WITH fh AS (
           SELECT h.id, h.listing_url, h.status, h.last_seen_at, CASE WHEN l.crawled THEN NULL ELSE i.holder_id END ` +
          `AS seen_by
             FROM hits h JOIN items i ON i.id = h.item_id JOIN listings l ON l.url = h.listing_url LEFT JOIN sweeps ` +
          `s ON s.id = h.sweep_id
            WHERE ($1::text IS NULL OR i.holder_id = $1) AND ($2::text IS NULL OR h.item_id = $2) AND ($3::text IS ` +
          `NULL OR s.campaign = $3)
         ), hv AS (
           SELECT fh.listing_url, fh.seen_by, count(*) FILTER (WHERE fh.status <> 'dismissed')::int AS hits,
                  bool_or(${confirmed}) AS confirmed,
                  bool_or(${confirmed} AND fh.last_seen_at >= $4::timestamptz) AS confirmed_in_window
             FROM fh GROUP BY fh.listing_url, fh.seen_by
         ), vv AS (
           SELECT fh.listing_url, fh.seen_by,
                  -- Per listing: taken down at all (two noticed items on one listing are one takedown),
                  -- and distinct relisted URLs (two hits on one listing see the same relist).
                  (count(*) FILTER (WHERE v.time_to_removal_ms IS NOT NULL) > 0)::int AS removed,
                  count(DISTINCT v.relisted_url) FILTER (WHERE v.outcome = 'relisted')::int AS relisted
             FROM verifications v JOIN fh ON fh.id = v.hit_id GROUP BY fh.listing_url, fh.seen_by
         ), seen AS (
           SELECT l.url, NULL::text AS seen_by, l.site, l.seller_id, l.seller_name, l.title, l.price, l.currency, l.data
             FROM listings l WHERE l.crawled
           UNION ALL
           (SELECT DISTINCT ON (v.listing_url, v.holder_id) v.listing_url, v.holder_id, COALESCE(v.data->>'site', ` +
          `l.site),
                   v.data->'seller'->>'id', v.data->'seller'->>'name', v.data->>'title', ` +
          `(v.data->>'price')::numeric, v.data->>'currency', v.data
              FROM listing_versions v JOIN listings l ON l.url = v.listing_url
             WHERE NOT l.crawled AND v.holder_id IS NOT NULL AND ($1::text IS NULL OR v.holder_id = $1)
             ORDER BY v.listing_url, v.holder_id, v.id DESC)
         )
         SELECT l.url, l.site, COALESCE(l.seller_id, 'name:' || l.seller_name) AS key, l.seller_name AS name,
                l.data->'seller'->>'url' AS "shopUrl", l.title, l.data->>'description' AS description,
                l.price::float8 AS price, l.currency,
                CASE WHEN jsonb_typeof(l.data->'soldCount') = 'number' THEN (l.data->>'soldCount')::float8 END AS sold,
                CASE WHEN jsonb_typeof(l.data->'views') = 'number' THEN (l.data->>'views')::float8 END AS views,
                COALESCE(hv.hits, 0) AS hits, COALESCE(hv.confirmed, false) AS confirmed,
                COALESCE(hv.confirmed_in_window, false) AS "confirmedInWindow",
                COALESCE(vv.removed, 0) AS removed, COALESCE(vv.relisted, 0) AS relisted
           FROM seen l
           LEFT JOIN hv ON hv.listing_url = l.url AND hv.seen_by IS NOT DISTINCT FROM l.seen_by
           LEFT JOIN vv ON vv.listing_url = l.url AND vv.seen_by IS NOT DISTINCT FROM l.seen_by
          WHERE (l.seller_id IS NOT NULL OR l.seller_name IS NOT NULL)
            AND ($5::text IS NULL OR l.site = $5) AND (NOT $6::boolean OR hv.hits > 0)
          ORDER BY l.site, key, l.url, l.seen_by`,
        [
          o.holderId ?? null,
          o.itemId ?? null,
          o.campaign ?? null,
          o.windowStart.toISOString(),
          o.site ?? null,
          o.withHitsOnly ?? false,
        ],
      );
      return rows;
    },

    /** Holders with at least one hit: each gets its own view of the sellers. */
    async holdersWithHits(): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        'SELECT DISTINCT i.holder_id AS id FROM hits h JOIN items i ON i.id = h.item_id ORDER BY 1',
      );
      return rows.map((r) => r.id);
    },

    /**
     * Replaces every score — the whole view (seller_scores) and each holder's
     * (holder_seller_scores) — with what `score` makes of the live manual
     * blacklist, read in the same transaction, so readers see the old tables
     * or the new ones and a blacklist change is never lost in between.
     */
    async replaceScores(
      score: (live: readonly LiveBlacklistEntry[]) => { whole: SellerScore[]; byHolder: SellerScore[] },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const { whole, byHolder } = score(await liveEntries(tx));
        await snapshotRisks(tx);
        await tx.query('DELETE FROM seller_scores');
        await insertScores(tx, 'seller_scores', whole);
        await tx.query('DELETE FROM holder_seller_scores');
        await insertScores(tx, 'holder_seller_scores', byHolder);
        await rerankChanged(tx);
      });
    },

    /** Sellers from the last refresh: riskiest first (or most confirmed), optionally only the blacklist. */
    async list(f: SellerListFilter = {}): Promise<SellerRecord[]> {
      const order =
        f.sort === 'confirmed'
          ? `(figures->'group'->>'confirmedInWindow')::int DESC, score DESC`
          : `score DESC, (figures->'group'->>'confirmedInWindow')::int DESC`;
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE ($1::text IS NULL OR site = $1) AND (NOT $2::boolean OR blacklisted) AND ($3::float8 IS NULL
          OR score >= $3::real)
          ORDER BY ${order}, site, seller_key LIMIT $4`,
        [f.site ?? null, f.blacklistedOnly ?? false, f.minScore ?? null, f.limit ?? 1000],
      );
      return rows.map(toRecord);
    },

    async get(site: string, key: string): Promise<SellerRecord | null> {
      const { rows } = await db.query<Row>(`${SELECT} WHERE site = $1 AND seller_key = $2`, [site, key]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    /** Scores of these sellers (`site/key`) in the whole view, or in holder `riskView`'s own. */
    async scoresOf(
      ids: readonly string[],
      riskView?: string | null,
    ): Promise<{ site: string; key: string; groupId: string; score: number; blacklisted: boolean }[]> {
      const { rows } = await db.query<{
        site: string;
        key: string;
        groupId: string;
        score: number;
        blacklisted: boolean;
      }>(
        riskView
          ? `SELECT site, seller_key AS key, group_id AS "groupId", score::numeric::float8 AS score, blacklisted
            FROM holder_seller_scores
              WHERE holder_id = $2 AND site || '/' || seller_key = ANY($1::text[])`
          : `SELECT site, seller_key AS key, group_id AS "groupId", score::numeric::float8 AS score, blacklisted
            FROM seller_scores
              WHERE site || '/' || seller_key = ANY($1::text[])`,
        riskView ? [ids, riskView] : [ids],
      );
      return rows;
    },

    /**
     * Top sellers as the last refresh counted them (figures from `holderId`'s own view, or the
     * whole; risk from `riskView`'s own view, or the whole), in order from the store; null when
     * no refresh has ranked that view yet.
     */
    async topStored(o: {
      holderId?: string | null;
      riskView?: string | null;
      site?: string;
      by: 'confirmed' | 'turnover';
      limit: number;
    }): Promise<StoredTopSeller[] | null> {
      const own = o.holderId ?? null;
      const figures = own === null ? 'seller_scores f' : 'holder_seller_scores f';
      const ranked = await db.query(
        `SELECT 1 FROM ${figures} WHERE f.hit_listings > 0${own === null ? '' : ' AND f.holder_id = $1'} LIMIT 1`,
        own === null ? [] : [own],
      );
      if (ranked.rows.length === 0) return null;
      const order = (t: string) =>
        o.by === 'turnover'
          ? `COALESCE(${t}.approx_turnover, -1) DESC, ${t}.confirmed DESC, ${t}.site, ${t}.seller_key`
          : `${t}.confirmed DESC, COALESCE(${t}.approx_turnover, -1) DESC, ${t}.site, ${t}.seller_key`;
      // The order and limit over the narrow columns (an index), then the figures of those rows only.
      const { rows } = await db.query<StoredTopSeller>(
        `WITH top AS (
           SELECT f.site, f.seller_key, f.confirmed, f.approx_turnover, f.seller_name, f.figures->'own' AS figures
             FROM (SELECT f.site, f.seller_key FROM ${figures}
                    WHERE f.hit_listings > 0 AND ${own === null ? '$1::text IS NULL' : 'f.holder_id = $1'}
                      AND ($2::text IS NULL OR f.site = $2)
                    ORDER BY ${order('f')} LIMIT $3) t
             JOIN ${figures}
               ON f.site = t.site AND f.seller_key = t.seller_key${own === null ? '' : ' AND f.holder_id = $1'}
         )
         SELECT f.site, f.seller_key AS key, f.seller_name AS name, f.figures, r.group_id AS "groupId",
                r.score::numeric::float8 AS score, r.blacklisted
           FROM top f
           LEFT JOIN ${o.riskView ? 'holder_seller_scores r ON r.holder_id = $4 AND' : 'seller_scores r ON'}
                r.site = f.site AND r.seller_key = f.seller_key
          ORDER BY ${order('f')}`,
        [own, o.site ?? null, o.limit, ...(o.riskView ? [o.riskView] : [])],
      );
      return rows;
    },

    /** Blacklisted sellers in every holder's own view, as the last refresh left them. */
    async blacklistedViews(): Promise<BlacklistedView[]> {
      const { rows } = await db.query<BlacklistedView>(
        `SELECT holder_id AS "holderId", site, seller_key AS key, seller_name AS name, score::numeric::float8 AS score,
          figures
           FROM holder_seller_scores WHERE blacklisted`,
      );
      return rows;
    },

    /**
     * Puts a seller on the blacklist by hand (audited as `seller.blacklist`).
     * A seller already on it is left alone (`added: false`). Its group is
     * scored again by `rescore` in the same transaction. A seller not seen
     * yet may be listed too: its listings are boosted from the first one.
     */
    async blacklist(
      site: string,
      key: string,
      reason: string,
      actor: string,
      rescore: Rescore,
    ): Promise<{ added: boolean }> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO seller_blacklist (site, seller_key, reason, added_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (site, seller_key) WHERE removed_at IS NULL DO NOTHING RETURNING id::int AS id`,
          [site, key, reason, actor],
        );
        if (!rows[0]) return { added: false };
        await appendAudit(tx, {
          actor,
          action: 'seller.blacklist',
          target: `seller:${site}/${key}`,
          after: { blacklisted: true, entry: rows[0].id },
          reason,
        });
        await rescoreGroup(tx, site, key, rescore);
        return { added: true };
      });
    },

    /** Takes a seller's manual entry off (audited as `seller.unblacklist`); its score may still keep it listed. */
    async unblacklist(
      site: string,
      key: string,
      reason: string,
      actor: string,
      rescore: Rescore,
    ): Promise<{ removed: boolean }> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `UPDATE seller_blacklist SET removed_at = now(), removed_by = $3 WHERE site = $1 AND seller_key = $2
            AND removed_at IS NULL RETURNING id::int AS id`,
          [site, key, actor],
        );
        if (!rows[0]) return { removed: false };
        await appendAudit(tx, {
          actor,
          action: 'seller.unblacklist',
          target: `seller:${site}/${key}`,
          before: { blacklisted: true, entry: rows[0].id },
          reason,
        });
        await rescoreGroup(tx, site, key, rescore);
        return { removed: true };
      });
    },

    /** Manual entries not taken off, oldest first. */
    liveEntries: () => liveEntries(db),

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
