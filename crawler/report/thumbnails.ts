import { thumbnailJpeg } from '../image';
import type { HitRow, Store } from '../store';

/** A hit's screenshot as the report shows it: a small JPEG inlined as a data: URI (the report stays one file). */
export interface Thumbnail {
  dataUri: string;
  sha256: string;
}

/** Bounds the report's size: screenshots of the first (highest-ranked) hits only. */
const MAX_THUMBNAILS = 300;

/**
 * Thumbnails of the hits' screenshots (crawler captures of rendered pages and
 * reviewers' uploads), hit id → thumbnail. A screenshot that cannot be read
 * is left out, never fatal to the report.
 */
export async function hitThumbnails(
  store: Pick<Store, 'captures' | 'evidence'>,
  hits: readonly HitRow[],
): Promise<Map<number, Thumbnail>> {
  const shots = await store.captures.screenshotsOf(hits.map((h) => h.id));
  const out = new Map<number, Thumbnail>();
  const made = new Map<string, string>();
  for (const h of hits) {
    if (out.size >= MAX_THUMBNAILS) break;
    const sha256 = shots.get(h.id);
    if (!sha256) continue;
    let dataUri = made.get(sha256);
    if (dataUri === undefined) {
      const blob = await store.evidence.read(sha256);
      if (!blob) continue;
      try {
        dataUri = `data:image/jpeg;base64,${Buffer.from(await thumbnailJpeg(blob.bytes)).toString('base64')}`;
      } catch {
        continue;
      }
      made.set(sha256, dataUri);
    }
    out.set(h.id, { dataUri, sha256 });
  }
  return out;
}
