import type { Listing } from '../../shared/model';
import type { Queryable } from './db';

export function createListingRepository(db: Queryable) {
  return {
    /** One row per canonical URL; a new page version (content hash) is kept in `listing_versions`. */
    async upsert(listing: Listing): Promise<void> {
      await db.query(
        `INSERT INTO listings (url, site, kind, title, price, currency, seller_id, seller_name, data, content_hash, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         ON CONFLICT (url) DO UPDATE SET site = excluded.site, kind = excluded.kind, title = excluded.title,
           price = excluded.price, currency = excluded.currency, seller_id = excluded.seller_id,
           seller_name = excluded.seller_name, data = excluded.data, content_hash = excluded.content_hash,
           last_seen_at = excluded.last_seen_at, fetch_count = listings.fetch_count + 1`,
        [
          listing.url, listing.site, listing.kind, listing.title, listing.price ?? null, listing.currency ?? null,
          listing.seller?.id ?? null, listing.seller?.name ?? null, listing, listing.contentHash ?? null, listing.fetchedAt,
        ],
      );
      if (listing.contentHash) {
        await db.query(
          `INSERT INTO listing_versions (listing_url, content_hash, fetched_at, data) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [listing.url, listing.contentHash, listing.fetchedAt, listing],
        );
      }
    },

    async get(url: string): Promise<Listing | undefined> {
      const { rows } = await db.query<{ data: Listing }>('SELECT data FROM listings WHERE url = $1', [url]);
      return rows[0]?.data;
    },

    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM listings');
      return rows[0]?.n ?? 0;
    },
  };
}
export type ListingRepository = ReturnType<typeof createListingRepository>;
