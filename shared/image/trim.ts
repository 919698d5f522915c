import type { Plane, Rect } from './rgba';

/** How uniform a border line must be; see `trimBorders`. */
export interface TrimOptions {
  /** Luma levels (0..255) a border pixel may stray from the line's median. Default 16: JPEG noise at quality 30 stays inside. */
  tolerance?: number;
  /** Share of a line's pixels allowed past the tolerance. Default 0.02: a speck or a corner of ringing does not stop the trim. */
  outliers?: number;
  /** Largest share of the width or height trimmed from any one side. Default 0.45. */
  maxShare?: number;
  /** Passes; each trims inside the last, so a frame around a plain background goes too. Default 2. */
  passes?: number;
}

/**
 * The rectangle left after stripping uniform lines (borders, padding, a
 * plain studio background) from every side. Sellers pad a catalogue photo to
 * their shop's square format or frame it; trimming both the reference and the
 * listing photo first makes the padding vanish from the hash. A plane that
 * would trim to almost nothing (a flat image) is returned whole; its hash's
 * quality says it is not worth matching.
 */
export function trimBorders(p: Plane, opts: TrimOptions = {}): Rect {
  const tol = opts.tolerance ?? 16;
  const outliers = opts.outliers ?? 0.02;
  const maxShare = opts.maxShare ?? 0.45;
  let x0 = 0;
  let y0 = 0;
  let x1 = p.width;
  let y1 = p.height;
  for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
    const maxX = Math.floor((x1 - x0) * maxShare);
    const maxY = Math.floor((y1 - y0) * maxShare);
    const row = (y: number) => uniform(p, x0, y, x1 - x0, 1, tol, outliers);
    const col = (x: number) => uniform(p, x, y0, 1, y1 - y0, tol, outliers);
    let top = 0;
    while (top < maxY && row(y0 + top)) top++;
    let bottom = 0;
    while (bottom < maxY && row(y1 - 1 - bottom)) bottom++;
    let left = 0;
    while (left < maxX && col(x0 + left)) left++;
    let right = 0;
    while (right < maxX && col(x1 - 1 - right)) right++;
    if (top + bottom + left + right === 0) break;
    x0 += left;
    x1 -= right;
    y0 += top;
    y1 -= bottom;
  }
  if (x1 - x0 < Math.max(8, p.width * 0.1) || y1 - y0 < Math.max(8, p.height * 0.1)) return { x: 0, y: 0, w: p.width, h: p.height };
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Whether a one-pixel-wide line is one colour, within tolerance, but for a few outliers. */
function uniform(p: Plane, x: number, y: number, w: number, h: number, tol: number, outliers: number): boolean {
  const n = w * h;
  const values = new Float64Array(n);
  for (let j = 0, k = 0; j < h; j++) for (let i = 0; i < w; i++) values[k++] = p.data[(y + j) * p.width + x + i]!;
  values.sort();
  const mid = values[n >> 1]!;
  let off = 0;
  const allowed = Math.floor(n * outliers);
  for (let k = 0; k < n; k++) if (Math.abs(values[k]! - mid) > tol && ++off > allowed) return false;
  return true;
}
