import type { Listing, Signal } from '../../shared/model';
import type { PageCapture } from './capture-repo';
import type { Queryable } from './db';
import type { EvidenceBlobs } from './evidence-blobs';
import { sha256Hex, type EvidenceKind } from './evidence-store';

/** A file of evidence to keep: its bytes and what they are. */
export interface EvidenceFile {
  bytes: Uint8Array;
  kind: EvidenceKind;
  contentType: string;
}

export interface RecordedHit {
  hitId: number;
  /** The page's evidence (its SHA-256), cited by the hit. */
  htmlSha256: string;
  /** The latest capture of the same page bytes, when one was taken: its files and its listing. */
  kept: { warcSha256: string; screenshotSha256: string | null; listingUrl: string } | null;
}

/**
 * The record stage's writes (migration 080): one statement for a hit with its listing and page,
 * one for a page's capture, in place of one per row (a listing alone: `listings.upsert`). The rows are the ones the
 * listing, evidence, hit and capture repositories write; each file's bytes are stored before the
 * row that points at them.
 */
export function createRecordRepository(db: Queryable, blobs: EvidenceBlobs) {
  async function keep(file: EvidenceFile, o: { listingUrl: string; capturedAt: string }) {
    const sha256 = sha256Hex(file.bytes);
    await blobs.put(sha256, file.bytes);
    return {
      sha256,
      kind: file.kind,
      contentType: file.contentType,
      size: file.bytes.byteLength,
      listingUrl: o.listingUrl,
      capturedAt: o.capturedAt,
      storagePath: `${blobs.kind}:${sha256}`,
    };
  }

  return {
    /**
     * A hit with its listing and its page (kept as evidence), upserted on listing × item as
     * `hits.upsert` does, with the capture already kept for the same page bytes.
     */
    async hit(o: {
      listing: Listing;
      hit: { itemId: string; score: number; signals: Signal[]; sweepId?: string };
      page: EvidenceFile & { capturedAt: string };
    }): Promise<RecordedHit> {
      const page = await keep(o.page, { listingUrl: o.listing.url, capturedAt: o.page.capturedAt });
      const { rows } = await db.query<{
        hitId: number;
        warc: string | null;
        screenshot: string | null;
        listingUrl: string | null;
      }>(
        `SELECT hit_id::int AS "hitId", kept_warc AS warc, kept_screenshot AS screenshot,
                kept_listing_url AS "listingUrl"
           FROM record_hit($1, $2, $3)`,
        [o.listing, o.hit, page],
      );
      const r = rows[0]!;
      return {
        hitId: r.hitId,
        htmlSha256: page.sha256,
        kept: r.warc ? { warcSha256: r.warc, screenshotSha256: r.screenshot, listingUrl: r.listingUrl! } : null,
      };
    },

    /**
     * A page's capture: its files kept (the WARC and a screenshot, whose hashes `capture` names),
     * its page_captures row, and the files cited by the hit.
     */
    async capture(
      hitId: number,
      files: EvidenceFile[],
      capture: Omit<PageCapture, 'warcSha256' | 'screenshotSha256'>,
    ): Promise<void> {
      const meta = { listingUrl: capture.listingUrl, capturedAt: capture.fetchedAt };
      const kept = await Promise.all(files.map((f) => keep(f, meta)));
      const of = (kind: EvidenceKind) => kept.find((f) => f.kind === kind)?.sha256 ?? null;
      await db.query('SELECT record_capture($1, $2, $3)', [
        hitId,
        JSON.stringify(kept),
        { ...capture, warcSha256: of('warc'), screenshotSha256: of('screenshot') },
      ]);
    },
  };
}
export type RecordRepository = ReturnType<typeof createRecordRepository>;
