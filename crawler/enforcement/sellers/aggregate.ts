import type { Queryable } from '../../store/db';
import { extractContacts, nodeId, type SellerNode } from './identity';
import { round2, type SellerFigures } from './risk';

/** Hit statuses that mean a reviewer confirmed the infringement and no platform rejected it. */
export const CONFIRMED_STATUSES = ['confirmed', 'notice_sent', 'removed', 'relisted'] as const;

export interface SellerFilter {
  /** One holder's hits only. */
  holderId?: string | null;
  itemId?: string;
  /** Hits recorded by this campaign's sweeps. */
  campaign?: string;
  site?: string;
}

/** One listing with its seller and what its hits and checks say. */
export interface SellerListingRow {
  url: string;
  site: string;
  key: string;
  name: string | null;
  shopUrl: string | null;
  title: string;
  description: string | null;
  price: number | null;
  currency: string | null;
  sold: number | null;
  views: number | null;
  hits: number;
  confirmed: boolean;
  confirmedInWindow: boolean;
  removed: number;
  relisted: number;
}

/**
 * Every listing that names a seller, with its hits (within the filter) and
 * verifications folded in. `withHitsOnly` keeps listings with a hit not
 * dismissed (figures); without it, every listing counts (a seller's reach).
 * A listing's seller is the crawler's (shared by every holder); a URL no
 * sweep has fetched counts once per holder that flagged it, with that
 * holder's own flag data and hits — as each hit shows it (hit_listings) —
 * and never another holder's under a holder filter.
 */
export async function sellerListingRows(db: Queryable, o: SellerFilter & { windowStart: Date; withHitsOnly?: boolean }): Promise<SellerListingRow[]> {
  const confirmed = `fh.status IN (${CONFIRMED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  const { rows } = await db.query<SellerListingRow>(
    `WITH fh AS (
       SELECT h.id, h.listing_url, h.status, h.last_seen_at, CASE WHEN l.crawled THEN NULL ELSE i.holder_id END AS seen_by
         FROM hits h JOIN items i ON i.id = h.item_id JOIN listings l ON l.url = h.listing_url LEFT JOIN sweeps s ON s.id = h.sweep_id
        WHERE ($1::text IS NULL OR i.holder_id = $1) AND ($2::text IS NULL OR h.item_id = $2) AND ($3::text IS NULL OR s.campaign = $3)
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
       (SELECT DISTINCT ON (v.listing_url, v.holder_id) v.listing_url, v.holder_id, COALESCE(v.data->>'site', l.site),
               v.data->'seller'->>'id', v.data->'seller'->>'name', v.data->>'title', (v.data->>'price')::numeric, v.data->>'currency', v.data
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
    [o.holderId ?? null, o.itemId ?? null, o.campaign ?? null, o.windowStart.toISOString(), o.site ?? null, o.withHitsOnly ?? false],
  );
  return rows;
}

export interface AggregatedSeller {
  node: SellerNode;
  figures: SellerFigures;
}

export const emptyFigures = (): SellerFigures => ({
  listings: 0, hitListings: 0, confirmed: 0, confirmedInWindow: 0, removed: 0, relisted: 0, soldCount: 0, views: 0, turnover: {}, sites: 1,
});

/** Listing rows folded into one entry per seller per site, in a stable order. */
export function aggregateSellers(rows: readonly SellerListingRow[]): AggregatedSeller[] {
  const out = new Map<string, AggregatedSeller & { contacts: Set<string> }>();
  for (const r of rows) {
    const id = nodeId(r.site, r.key);
    let s = out.get(id);
    if (!s) {
      s = { node: { site: r.site, key: r.key, name: r.name, shopUrl: r.shopUrl, contacts: [] }, figures: emptyFigures(), contacts: new Set() };
      out.set(id, s);
    }
    s.node.name ??= r.name;
    s.node.shopUrl ??= r.shopUrl;
    for (const c of extractContacts(`${r.title}\n${r.description ?? ''}`)) s.contacts.add(c);
    const f = s.figures;
    f.listings++;
    if (r.hits > 0) {
      f.hitListings++;
      f.soldCount += r.sold ?? 0;
      f.views += r.views ?? 0;
    }
    if (r.confirmed) {
      f.confirmed++;
      if (r.price !== null && r.currency && r.sold !== null) f.turnover[r.currency] = round2((f.turnover[r.currency] ?? 0) + r.price * r.sold);
    }
    if (r.confirmedInWindow) f.confirmedInWindow++;
    f.removed += r.removed;
    f.relisted += r.relisted;
  }
  return [...out.values()].map(({ contacts, node, figures }) => ({ node: { ...node, contacts: [...contacts].sort() }, figures }));
}
