import type { Bits } from './bits';
import { cropGrid, type UnitRect } from './crops';
import { hashRegion, KINDS } from './pdq';
import { resampleArea } from './resample';
import { lumaPlane, type Plane, type Rect, type RgbaImage } from './rgba';
import { trimStages } from './trim';

/** Bump when any step changes the bits, so stored hashes are known stale. */
export const HASH_VERSION = 1;

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

/** One crop-grid window of a reference photo. */
export interface WindowHash {
  /** The window, in shares of the trimmed image. */
  window: UnitRect;
  /** 64-bit coarse hash. */
  bits: Bits;
  quality: number;
}

export interface ReferenceHash {
  whole: ImageHash;
  windows: WindowHash[];
}

/** Side of the plane a reference's windows are cut from: ample for a 32×32 grid from a window of 0.6. */
const WINDOW_PLANE_SIDE = 128;

function view(plane: Plane, rect: Rect): HashView {
  const full = hashRegion(plane, rect, 'full');
  const coarse = hashRegion(plane, rect, 'coarse');
  return {
    rect,
    bits: full.bits,
    mirror: full.mirror,
    quality: full.quality,
    coarse: coarse.bits,
    coarseMirror: coarse.mirror,
  };
}

function wholeHash(plane: Plane, stages: Rect[]): ImageHash {
  return { version: HASH_VERSION, views: [...stages].reverse().map((r) => view(plane, r)) };
}

/** The hash a listing photo is looked up by (and the first part of a reference's). */
export function hashImage(img: RgbaImage): ImageHash {
  const plane = lumaPlane(img);
  return wholeHash(plane, trimStages(plane));
}

/**
 * A reference photo's whole-image hash plus one coarse hash per crop-grid
 * window of its most trimmed view, so a listing that shows only part of the
 * photo still finds it. Only the reference side pays for the grid (hashed
 * once, kept); a listing photo is hashed once. Windows are cut from the
 * trimmed image area-averaged to at most 128 pixels a side, which keeps 625
 * windows to ~50 ms.
 */
export function hashReference(img: RgbaImage, windows: readonly UnitRect[] = cropGrid()): ReferenceHash {
  const plane = lumaPlane(img);
  const stages = trimStages(plane);
  const whole = wholeHash(plane, stages);
  const t = stages.at(-1)!;
  const s = Math.min(1, WINDOW_PLANE_SIDE / Math.max(t.w, t.h));
  const w = Math.max(KINDS.coarse.grid, Math.round(t.w * s));
  const h = Math.max(KINDS.coarse.grid, Math.round(t.h * s));
  const small: Plane = { width: w, height: h, data: resampleArea(plane, t, w, h) };
  return {
    whole,
    windows: windows.map((cell) => {
      const c = hashRegion(small, { x: cell.x * w, y: cell.y * h, w: cell.w * w, h: cell.h * h }, 'coarse');
      return { window: cell, bits: c.bits, quality: c.quality };
    }),
  };
}
