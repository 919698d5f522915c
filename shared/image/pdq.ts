import { bitsAbove, median, type Bits } from './bits';
import { dctCoefficients, mirrorCoefficients } from './dct';

/** One region's hash, its mirror image's, and how much detail the region had. */
export interface RegionHash {
  bits: Bits;
  /** The hash of the region flipped left to right. */
  mirror: Bits;
  /** 0..100: PDQ's gradient measure; flat regions score low and their bits are noise. */
  quality: number;
}

/** Grid side and frequencies per axis of each hash kind. */
export const KINDS = {
  /** 256 bits: 64×64 grid, frequencies 1..16 (PDQ's layout). */
  full: { grid: 64, freqs: 16 },
  /** 64 bits: 32×32 grid, frequencies 1..8 — coarser, so it forgives the misalignment of a crop-grid window. */
  coarse: { grid: 32, freqs: 8 },
} as const;
export type HashKind = keyof typeof KINDS;

/**
 * PDQ (Facebook's photo hash, 2019) in outline: luminance resampled to a
 * square grid, the lowest non-DC DCT coefficients, one bit each for "above
 * the median". Low frequencies survive resizing, recompression and small
 * text; comparing to the median, not to zero, makes the bits immune to
 * brightness and contrast changes. We resample by exact area averaging
 * instead of PDQ's two-pass box (Jarosz) filter, so hashes are PDQ-like, not
 * PDQ-compatible. `px` is the region already resampled to the kind's grid
 * (grid × grid, row-major).
 */
export function hashGrid(px: Float64Array, kind: HashKind): RegionHash {
  const { grid, freqs } = KINDS[kind];
  const c = dctCoefficients(px, grid, freqs);
  const m = mirrorCoefficients(c, freqs);
  return { bits: bitsAbove(c, median(c)), mirror: bitsAbove(m, median(m)), quality: quality(px, grid) };
}

/**
 * PDQ's image-domain quality: the sum of neighbour differences over the
 * 64×64 grid, each as a whole percentage of full scale, divided by 90 and
 * capped at 100. A flat image scores 0, a smooth full-range gradient about
 * 44, a photo with texture 100. On a coarser grid the divisor shrinks with
 * the side, which keeps a gradient's score where it was.
 */
export function quality(px: Float64Array, n: number): number {
  let sum = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = px[y * n + x]!;
      if (x + 1 < n) sum += Math.floor((Math.abs(px[y * n + x + 1]! - v) * 100) / 255);
      if (y + 1 < n) sum += Math.floor((Math.abs(px[(y + 1) * n + x]! - v) * 100) / 255);
    }
  }
  return Math.min(100, Math.floor(sum / ((90 * n) / 64)));
}
