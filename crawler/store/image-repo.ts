import {
  packBits,
  packWords,
  unpackBits,
  windowsFromBytes,
  type ImageHash,
  type ReferenceHash,
} from '../../shared/image';
import { cropGrid } from '../../shared/image/crops';
import type { Queryable } from './db';

/** A reference image's row as the refresh reads it, to decide whether to fetch, ask, or re-hash. */
export interface ReferenceImageState {
  itemId: string;
  url: string;
  status: 'ok' | 'failed';
  error: string | null;
  sha256: string | null;
  etag: string | null;
  lastModified: string | null;
  hashVersion: number | null;
  checkedAt: string;
}

/** One of an item's reference image rows; `hashVersion` is null while it has no hash. */
export interface ItemReferenceRow {
  url: string;
  status: 'ok' | 'failed';
  error: string | null;
  hashVersion: number | null;
  checkedAt: string | null;
}

/** A hashed reference image, as the in-process index is built from. */
export interface StoredReferenceImage {
  itemId: string;
  url: string;
  sha256: string;
  hash: ReferenceHash;
}

export interface ReferenceImageInput {
  itemId: string;
  url: string;
  sha256: string;
  etag?: string | null;
  lastModified?: string | null;
  contentType?: string | null;
  width: number;
  height: number;
  hash: ReferenceHash;
  /** The photo's thumbnail in the evidence store, when one was made. */
  thumbSha256?: string | null;
}

export interface ListingImageInput {
  listingUrl: string;
  imageUrl: string;
  sha256: string;
  hash: ImageHash;
  /** The photo's thumbnail in the evidence store (kept for photos that matched a reference). */
  thumbSha256?: string | null;
}

/** An uploaded reference photo (`upload:<sha256>`, its bytes in the evidence store) hashed by an older function. */
export interface StaleUpload {
  itemId: string;
  url: string;
  sha256: string;
  hashVersion: number | null;
  thumbSha256: string | null;
}

interface ViewColumns {
  view_bits: Uint8Array;
  view_coarse: Uint8Array;
  view_qualities: number[];
  view_rects: unknown[];
  view_regions: Uint8Array;
  view_region_qualities: number[][];
  view_colour: Uint8Array;
  view_colour_qualities: number[];
}

/** The columns `viewColumns` fills, in the order they are written and read. */
const VIEW_COLUMNS =
  'view_bits, view_coarse, view_qualities, view_rects, view_regions, view_region_qualities, view_colour, ' +
  'view_colour_qualities';

/**
 * An ImageHash's views as columns: packed 256- and 64-bit words (each with its mirror), qualities and rectangles, the
 * region hashes (with mirrors) and their qualities, the colour hashes and their qualities.
 */
function viewColumns(hash: ImageHash): ViewColumns {
  return {
    view_bits: packBits(hash.views.flatMap((v) => [v.bits, v.mirror])),
    view_coarse: packBits(hash.views.flatMap((v) => [v.coarse, v.coarseMirror])),
    view_qualities: hash.views.map((v) => v.quality),
    view_rects: hash.views.map((v) => v.rect),
    view_regions: packBits(hash.views.flatMap((v) => v.regions.flatMap((r) => [r.bits, r.mirror]))),
    view_region_qualities: hash.views.map((v) => v.regions.map((r) => r.quality)),
    view_colour: packBits(hash.views.flatMap((v) => [v.colour.u, v.colour.uMirror, v.colour.v, v.colour.vMirror])),
    view_colour_qualities: hash.views.map((v) => v.colour.quality),
  };
}

/** `viewColumns`' values as query parameters (jsonb ones as text). */
function viewParams(v: ViewColumns): unknown[] {
  return [
    v.view_bits,
    v.view_coarse,
    JSON.stringify(v.view_qualities),
    JSON.stringify(v.view_rects),
    v.view_regions,
    JSON.stringify(v.view_region_qualities),
    v.view_colour,
    JSON.stringify(v.view_colour_qualities),
  ];
}

function imageHashOf(row: ViewColumns & { hash_version: number }): ImageHash {
  const bits = unpackBits(row.view_bits, 256);
  const coarse = unpackBits(row.view_coarse, 64);
  const regions = unpackBits(row.view_regions, 256);
  const colour = unpackBits(row.view_colour, 64);
  return {
    version: row.hash_version,
    views: row.view_qualities.map((quality, i) => {
      const regionQualities = row.view_region_qualities[i]!;
      // Earlier views' regions come first, two hashes (bits, mirror) each.
      const before = row.view_region_qualities.slice(0, i).reduce((n, q) => n + 2 * q.length, 0);
      return {
        rect: row.view_rects[i] as ImageHash['views'][number]['rect'],
        bits: bits[2 * i]!,
        mirror: bits[2 * i + 1]!,
        quality,
        coarse: coarse[2 * i]!,
        coarseMirror: coarse[2 * i + 1]!,
        regions: regionQualities.map((q, k) => ({
          bits: regions[before + 2 * k]!,
          mirror: regions[before + 2 * k + 1]!,
          quality: q,
        })),
        colour: {
          u: colour[4 * i]!,
          uMirror: colour[4 * i + 1]!,
          v: colour[4 * i + 2]!,
          vMirror: colour[4 * i + 3]!,
          quality: row.view_colour_qualities[i]!,
        },
      };
    }),
  };
}

/** The windows are cropGrid()'s, in its order (a change to the grid bumps HASH_VERSION). */
let grid: ReturnType<typeof cropGrid> | undefined;

/**
 * Reference images (a catalogue item's image URLs, hashed) and listing
 * images (the photos the images stage hashed), with the packing of hashes
 * into bytea columns kept here.
 */
export function createImageRepository(db: Queryable) {
  return {
    /** Every reference image's fetch state, so the refresh knows which are new, stale or failed. */
    async referenceStates(): Promise<ReferenceImageState[]> {
      const { rows } = await db.query<{
        item_id: string;
        url: string;
        status: 'ok' | 'failed';
        error: string | null;
        sha256: string | null;
        etag: string | null;
        last_modified: string | null;
        hash_version: number | null;
        checked_at: Date | string;
      }>(
        `SELECT item_id, url, status, error, sha256, etag, last_modified, hash_version, checked_at
          FROM reference_images`,
      );
      return rows.map((r) => ({
        itemId: r.item_id,
        url: r.url,
        status: r.status,
        error: r.error,
        sha256: r.sha256,
        etag: r.etag,
        lastModified: r.last_modified,
        hashVersion: r.hash_version,
        checkedAt: new Date(r.checked_at).toISOString(),
      }));
    },

    /** A freshly hashed reference image (new, or its bytes changed). */
    async saveReference(r: ReferenceImageInput): Promise<void> {
      const v = viewColumns(r.hash.whole);
      await db.query(
        `INSERT INTO reference_images (item_id, url, status, error, sha256, etag, last_modified, content_type, width,
           height, hash_version, ${VIEW_COLUMNS}, window_bits, window_qualities, window_colour, hashed_at, checked_at,
           thumb_sha256)
         VALUES ($1, $2, 'ok', NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
           $20, now(), now(), $21)
         ON CONFLICT (item_id, url) DO UPDATE SET status = 'ok', error = NULL, sha256 = excluded.sha256,
           etag = excluded.etag, last_modified = excluded.last_modified, content_type = excluded.content_type,
           width = excluded.width, height = excluded.height, hash_version = excluded.hash_version,
           view_bits = excluded.view_bits, view_coarse = excluded.view_coarse, view_qualities = excluded.view_qualities,
           view_rects = excluded.view_rects, view_regions = excluded.view_regions,
           view_region_qualities = excluded.view_region_qualities, view_colour = excluded.view_colour,
           view_colour_qualities = excluded.view_colour_qualities, window_bits = excluded.window_bits,
           window_qualities = excluded.window_qualities, window_colour = excluded.window_colour, hashed_at = now(),
           checked_at = now(), thumb_sha256 = excluded.thumb_sha256`,
        [
          r.itemId,
          r.url,
          r.sha256,
          r.etag ?? null,
          r.lastModified ?? null,
          r.contentType ?? null,
          r.width,
          r.height,
          r.hash.whole.version,
          ...viewParams(v),
          packWords(r.hash.windows.bits),
          JSON.stringify([...r.hash.windows.quality]),
          packWords(r.hash.windows.colour),
          r.thumbSha256 ?? null,
        ],
      );
    },

    /** Asked again and unchanged (304, or the same bytes): only the check time (and validators) move. */
    async touchReference(
      itemId: string,
      url: string,
      validators: { etag?: string | null; lastModified?: string | null } = {},
    ): Promise<void> {
      await db.query(
        `UPDATE reference_images SET checked_at = now(), etag = COALESCE($3, etag), last_modified = COALESCE($4,
          last_modified)
          WHERE item_id = $1 AND url = $2`,
        [itemId, url, validators.etag ?? null, validators.lastModified ?? null],
      );
    },

    /**
     * A reference image that could not be fetched or decoded: the reason is
     * kept; a hash it had before stays (a site's hiccup does not unlearn a photo),
     * and the index uses it while it is there.
     */
    async failReference(itemId: string, url: string, error: string): Promise<void> {
      await db.query(
        `INSERT INTO reference_images (item_id, url, status, error, checked_at) VALUES ($1, $2, 'failed', $3, now())
         ON CONFLICT (item_id, url) DO UPDATE SET status = 'failed', error = excluded.error, checked_at = now()`,
        [itemId, url, error.slice(0, 500)],
      );
    },

    /** One item's reference image rows (URLs and uploads), as far as each got: for the item's photo list. */
    async itemReferences(itemId: string): Promise<ItemReferenceRow[]> {
      const { rows } = await db.query<{
        url: string;
        status: 'ok' | 'failed';
        error: string | null;
        hash_version: number | null;
        hashed: boolean;
        checked_at: Date | string | null;
      }>(
        `SELECT url, status, error, hash_version, view_bits IS NOT NULL AS hashed, checked_at FROM reference_images
          WHERE item_id = $1 ORDER BY url`,
        [itemId],
      );
      return rows.map((r) => ({
        url: r.url,
        status: r.status,
        error: r.error,
        hashVersion: r.hashed ? r.hash_version : null,
        checkedAt: r.checked_at === null ? null : new Date(r.checked_at).toISOString(),
      }));
    },

    /** Takes an uploaded photo (`upload:<sha256>`) off an item; its bytes stay in the evidence store. Found or not. */
    async dropUpload(itemId: string, url: string): Promise<boolean> {
      const { rows } = await db.query<{ url: string }>(
        `DELETE FROM reference_images WHERE item_id = $1 AND url = $2 AND url LIKE 'upload:%' RETURNING url`,
        [itemId, url],
      );
      return rows.length > 0;
    },

    /** Rows for URLs an item no longer lists. */
    async dropReferencesExcept(itemId: string, urls: readonly string[]): Promise<void> {
      // Photos uploaded through the API (`upload:<sha256>`) are not among an item's URLs and stay.
      await db.query(
        `DELETE FROM reference_images WHERE item_id = $1 AND NOT (url = ANY($2::text[])) AND url NOT LIKE 'upload:%'`,
        [itemId, urls],
      );
    },

    /**
     * Hashed reference images of one hash version, by item and URL: every one (the in-process index), or a page
     * of them after `after`, of one holder's items when `holder` is given (the API's reference hashes).
     */
    async references(
      hashVersion: number,
      page: { holder?: string; after?: { itemId: string; url: string }; limit?: number } = {},
    ): Promise<StoredReferenceImage[]> {
      const where = ['r.view_bits IS NOT NULL', 'r.hash_version = $1'];
      const params: unknown[] = [hashVersion];
      if (page.holder !== undefined) {
        params.push(page.holder);
        where.push(`r.item_id IN (SELECT id FROM items WHERE holder_id = $${params.length})`);
      }
      if (page.after) {
        params.push(page.after.itemId, page.after.url);
        where.push(`(r.item_id, r.url) > ($${params.length - 1}, $${params.length})`);
      }
      let limit = '';
      if (page.limit !== undefined) {
        params.push(page.limit);
        limit = ` LIMIT $${params.length}`;
      }
      const { rows } = await db.query<
        ViewColumns & {
          item_id: string;
          url: string;
          sha256: string;
          hash_version: number;
          window_bits: Uint8Array;
          window_qualities: number[];
          window_colour: Uint8Array;
        }
      >(
        `SELECT r.item_id, r.url, r.sha256, r.hash_version, ${VIEW_COLUMNS}, r.window_bits, r.window_qualities,
           r.window_colour
           FROM reference_images r WHERE ${where.join(' AND ')} ORDER BY r.item_id, r.url${limit}`,
        params,
      );
      grid ??= cropGrid();
      return rows.map((r) => {
        return {
          itemId: r.item_id,
          url: r.url,
          sha256: r.sha256,
          hash: {
            whole: imageHashOf(r),
            windows: windowsFromBytes(grid!, r.window_bits, r.window_qualities, r.window_colour),
          },
        };
      });
    },

    /**
     * Uploaded reference photos (`upload:<sha256>`) not hashed with `hashVersion`: their bytes are kept, so they are
     * hashed again from them (a URL's photo is fetched again by the refresh instead).
     */
    async staleUploads(hashVersion: number): Promise<StaleUpload[]> {
      const { rows } = await db.query<{
        item_id: string;
        url: string;
        hash_version: number | null;
        thumb_sha256: string | null;
      }>(
        `SELECT item_id, url, hash_version, thumb_sha256 FROM reference_images
          WHERE url LIKE 'upload:%' AND hash_version IS DISTINCT FROM $1 ORDER BY item_id, url`,
        [hashVersion],
      );
      return rows.map((r) => ({
        itemId: r.item_id,
        url: r.url,
        sha256: r.url.slice('upload:'.length),
        hashVersion: r.hash_version,
        thumbSha256: r.thumb_sha256,
      }));
    },

    /** The thumbnail kept for an item's reference photo, if one. */
    async referenceThumb(itemId: string, url: string): Promise<string | null> {
      const { rows } = await db.query<{ thumb_sha256: string | null }>(
        'SELECT thumb_sha256 FROM reference_images WHERE item_id = $1 AND url = $2',
        [itemId, url],
      );
      return rows[0]?.thumb_sha256 ?? null;
    },

    /** The latest thumbnail kept for a listing photo (by its URL, from any listing that showed it), if one. */
    async listingImageThumb(imageUrl: string): Promise<string | null> {
      const { rows } = await db.query<{ thumb_sha256: string }>(
        `SELECT thumb_sha256 FROM listing_images WHERE image_url = $1 AND thumb_sha256 IS NOT NULL
          ORDER BY checked_at DESC LIMIT 1`,
        [imageUrl],
      );
      return rows[0]?.thumb_sha256 ?? null;
    },

    /**
     * A listing photo's hash from any listing, hashed since `since` (ISO), to spare fetching it again (a failure is
     * tried again).
     */
    async listingImageHash(
      imageUrl: string,
      hashVersion: number,
      since: string,
    ): Promise<{ sha256: string; hash: ImageHash; thumbSha256: string | null } | undefined> {
      const { rows } = await db.query<
        ViewColumns & { sha256: string; hash_version: number; thumb_sha256: string | null }
      >(
        `SELECT sha256, hash_version, ${VIEW_COLUMNS}, thumb_sha256 FROM listing_images
          WHERE image_url = $1 AND status = 'ok' AND hash_version = $2 AND checked_at >= $3 ORDER BY checked_at DESC
          LIMIT 1`,
        [imageUrl, hashVersion, since],
      );
      const r = rows[0];
      return r ? { sha256: r.sha256, hash: imageHashOf(r), thumbSha256: r.thumb_sha256 } : undefined;
    },

    async saveListingImage(r: ListingImageInput): Promise<void> {
      await db.query(
        `INSERT INTO listing_images (listing_url, image_url, status, error, sha256, hash_version, ${VIEW_COLUMNS},
           checked_at, thumb_sha256)
         VALUES ($1, $2, 'ok', NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13)
         ON CONFLICT (listing_url, image_url) DO UPDATE SET status = 'ok', error = NULL, sha256 = excluded.sha256,
           hash_version = excluded.hash_version, view_bits = excluded.view_bits, view_coarse = excluded.view_coarse,
           view_qualities = excluded.view_qualities, view_rects = excluded.view_rects,
           view_regions = excluded.view_regions, view_region_qualities = excluded.view_region_qualities,
           view_colour = excluded.view_colour, view_colour_qualities = excluded.view_colour_qualities,
           checked_at = now(), thumb_sha256 = excluded.thumb_sha256`,
        [r.listingUrl, r.imageUrl, r.sha256, r.hash.version, ...viewParams(viewColumns(r.hash)), r.thumbSha256 ?? null],
      );
    },

    async failListingImage(listingUrl: string, imageUrl: string, error: string): Promise<void> {
      await db.query(
        `INSERT INTO listing_images (listing_url, image_url, status, error, checked_at) VALUES ($1, $2, 'failed', $3,
          now())
         ON CONFLICT (listing_url, image_url) DO UPDATE SET status = 'failed', error = excluded.error, sha256 = NULL,
           hash_version = NULL, view_bits = NULL, view_coarse = NULL, view_qualities = NULL, view_rects = NULL,
           view_regions = NULL, view_region_qualities = NULL, view_colour = NULL, view_colour_qualities = NULL,
           thumb_sha256 = NULL, checked_at = now()`,
        [listingUrl, imageUrl, error.slice(0, 500)],
      );
    },

    /** A listing's photos as the images stage left them (status and reason), for tests and the evidence view. */
    async listingImages(
      listingUrl: string,
    ): Promise<{ imageUrl: string; status: 'ok' | 'failed'; error: string | null; sha256: string | null }[]> {
      const { rows } = await db.query<{
        image_url: string;
        status: 'ok' | 'failed';
        error: string | null;
        sha256: string | null;
      }>(`SELECT image_url, status, error, sha256 FROM listing_images WHERE listing_url = $1 ORDER BY image_url`, [
        listingUrl,
      ]);
      return rows.map((r) => ({ imageUrl: r.image_url, status: r.status, error: r.error, sha256: r.sha256 }));
    },
  };
}
export type ImageRepository = ReturnType<typeof createImageRepository>;
