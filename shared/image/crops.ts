import type { Rect } from './rgba';

/** A sub-window of an image in fractions of its (trimmed) width and height. */
export type UnitRect = Rect;

/** Which windows of a reference photo get their own hash; see `cropGrid`. */
export interface CropGridOptions {
  /** Window sides, as shares of the image side, per axis. Default 0.6..1 by 0.1. */
  scales?: readonly number[];
  /** Largest gap between neighbouring window positions, as a share of the image side. Default 0.05. */
  step?: number;
}

/**
 * Windows over the unit square: every pair of (width, height) scales, each at
 * evenly spaced positions no more than `step` apart, edges included — 625
 * with the defaults (the whole image is one of them). A
 * listing photo cropped from a reference lands within half a step of one of
 * them, close enough for the low-frequency hash to agree. Scales are taken
 * per axis independently, so a crop that keeps 90 % of the width and 60 % of
 * the height is covered too.
 */
export function cropGrid(opts: CropGridOptions = {}): UnitRect[] {
  const scales = opts.scales ?? [0.6, 0.7, 0.8, 0.9, 1];
  const step = opts.step ?? 0.05;
  const out: UnitRect[] = [];
  const positions = (s: number) => {
    const n = Math.ceil((1 - s) / step - 1e-9);
    return n <= 0 ? [0] : Array.from({ length: n + 1 }, (_, i) => ((1 - s) * i) / n);
  };
  for (const sw of scales) {
    for (const sh of scales) {
      for (const y of positions(sh)) for (const x of positions(sw)) out.push({ x, y, w: sw, h: sh });
    }
  }
  return out;
}
