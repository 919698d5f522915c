import { unpackWords, type Bits } from './bits';
import { cropGrid, type UnitRect } from './crops';
import { hashGrid, KINDS, type RegionHash } from './pdq';
import { gridBlock, resampleArea, shrinkGrid, SummedArea } from './resample';
import { photoPlanes, type PhotoPlanes, type Rect, type RgbaImage } from './rgba';
import { trimStages } from './trim';

/**
 * Bump when any step changes the bits, so stored hashes are known stale: the
 * store keeps it beside every hash (`hash_version`), the reference index
 * loads only rows of this version, and a refresh re-hashes the rest.
 * 2: one 128×128 resample per view, the 3×3 region hashes, colour hashes of views and windows.
 */
export const HASH_VERSION = 2;

/** One view of a photo: the whole of it, or what a trimming stage left. */
export interface HashView {
  /** The view's rectangle in the (possibly box-reduced) luminance plane's pixels. */
  rect: Rect;
  /** 256-bit hash. */
  bits: Bits;
  /** The same for the left-right mirror image. */
  mirror: Bits;
  /**
   * 0..100; under MIN_QUALITY (a reference) or MIN_LISTING_QUALITY (a listing photo) the bits are noise and must not be
   * matched.
   */
  quality: number;
  /** 64-bit coarse hash, compared with a reference's window hashes. */
  coarse: Bits;
  coarseMirror: Bits;
  /**
   * 256-bit hashes of the view's REGIONS (half its width and height each, a 3×3 grid), in that order: a copy with a
   * watermark or a sticker over part of the photo still agrees with the reference in the regions it leaves alone.
   */
  regions: RegionHash[];
  /** The view's colour, for crop matches: see ColourHash. */
  colour: ColourHash;
}

/**
 * 64-bit coarse hashes (as `coarse`) of the two colour-difference planes,
 * blue − luma (`u`) and red − luma (`v`), each with its mirror. Luminance
 * alone takes the outline of a product cut out on white for the product: a
 * crop of one round fruit sits as close to a window of another as to its
 * own. Colour tells them apart; each bit still says only "above the median",
 * so brightness and saturation changes leave it.
 */
export interface ColourHash {
  u: Bits;
  uMirror: Bits;
  v: Bits;
  vMirror: Bits;
  /**
   * 0..100, the luma quality measure over the colour planes (the larger of the two): a grey photo scores ~0, and its
   * colour bits are noise that must not be compared (under MIN_COLOUR_QUALITY).
   */
  quality: number;
}

/**
 * What a photo is looked up by: a listing photo gets only this; a reference
 * gets it plus its windows. Views are the most trimmed first (borders and
 * plain background gone), then each less trimmed one down to the untrimmed
 * photo: one view when nothing was trimmed, at most three.
 */
export interface ImageHash {
  version: number;
  views: HashView[];
}

/** One crop-grid window of a reference photo, on its own (`windowAt`); the reference keeps them packed. */
export interface WindowHash {
  /** The window, in shares of the trimmed image. */
  window: UnitRect;
  /** 64-bit coarse hash. */
  bits: Bits;
  quality: number;
  /** 64-bit coarse hashes of the window's colour planes (as ColourHash's `u` and `v`). */
  u: Bits;
  v: Bits;
}

/**
 * A reference photo's crop-grid windows, packed: window i (`cells[i]`) has
 * its 64-bit luma hash at words 2i and 2i+1 of `bits`, its colour hashes at
 * words 4i..4i+3 of `colour` (u, then v: the store's `window_colour`
 * layout) and its quality at `quality[i]`. A process holds every reference
 * photo's windows (the reference index, the extension's background): as an
 * object with three typed arrays each, a photo's 625 windows took ~470 KB
 * of heap; packed, 16 KB.
 */
export interface WindowHashes {
  cells: readonly UnitRect[];
  bits: Uint32Array;
  colour: Uint32Array;
  quality: Uint8Array;
}

export interface ReferenceHash {
  whole: ImageHash;
  windows: WindowHashes;
}

/** Window `i` of a reference as its own object (views into the packed arrays). */
export function windowAt(w: WindowHashes, i: number): WindowHash {
  return {
    window: w.cells[i]!,
    bits: w.bits.subarray(2 * i, 2 * i + 2),
    quality: w.quality[i]!,
    u: w.colour.subarray(4 * i, 4 * i + 2),
    v: w.colour.subarray(4 * i + 2, 4 * i + 4),
  };
}

/** Every window of a reference, in grid order, each as its own object. */
export function windowList(w: WindowHashes): WindowHash[] {
  return Array.from(w.cells, (_, i) => windowAt(w, i));
}

/**
 * Windows as a store or the wire keeps them (`packWords` of `bits` and of
 * `colour`, one quality per window) over `cells`, the grid they were hashed
 * on; throws when the counts disagree (a hash of another grid).
 */
export function windowsFromBytes(
  cells: readonly UnitRect[],
  bits: Uint8Array,
  quality: ArrayLike<number>,
  colour: Uint8Array,
): WindowHashes {
  const w = { cells, bits: unpackWords(bits), colour: unpackWords(colour), quality: Uint8Array.from(quality) };
  if (w.bits.length !== 2 * cells.length || w.quality.length !== cells.length || w.colour.length !== 4 * cells.length)
    throw new RangeError(
      `${w.bits.length / 2} windows, ${w.quality.length} qualities and ${w.colour.length / 4} colours for a grid of ` +
        `${cells.length}`,
    );
  return w;
}

/** Side of the grid a view is resampled to once; every hash of the view is taken from it. */
const VIEW_GRID = 128;

/**
 * The regions each view is also hashed in: half the view's width and
 * height, at a quarter-step grid (3×3, overlapping), row by row. A text
 * watermark across the lower third and a logo in a corner leave the top
 * row's regions untouched.
 */
export const REGIONS: readonly UnitRect[] = [0, 0.25, 0.5].flatMap((y) =>
  [0, 0.25, 0.5].map((x) => ({ x, y, w: 0.5, h: 0.5 })),
);

/** The region a region shows in the left-right mirror image (same row, opposite column). */
export function mirrorRegion(i: number): number {
  return i - (i % 3) + 2 - (i % 3);
}

function scaled(r: Rect, k: number): Rect {
  return { x: r.x * k, y: r.y * k, w: r.w * k, h: r.h * k };
}

function colourHash(planes: PhotoPlanes, rect: Rect): ColourHash {
  const grid = KINDS.coarse.grid;
  const at = scaled(rect, planes.colourScale);
  const u = hashGrid(resampleArea(planes.u, at, grid, grid), 'coarse');
  const v = hashGrid(resampleArea(planes.v, at, grid, grid), 'coarse');
  return { u: u.bits, uMirror: u.mirror, v: v.bits, vMirror: v.mirror, quality: Math.max(u.quality, v.quality) };
}

function view(planes: PhotoPlanes, rect: Rect): HashView {
  // One area resample of the view to 128×128: the 64×64 (256-bit) and 32×32 (coarse) grids are its 2×2 and 4×4 block
  // averages, which is what resampling straight to them gives, and each region is a 64×64 block of it.
  const px = resampleArea(planes.luma, rect, VIEW_GRID, VIEW_GRID);
  const full = hashGrid(shrinkGrid(px, VIEW_GRID, VIEW_GRID / KINDS.full.grid), 'full');
  const coarse = hashGrid(shrinkGrid(px, VIEW_GRID, VIEW_GRID / KINDS.coarse.grid), 'coarse');
  const side = VIEW_GRID / 2;
  const regions = REGIONS.map((r) =>
    hashGrid(gridBlock(px, VIEW_GRID, r.x * VIEW_GRID, r.y * VIEW_GRID, side), 'full'),
  );
  return {
    rect,
    bits: full.bits,
    mirror: full.mirror,
    quality: full.quality,
    coarse: coarse.bits,
    coarseMirror: coarse.mirror,
    regions,
    colour: colourHash(planes, rect),
  };
}

function wholeHash(planes: PhotoPlanes, stages: Rect[]): ImageHash {
  return { version: HASH_VERSION, views: [...stages].reverse().map((r) => view(planes, r)) };
}

/** The hash a listing photo is looked up by (and the first part of a reference's). */
export function hashImage(img: RgbaImage): ImageHash {
  const planes = photoPlanes(img);
  return wholeHash(planes, trimStages(planes.luma));
}

/**
 * A reference photo's whole-image hash plus coarse luma and colour hashes
 * per crop-grid window of its most trimmed view, so a listing that shows
 * only part of the photo still finds it. Only the reference side pays for
 * the grid (hashed once, kept); a listing photo is hashed once. Each
 * window's 32×32 grids are area averages taken from the planes'
 * summed-area tables, a lookup per grid corner.
 */
export function hashReference(img: RgbaImage, windows: readonly UnitRect[] = cropGrid()): ReferenceHash {
  const planes = photoPlanes(img);
  const stages = trimStages(planes.luma);
  const whole = wholeHash(planes, stages);
  const t = stages.at(-1)!;
  const grid = KINDS.coarse.grid;
  const luma = new SummedArea(planes.luma);
  const u = new SummedArea(planes.u);
  const v = new SummedArea(planes.v);
  const packed: WindowHashes = {
    cells: windows,
    bits: new Uint32Array(2 * windows.length),
    colour: new Uint32Array(4 * windows.length),
    quality: new Uint8Array(windows.length),
  };
  windows.forEach((cell, i) => {
    const r = { x: t.x + cell.x * t.w, y: t.y + cell.y * t.h, w: cell.w * t.w, h: cell.h * t.h };
    const c = scaled(r, planes.colourScale);
    const l = hashGrid(luma.grid(r, grid, grid), 'coarse');
    packed.bits.set(l.bits, 2 * i);
    packed.quality[i] = l.quality;
    packed.colour.set(hashGrid(u.grid(c, grid, grid), 'coarse').bits, 4 * i);
    packed.colour.set(hashGrid(v.grid(c, grid, grid), 'coarse').bits, 4 * i + 2);
  });
  return { whole, windows: packed };
}
