import type { Plane, Rect } from './rgba';

/** How uniform a border line must be; see `trimBorders`. */
export interface TrimOptions {
  /**
   * Luma levels (0..255) a border pixel may stray from the side's edge colour. Default 10: JPEG noise on a flat border
   * stays inside, a sky's gradient soon leaves it.
   */
  tolerance?: number;
  /**
   * Share of a line's pixels allowed past the tolerance. Default 0.02: a speck or a corner of ringing does not stop the
   * trim.
   */
  outliers?: number;
  /** Largest share of the width or height trimmed from any one side. Default 0.45. */
  maxShare?: number;
  /** Passes; each trims inside the last, so a frame around a plain background goes too. Default 2. */
  passes?: number;
}

/**
 * The rectangle left after stripping uniform lines (borders, padding, a
 * plain studio background) from every side. Each line is compared with the
 * colour of the side's outermost line, not with itself, so only a solid band
 * goes: a smooth gradient (a sky) drifts out of tolerance within a few lines
 * and stays, where a per-line test would eat into it by an amount that
 * moves with every resize or brightness change. Sellers pad a catalogue
 * photo to their shop's square format or frame it; trimming both the
 * reference and the listing photo first makes the padding vanish from the
 * hash. A plane that would trim to almost nothing (a flat image) is returned
 * whole; its hash's quality says it is not worth matching.
 */
export function trimBorders(p: Plane, opts: TrimOptions = {}): Rect {
  return trimStages(p, opts).at(-1)!;
}

/**
 * The whole plane, then the rectangle after each trimming pass that took
 * something off. Where a photo has flat areas of its own at an edge, how far
 * trimming goes can differ between the photo and its framed or recompressed
 * copy; hashing every stage lets one of them line up.
 */
export function trimStages(p: Plane, opts: TrimOptions = {}): Rect[] {
  const tol = opts.tolerance ?? 10;
  const outliers = opts.outliers ?? 0.02;
  const maxShare = opts.maxShare ?? 0.45;
  // Sides still at the plane's edge end where its image does (see Plane.extent).
  const rect = (x0: number, y0: number, x1: number, y1: number): Rect => ({
    x: x0,
    y: y0,
    w: (x1 === p.width ? (p.extent?.width ?? x1) : x1) - x0,
    h: (y1 === p.height ? (p.extent?.height ?? y1) : y1) - y0,
  });
  const stages: Rect[] = [rect(0, 0, p.width, p.height)];
  let x0 = 0;
  let y0 = 0;
  let x1 = p.width;
  let y1 = p.height;
  for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
    const maxX = Math.floor((x1 - x0) * maxShare);
    const maxY = Math.floor((y1 - y0) * maxShare);
    const row = (y: number, edge: number) => solid(p, x0, y, x1 - x0, 1, edge, tol, outliers);
    const col = (x: number, edge: number) => solid(p, x, y0, 1, y1 - y0, edge, tol, outliers);
    const top = band(
      maxY,
      (i, e) => row(y0 + i, e),
      () => lineMedian(p, x0, y0, x1 - x0, 1),
    );
    const bottom = band(
      maxY,
      (i, e) => row(y1 - 1 - i, e),
      () => lineMedian(p, x0, y1 - 1, x1 - x0, 1),
    );
    const left = band(
      maxX,
      (i, e) => col(x0 + i, e),
      () => lineMedian(p, x0, y0, 1, y1 - y0),
    );
    const right = band(
      maxX,
      (i, e) => col(x1 - 1 - i, e),
      () => lineMedian(p, x1 - 1, y0, 1, y1 - y0),
    );
    if (top + bottom + left + right === 0) break;
    x0 += left;
    x1 -= right;
    y0 += top;
    y1 -= bottom;
    if (x1 - x0 < Math.max(8, p.width * 0.1) || y1 - y0 < Math.max(8, p.height * 0.1)) break;
    stages.push(rect(x0, y0, x1, y1));
  }
  return stages;
}

/** How many lines from one side, up to `max`, are solid in the colour of the first. */
function band(max: number, isSolid: (i: number, edge: number) => boolean, edgeColour: () => number): number {
  if (max <= 0) return 0;
  const edge = edgeColour();
  let n = 0;
  while (n < max && isSolid(n, edge)) n++;
  return n;
}

function lineMedian(p: Plane, x: number, y: number, w: number, h: number): number {
  const values = new Float64Array(w * h);
  for (let j = 0, k = 0; j < h; j++) for (let i = 0; i < w; i++) values[k++] = p.data[(y + j) * p.width + x + i]!;
  return values.sort()[values.length >> 1]!;
}

/** Whether a one-pixel-wide line is the edge colour, within tolerance, but for a few outliers. */
function solid(
  p: Plane,
  x: number,
  y: number,
  w: number,
  h: number,
  edge: number,
  tol: number,
  outliers: number,
): boolean {
  const allowed = Math.floor(w * h * outliers);
  let off = 0;
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++)
      if (Math.abs(p.data[(y + j) * p.width + x + i]! - edge) > tol && ++off > allowed) return false;
  }
  return true;
}
