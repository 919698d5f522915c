import type { Db } from './db';
import { isoUtc } from './sql';

/** One page as the crawler captured it for a hit: which evidence files hold it, and how the site answered. */
export interface PageCapture {
  warcSha256: string;
  htmlSha256: string;
  screenshotSha256: string | null;
  /** The URL fetched (after redirects). */
  url: string;
  listingUrl: string;
  status: number;
  /** Response headers as read (lower-case names; `set-cookie` a list). */
  headers: Record<string, string | string[]>;
  fetchedAt: string;
  /** Rendered in a browser: the HTML is the DOM after scripts ran, not the body as served. */
  rendered: boolean;
}

export function createCaptureRepository(db: Db) {
  return {
    async add(c: PageCapture): Promise<void> {
      await db.query(
        `INSERT INTO page_captures
           (warc_sha256, html_sha256, screenshot_sha256, url, listing_url, status, headers, fetched_at, rendered)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (warc_sha256) DO NOTHING`,
        [
          c.warcSha256,
          c.htmlSha256,
          c.screenshotSha256,
          c.url,
          c.listingUrl,
          c.status,
          JSON.stringify(c.headers),
          c.fetchedAt,
          c.rendered,
        ],
      );
    },

    /**
     * The latest capture whose HTML is `htmlSha256` (a hit's evidence hash). The record stage
     * captures an unchanged page once; older stores may hold several, and the later one wins.
     */
    async forHtml(htmlSha256: string): Promise<PageCapture | null> {
      const { rows } = await db.query<PageCapture>(
        `SELECT warc_sha256 AS "warcSha256", html_sha256 AS "htmlSha256", screenshot_sha256 AS "screenshotSha256",
                url, listing_url AS "listingUrl", status, headers, ${isoUtc('fetched_at', 'ms')} AS "fetchedAt",
                rendered
           FROM page_captures WHERE html_sha256 = $1 ORDER BY fetched_at DESC, warc_sha256 LIMIT 1`,
        [htmlSha256],
      );
      return rows[0] ?? null;
    },

    /** The capture's other files cited by the hit too, so a holder may read them as it reads the HTML. */
    async attachToHit(hitId: number, sha256s: string[]): Promise<void> {
      await db.query('INSERT INTO hit_evidence (hit_id, sha256) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [
        hitId,
        sha256s,
      ]);
    },

    /**
     * The latest screenshot each hit cites (crawler capture or reviewer upload), for the report's
     * thumbnails: hit id → SHA-256.
     */
    async screenshotsOf(hitIds: readonly number[]): Promise<Map<number, string>> {
      if (hitIds.length === 0) return new Map();
      const { rows } = await db.query<{ hitId: number; sha256: string }>(
        `SELECT DISTINCT ON (x.hit_id) x.hit_id::int AS "hitId", e.sha256
           FROM (SELECT hit_id, sha256 FROM hit_evidence WHERE hit_id = ANY($1::bigint[])
                 UNION SELECT id, evidence_sha256 FROM hits
                  WHERE id = ANY($1::bigint[]) AND evidence_sha256 IS NOT NULL) x
           JOIN evidence e ON e.sha256 = x.sha256
          WHERE e.kind = 'screenshot'
          ORDER BY x.hit_id, e.captured_at DESC, e.sha256`,
        [[...hitIds]],
      );
      return new Map(rows.map((r) => [r.hitId, r.sha256]));
    },
  };
}
export type CaptureRepository = ReturnType<typeof createCaptureRepository>;
