import { createHash } from 'node:crypto';
import type { Listing } from '../../shared/model';
import type { Queryable } from './db';

export function createListingRepository(db: Queryable) {
  return {
    /**
     * What the crawler fetched: one row per canonical URL, shared by every
     * holder's hits; a new page version (content hash) is kept in
     * `listing_versions`. Only the crawler (sweeps, verification) calls this:
     * a flag's data goes to `recordFlagVersion`.
     */
    async upsert(listing: Listing): Promise<void> {
      // Migration 080: one statement for both rows (the record stage writes listings through it too).
      await db.query('SELECT record_listing($1)', [listing]);
    },

    /**
     * A flag's listing data, kept as a version attributed to `holderId` (the
     * flagged hit's holder) and read only by that holder's hits, and only
     * while the crawler has not fetched the URL. It never touches the
     * crawler's row: a URL no sweep has seen gets a placeholder (no title,
     * price or seller) for hits to point at.
     */
    async recordFlagVersion(listing: Listing, by: { holderId: string; actor: string }): Promise<void> {
      const placeholder = { url: listing.url, site: listing.site, kind: listing.kind };
      await db.query(
        `INSERT INTO listings (url, site, kind, title, data, crawled, fetch_count) VALUES ($1, $2, $3, '', $4, false, 0)
         ON CONFLICT (url) DO NOTHING`,
        [listing.url, listing.site, listing.kind, placeholder],
      );
      const hash = createHash('sha256').update(JSON.stringify(listing)).digest('hex');
      await db.query(
        `INSERT INTO listing_versions (listing_url, content_hash, fetched_at, data, holder_id, flagged_by) VALUES ($1,
          $2, $3, $4, $5, $6)`,
        [listing.url, hash, listing.fetchedAt, listing, by.holderId, by.actor],
      );
    },

    /** The crawler's listing (undefined when no sweep has fetched the URL, even if a flag named it). */
    async get(url: string): Promise<Listing | undefined> {
      const { rows } = await db.query<{ data: Listing }>('SELECT data FROM listings WHERE url = $1 AND crawled', [url]);
      return rows[0]?.data;
    },

    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM listings');
      return rows[0]?.n ?? 0;
    },
  };
}
export type ListingRepository = ReturnType<typeof createListingRepository>;
