import { compareImages, compareWhole, type ImageMatch } from './compare';
import { HammingIndex } from './hamming-index';
import type { ImageHash, ReferenceHash } from './image-hash';
import {
  MIN_LISTING_QUALITY,
  MIN_QUALITY,
  REGION_MAX_DISTANCE,
  WHOLE_INDEX,
  WHOLE_MAX_DISTANCE,
  WINDOW_INDEX,
  WINDOW_MAX_DISTANCE,
} from './thresholds';

/**
 * Below this many reference photos, the whole-image comparison also scans
 * every one (a few µs a photo: a few milliseconds at most, beside ~10 ms to
 * decode and hash the listing photo): the multi-index is exact only to 27 of
 * 256 bits, and brightened or watermarked copies can sit at 30–56. Past it,
 * the index's answer alone, which on bench:images' sample finds nearly
 * everything to 48; the region table, searched to REGION_MAX_DISTANCE, is
 * exact.
 */
const SCAN_BELOW = 2_000;

/** A catalogue item's reference photo with its hash, as the index is built from (the store's rows, the API's). */
export interface ReferencePhoto {
  itemId: string;
  /** The photo's URL, or `upload:<sha256>` for one uploaded through the API. */
  url: string;
  hash: ReferenceHash;
}

/** One reference photo a listing photo matched. */
export interface ReferenceImageHit extends ImageMatch {
  itemId: string;
  /** The reference image's URL (the catalogue item's). */
  referenceUrl: string;
}

/**
 * Every hashed reference photo in memory, looked up by Hamming distance:
 * multi-index tables over the whole-image views, over their region hashes
 * (nine a view) and over the crop-grid windows; mirrors are handled on the
 * query side. The tables find the candidates; `compareImages` decides which count. Built once per sweep or
 * worker, like the seller boost index; the extension builds
 * the same from the reference hashes it syncs, so both decide alike.
 */
export class ReferenceImageIndex {
  private readonly whole = new HammingIndex(WHOLE_INDEX);
  private readonly regions = new HammingIndex(WHOLE_INDEX);
  private readonly windows = new HammingIndex(WINDOW_INDEX);

  constructor(private readonly refs: readonly ReferencePhoto[]) {
    refs.forEach((r, id) => {
      for (const v of r.hash.whole.views) {
        if (v.quality < MIN_QUALITY) continue;
        this.whole.add(v.bits, id);
        for (const region of v.regions) this.regions.add(region.bits, id);
      }
      const w = r.hash.windows;
      for (let i = 0; i < w.quality.length; i++)
        if (w.quality[i]! >= MIN_QUALITY) this.windows.add(w.bits.subarray(2 * i, 2 * i + 2), id);
    });
    this.whole.build();
    this.regions.build();
    this.windows.build();
  }

  /** Reference photos held (hashed and of the current hash version). */
  get size(): number {
    return this.refs.length;
  }

  /** The reference photos `photo` matches, best first (whole-image before crop, then by distance). */
  lookup(photo: ImageHash): ReferenceImageHit[] {
    if (this.refs.length === 0) return [];
    const candidates = new Set<number>();
    for (const v of photo.views) {
      if (v.quality < MIN_LISTING_QUALITY) continue;
      for (const q of [v.bits, v.mirror])
        for (const n of this.whole.search(q, WHOLE_MAX_DISTANCE)) candidates.add(n.id);
      for (const r of v.regions)
        for (const q of [r.bits, r.mirror])
          for (const n of this.regions.search(q, REGION_MAX_DISTANCE)) candidates.add(n.id);
      for (const q of [v.coarse, v.coarseMirror])
        for (const n of this.windows.search(q, WINDOW_MAX_DISTANCE)) candidates.add(n.id);
    }
    const hits: ReferenceImageHit[] = [];
    for (const id of candidates) {
      const ref = this.refs[id]!;
      const m = compareImages(photo, ref.hash);
      if (m) hits.push({ ...m, itemId: ref.itemId, referenceUrl: ref.url });
    }
    if (this.refs.length < SCAN_BELOW)
      this.refs.forEach((ref, id) => {
        if (candidates.has(id)) return;
        const m = compareWhole(photo, ref.hash);
        if (m) hits.push({ ...m, itemId: ref.itemId, referenceUrl: ref.url });
      });
    return hits.sort((a, b) => (a.kind === b.kind ? a.distance - b.distance : a.kind === 'whole' ? -1 : 1));
  }
}
