import { createHash } from 'node:crypto';
import type { Queryable } from './db';
import type { EvidenceBlobs } from './evidence-blobs';
import type { Scope } from './inbox-repo';

/**
 * `warc`: a page's WARC file (ISO 28500); `package`: a notice's evidence ZIP; `reference_image`: an uploaded catalogue
 * photo.
 */
export type EvidenceKind =
  | 'html'
  | 'screenshot'
  | 'headers'
  | 'metadata'
  | 'warc'
  | 'package'
  | 'reference_image'
  /** A small JPEG of a reference photo or of a listing photo that matched one (the side panel's pair). */
  | 'photo_thumbnail';

export interface EvidenceMeta {
  kind: EvidenceKind;
  contentType: string;
  listingUrl?: string;
  capturedAt: string;
}

export interface Uploader {
  tokenId: string;
  holderId: string | null;
  /** The name the client gave the file: kept as a label, never used as a path. */
  fileName?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The name evidence bytes are kept under. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class EvidenceHashMismatchError extends Error {
  constructor(
    readonly claimed: string,
    readonly actual: string,
  ) {
    super(`the bytes hash to ${actual}, not the claimed ${claimed}`);
  }
}

/**
 * Content-addressed evidence: the key is the SHA-256 of the bytes, computed
 * here, so no caller chooses a path and the same capture is stored once. The
 * bytes go to a blob store (files on one machine, the database for a fleet).
 */
export function createEvidenceStore(db: Queryable, blobs: EvidenceBlobs) {
  async function save(bytes: Uint8Array, meta: EvidenceMeta): Promise<string> {
    const sha256 = sha256Hex(bytes);
    // Bytes first: a row never points at bytes that are not there.
    await blobs.put(sha256, bytes);
    await db.query(
      `INSERT INTO evidence (sha256, kind, content_type, size, listing_url, captured_at, storage_path)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
      [
        sha256,
        meta.kind,
        meta.contentType,
        bytes.byteLength,
        meta.listingUrl ?? null,
        meta.capturedAt,
        `${blobs.kind}:${sha256}`,
      ],
    );
    return sha256;
  }

  return {
    save,

    /**
     * Stores uploaded bytes only if they hash to what the client claims, and
     * records who uploaded them (which is what lets a holder read them back).
     * The answer is the same whether or not the bytes were already stored, so
     * an upload cannot probe for another holder's evidence.
     */
    async saveUpload(bytes: Uint8Array, claimedSha256: string, meta: EvidenceMeta, by: Uploader): Promise<string> {
      const actual = sha256Hex(bytes);
      if (actual !== claimedSha256.toLowerCase()) throw new EvidenceHashMismatchError(claimedSha256, actual);
      const sha256 = await save(bytes, meta);
      await db.query(
        `INSERT INTO evidence_uploads (sha256, token_id, holder_id, file_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256, token_id) DO NOTHING`,
        [sha256, by.tokenId, by.holderId, by.fileName ?? null],
      );
      return sha256;
    },

    /** Reviewers and admins read all evidence; a holder what it uploaded or what its hits carry. */
    async canRead(sha256: string, scope: Scope & { tokenId: string }): Promise<boolean> {
      if (!SHA256_HEX.test(sha256)) return false;
      const { rows } = await db.query(
        `SELECT 1 FROM evidence e WHERE e.sha256 = $1 AND (
           $2::text IS NULL
           OR EXISTS (SELECT 1 FROM evidence_uploads u WHERE u.sha256 = e.sha256 AND (u.holder_id = $2
           OR u.token_id = $3))
           OR EXISTS (SELECT 1 FROM hit_evidence he JOIN hits h ON h.id = he.hit_id JOIN items i ON i.id = h.item_id
                       WHERE he.sha256 = e.sha256 AND i.holder_id = $2)
           OR EXISTS (SELECT 1 FROM hits h JOIN items i ON i.id = h.item_id WHERE h.evidence_sha256 = e.sha256
           AND i.holder_id = $2))`,
        [sha256, scope.holderId, scope.tokenId],
      );
      return rows.length > 0;
    },

    /**
     * What a flag may cite: evidence this token uploaded, or a holder's own
     * uploads. Never someone else's, even for reviewers, because citing it
     * would hand it to the flagged hit's holder.
     */
    async canCite(sha256: string, scope: Scope & { tokenId: string }): Promise<boolean> {
      if (!SHA256_HEX.test(sha256)) return false;
      const { rows } = await db.query(
        `SELECT 1 FROM evidence_uploads u WHERE u.sha256 = $1 AND (u.token_id = $3 OR ($2::text IS NOT NULL
          AND u.holder_id = $2))`,
        [sha256, scope.holderId, scope.tokenId],
      );
      return rows.length > 0;
    },

    async read(sha256: string): Promise<{ bytes: Uint8Array; contentType: string; kind: string } | null> {
      if (!SHA256_HEX.test(sha256)) return null;
      const { rows } = await db.query<{ contentType: string; kind: string }>(
        'SELECT content_type AS "contentType", kind FROM evidence WHERE sha256 = $1',
        [sha256],
      );
      if (!rows[0]) return null;
      const bytes = await blobs.get(sha256);
      return bytes ? { bytes, ...rows[0] } : null;
    },
  };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
