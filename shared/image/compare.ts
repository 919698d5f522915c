import { hamming, hammingAt } from './bits';
import type { UnitRect } from './crops';
import { mirrorRegion, type HashView, type ImageHash, type ReferenceHash, type WindowHashes } from './image-hash';
import {
  MIN_COLOUR_QUALITY,
  MIN_LISTING_QUALITY,
  MIN_QUALITY,
  REGION_MAX_DISTANCE,
  REGION_MIN_AGREEING,
  WHOLE_MAX_DISTANCE,
  WINDOW_CLOSE_DISTANCE,
  WINDOW_CLOSE_MIN_SUPPORT,
  WINDOW_CLOSE_SUPPORT_DISTANCE,
  WINDOW_GREY_MAX_DISTANCE,
  WINDOW_MAX_COLOUR_DISTANCE,
  WINDOW_MAX_DISTANCE,
  WINDOW_MIN_SUPPORT,
  WINDOW_SUPPORT_DISTANCE,
} from './thresholds';

/** How a listing photo matched a reference photo. */
export interface ImageMatch {
  /** `whole`: the same photo (resized, re-encoded, framed, watermarked…); `window`: a crop of it. */
  kind: 'whole' | 'window';
  /** Hamming distance: of 256 bits for `whole` (between the whole views), of 64 for `window`. */
  distance: number;
  /** The listing photo is the reference flipped left to right. */
  mirrored: boolean;
  /**
   * For `whole` when the whole views are further apart than WHOLE_MAX_DISTANCE (a watermark or a sticker over part of
   * the photo): how many of the nine regions agree (within REGION_MAX_DISTANCE).
   */
  regions?: number;
  /** For `window`: the part of the reference the listing shows, in shares of its trimmed size. */
  window?: UnitRect;
  /** For `window` between photos in colour: the colour hashes' distance there, of 128 bits. */
  colour?: number;
  /** For `window` between grey photos: how many of the reference's windows agree (within the support distance). */
  support?: number;
}

const listingViews = (h: ImageHash) => h.views.filter((v) => v.quality >= MIN_LISTING_QUALITY);
const inColour = (v: HashView) => v.colour.quality >= MIN_COLOUR_QUALITY;

/**
 * The decision a matcher makes for one listing photo against one reference
 * photo, given their hashes: a whole-image match (`compareWhole`), else a
 * crop match (`compareWindows`). References under MIN_QUALITY and listing
 * photos under MIN_LISTING_QUALITY never match. An index finds the
 * candidates; this says which of them count.
 */
export function compareImages(listing: ImageHash, ref: ReferenceHash): ImageMatch | undefined {
  return compareWhole(listing, ref) ?? compareWindows(listing, ref);
}

/**
 * The whole-image half of `compareImages`, over every pairing of views
 * (which borders trimming took can differ between photo and copy), either
 * orientation: the 256-bit hashes within WHOLE_MAX_DISTANCE, or, for a copy
 * with something laid over part of it, at least REGION_MIN_AGREEING of the
 * nine region hashes within REGION_MAX_DISTANCE of the same regions of the
 * reference. The closest whole-view match wins; failing one, the pairing
 * with the most regions agreeing.
 */
export function compareWhole(listing: ImageHash, ref: ReferenceHash): ImageMatch | undefined {
  let whole: ImageMatch | undefined;
  let partial: ImageMatch | undefined;
  for (const rv of ref.whole.views) {
    if (rv.quality < MIN_QUALITY) continue;
    for (const lv of listingViews(listing)) {
      const straight = hamming(lv.bits, rv.bits);
      const flipped = hamming(lv.mirror, rv.bits);
      const mirrored = flipped < straight;
      const d = Math.min(straight, flipped);
      if (d <= WHOLE_MAX_DISTANCE) {
        if (!whole || d < whole.distance) whole = { kind: 'whole', distance: d, mirrored };
        continue;
      }
      for (const mirror of [false, true]) {
        const agreeing = agreeingRegions(lv, rv, mirror);
        const dm = mirror ? flipped : straight;
        if (
          agreeing >= REGION_MIN_AGREEING &&
          (!partial || agreeing > partial.regions! || (agreeing === partial.regions && dm < partial.distance))
        )
          partial = { kind: 'whole', distance: dm, mirrored: mirror, regions: agreeing };
      }
    }
  }
  return whole ?? partial;
}

/** How many of the listing view's regions (of its mirror image, if `mirror`) are near the reference view's. */
function agreeingRegions(lv: HashView, rv: HashView, mirror: boolean): number {
  let n = 0;
  for (let i = 0; i < rv.regions.length; i++) {
    const l = lv.regions[mirror ? mirrorRegion(i) : i]!;
    if (hamming(mirror ? l.mirror : l.bits, rv.regions[i]!.bits) <= REGION_MAX_DISTANCE) n++;
  }
  return n;
}

/**
 * The crop half of `compareImages`: the listing's coarse hash against each
 * of the reference's crop-grid windows. When both photos have colour, the
 * window must agree in luma and colour together: 2 × luma distance + the
 * colour hashes' distance within WINDOW_MAX_COLOUR_DISTANCE, luma within
 * WINDOW_MAX_DISTANCE. Between grey photos (or a grey and a colour one) only
 * luma is there to go on, and the neighbourhood must agree: a real crop also
 * sits near the windows shifted a step from the best one, while an unrelated
 * photo that comes close to one window by chance is far from the rest (a
 * best window within WINDOW_CLOSE_DISTANCE needs WINDOW_CLOSE_MIN_SUPPORT
 * windows within WINDOW_CLOSE_SUPPORT_DISTANCE, a further one, up to
 * WINDOW_GREY_MAX_DISTANCE, WINDOW_MIN_SUPPORT within WINDOW_SUPPORT_DISTANCE).
 */
export function compareWindows(listing: ImageHash, ref: ReferenceHash): ImageMatch | undefined {
  const mine = listingViews(listing);
  const refView = ref.whole.views[0];
  if (mine.length === 0 || !refView) return undefined;
  const colourful = inColour(refView);
  const coloured = mine.filter(inColour);
  const grey = colourful ? mine.filter((v) => !inColour(v)) : mine;
  return (colourful && colourWindow(coloured, ref.windows)) || greyWindow(grey, ref.windows);
}

function colourWindow(views: readonly HashView[], windows: WindowHashes): ImageMatch | undefined {
  const { bits, colour, quality, cells } = windows;
  let best: ImageMatch | undefined;
  let bestScore = Infinity;
  for (let i = 0; i < quality.length; i++) {
    if (quality[i]! < MIN_QUALITY) continue;
    for (const lv of views) {
      for (const mirror of [false, true]) {
        const d = hammingAt(mirror ? lv.coarseMirror : lv.coarse, bits, 2 * i);
        if (d > WINDOW_MAX_DISTANCE) continue;
        const c =
          hammingAt(mirror ? lv.colour.uMirror : lv.colour.u, colour, 4 * i) +
          hammingAt(mirror ? lv.colour.vMirror : lv.colour.v, colour, 4 * i + 2);
        const score = 2 * d + c;
        if (score <= WINDOW_MAX_COLOUR_DISTANCE && score < bestScore) {
          bestScore = score;
          best = { kind: 'window', distance: d, mirrored: mirror, window: cells[i]!, colour: c };
        }
      }
    }
  }
  return best;
}

function greyWindow(views: readonly HashView[], windows: WindowHashes): ImageMatch | undefined {
  if (views.length === 0) return undefined;
  const { bits, quality, cells } = windows;
  let best: ImageMatch | undefined;
  let support = 0;
  let closeSupport = 0;
  for (let i = 0; i < quality.length; i++) {
    if (quality[i]! < MIN_QUALITY) continue;
    let d = Infinity;
    let mirrored = false;
    for (const lv of views) {
      const s = hammingAt(lv.coarse, bits, 2 * i);
      const f = hammingAt(lv.coarseMirror, bits, 2 * i);
      if (Math.min(s, f) < d) {
        d = Math.min(s, f);
        mirrored = f < s;
      }
    }
    if (d <= WINDOW_SUPPORT_DISTANCE) support++;
    if (d <= WINDOW_CLOSE_SUPPORT_DISTANCE) closeSupport++;
    if (d <= WINDOW_GREY_MAX_DISTANCE && (!best || d < best.distance))
      best = { kind: 'window', distance: d, mirrored, window: cells[i]! };
  }
  if (!best) return undefined;
  if (best.distance <= WINDOW_CLOSE_DISTANCE && closeSupport >= WINDOW_CLOSE_MIN_SUPPORT)
    return { ...best, support: closeSupport };
  return support >= WINDOW_MIN_SUPPORT ? { ...best, support } : undefined;
}
