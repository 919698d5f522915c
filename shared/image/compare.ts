import { hamming } from './bits';
import type { UnitRect } from './crops';
import type { ImageHash, ReferenceHash } from './image-hash';
import {
  MIN_LISTING_QUALITY,
  MIN_QUALITY,
  WHOLE_MAX_DISTANCE,
  WINDOW_CLOSE_DISTANCE,
  WINDOW_CLOSE_MIN_SUPPORT,
  WINDOW_CLOSE_SUPPORT_DISTANCE,
  WINDOW_MAX_DISTANCE,
  WINDOW_MIN_SUPPORT,
  WINDOW_SUPPORT_DISTANCE,
} from './thresholds';

/** How a listing photo matched a reference photo. */
export interface ImageMatch {
  /** `whole`: the same photo (resized, re-encoded, framed, watermarked…); `window`: a crop of it. */
  kind: 'whole' | 'window';
  /** Hamming distance: of 256 bits for `whole`, of 64 for `window`. */
  distance: number;
  /** The listing photo is the reference flipped left to right. */
  mirrored: boolean;
  /** For `window`: the part of the reference the listing shows, in shares of its trimmed size. */
  window?: UnitRect;
  /** For `window`: how many of the reference's windows agree (within the support distance of its tier). */
  support?: number;
}

/**
 * The decision a matcher makes for one listing photo against one reference
 * photo, given their hashes: a whole-image match when the 256-bit hashes of
 * some pair of their views are within WHOLE_MAX_DISTANCE (either
 * orientation), else a crop match when
 * the listing's coarse hash is within WINDOW_MAX_DISTANCE of one of the
 * reference's windows and the neighbourhood agrees: a real crop also sits
 * near the windows shifted a step from the best one, while an unrelated
 * photo that comes close to one window by chance is far from the rest (a
 * best window within WINDOW_CLOSE_DISTANCE needs WINDOW_CLOSE_MIN_SUPPORT
 * windows within WINDOW_CLOSE_SUPPORT_DISTANCE, a further one
 * WINDOW_MIN_SUPPORT within WINDOW_SUPPORT_DISTANCE).
 * References under MIN_QUALITY and listing photos under
 * MIN_LISTING_QUALITY never match. An index finds
 * the candidates; this says which of them count.
 */
export function compareImages(listing: ImageHash, ref: ReferenceHash): ImageMatch | undefined {
  const whole = compareWhole(listing, ref);
  if (whole) return whole;
  const mine = listing.views.filter((v) => v.quality >= MIN_LISTING_QUALITY);
  if (mine.length === 0) return undefined;
  let best: ImageMatch | undefined;
  let support = 0;
  let closeSupport = 0;
  for (const w of ref.windows) {
    if (w.quality < MIN_QUALITY) continue;
    let d = Infinity;
    let mirrored = false;
    for (const lv of mine) {
      const s = hamming(lv.coarse, w.bits);
      const f = hamming(lv.coarseMirror, w.bits);
      if (Math.min(s, f) < d) {
        d = Math.min(s, f);
        mirrored = f < s;
      }
    }
    if (d <= WINDOW_SUPPORT_DISTANCE) support++;
    if (d <= WINDOW_CLOSE_SUPPORT_DISTANCE) closeSupport++;
    if (d <= WINDOW_MAX_DISTANCE && (!best || d < best.distance))
      best = { kind: 'window', distance: d, mirrored, window: w.window };
  }
  if (!best) return undefined;
  if (best.distance <= WINDOW_CLOSE_DISTANCE && closeSupport >= WINDOW_CLOSE_MIN_SUPPORT)
    return { ...best, support: closeSupport };
  return support >= WINDOW_MIN_SUPPORT ? { ...best, support } : undefined;
}

/**
 * The whole-image half of `compareImages`: every pairing of views (which
 * borders trimming took can differ between photo and copy), either
 * orientation, within WHOLE_MAX_DISTANCE.
 */
export function compareWhole(listing: ImageHash, ref: ReferenceHash): ImageMatch | undefined {
  let whole: ImageMatch | undefined;
  for (const rv of ref.whole.views) {
    if (rv.quality < MIN_QUALITY) continue;
    for (const lv of listing.views) {
      if (lv.quality < MIN_LISTING_QUALITY) continue;
      const straight = hamming(lv.bits, rv.bits);
      const flipped = hamming(lv.mirror, rv.bits);
      const d = Math.min(straight, flipped);
      if (d <= WHOLE_MAX_DISTANCE && (!whole || d < whole.distance))
        whole = { kind: 'whole', distance: d, mirrored: flipped < straight };
    }
  }
  return whole;
}
