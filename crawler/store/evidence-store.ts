import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from './db';

export interface EvidenceMeta {
  kind: 'html' | 'screenshot' | 'headers' | 'metadata';
  contentType: string;
  listingUrl?: string;
  capturedAt: string;
}

/**
 * Content-addressed evidence: the file name is the SHA-256 of the bytes,
 * computed here, under `<dir>/<first two hex>/`, so no caller chooses a path
 * and the same capture is stored once.
 */
export function createEvidenceStore(db: Queryable, dir: string) {
  return {
    async save(bytes: Uint8Array, meta: EvidenceMeta): Promise<string> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const rel = join(sha256.slice(0, 2), sha256);
      await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, rel), bytes, { flag: 'w' });
      await db.query(
        `INSERT INTO evidence (sha256, kind, content_type, size, listing_url, captured_at, storage_path)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
        [sha256, meta.kind, meta.contentType, bytes.byteLength, meta.listingUrl ?? null, meta.capturedAt, rel],
      );
      return sha256;
    },
  };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
