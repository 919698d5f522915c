import type { Plane, Rect } from './rgba';

/** Per output cell: the first source index it touches and the weight of each source index from there. */
interface Taps {
  start: Int32Array;
  weights: Float64Array[];
}

/**
 * Area weights of source cells [0, n) under `size` equal output cells that
 * cover [from, from + span). Each output cell averages exactly the source area
 * it covers, which is the least aliasing a plain resize can have and the same
 * arithmetic whatever engine runs it.
 */
function taps(from: number, span: number, size: number, n: number): Taps {
  const start = new Int32Array(size);
  const weights: Float64Array[] = [];
  const step = span / size;
  for (let i = 0; i < size; i++) {
    const a = from + i * step;
    const b = a + step;
    const first = Math.max(0, Math.floor(a));
    const last = Math.min(n - 1, Math.ceil(b) - 1);
    const w = new Float64Array(Math.max(1, last - first + 1));
    let total = 0;
    for (let s = first; s <= last; s++) {
      const cover = Math.min(b, s + 1) - Math.max(a, s);
      w[s - first] = cover > 0 ? cover : 0;
      total += w[s - first]!;
    }
    if (total > 0) for (let k = 0; k < w.length; k++) w[k] = w[k]! / total;
    else w[0] = 1;
    start[i] = Math.min(first, n - 1);
    weights.push(w);
  }
  return { start, weights };
}

/** The `rect` of `src`, area-averaged to `dw`×`dh` (down or up). */
export function resampleArea(src: Plane, rect: Rect, dw: number, dh: number): Float64Array {
  const tx = taps(rect.x, rect.w, dw, src.width);
  const ty = taps(rect.y, rect.h, dh, src.height);
  const y0 = ty.start[0]!;
  const y1 = Math.min(src.height, ty.start[dh - 1]! + ty.weights[dh - 1]!.length);
  // Horizontal pass over only the rows the rectangle touches, then vertical.
  const rows = y1 - y0;
  const tmp = new Float64Array(rows * dw);
  for (let r = 0; r < rows; r++) {
    const base = (y0 + r) * src.width;
    for (let i = 0; i < dw; i++) {
      const s = tx.start[i]!;
      const w = tx.weights[i]!;
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k]! * src.data[base + s + k]!;
      tmp[r * dw + i] = acc;
    }
  }
  const out = new Float64Array(dw * dh);
  for (let j = 0; j < dh; j++) {
    const s = ty.start[j]! - y0;
    const w = ty.weights[j]!;
    for (let i = 0; i < dw; i++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k]! * tmp[(s + k) * dw + i]!;
      out[j * dw + i] = acc;
    }
  }
  return out;
}

/** An n×n grid averaged over f×f blocks (f divides n): exactly what area resampling straight to n/f would give. */
export function shrinkGrid(px: Float64Array, n: number, f: number): Float64Array {
  const m = n / f;
  if (!Number.isInteger(m)) throw new RangeError(`${f} does not divide ${n}`);
  const out = new Float64Array(m * m);
  for (let y = 0; y < n; y++) {
    const row = Math.floor(y / f) * m;
    for (let x = 0; x < n; x++) out[row + Math.floor(x / f)]! += px[y * n + x]!;
  }
  const area = f * f;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / area;
  return out;
}

/** The size×size block of an n×n grid whose top-left cell is (x, y). */
export function gridBlock(px: Float64Array, n: number, x: number, y: number, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let j = 0; j < size; j++) out.set(px.subarray((y + j) * n + x, (y + j) * n + x + size), j * size);
  return out;
}

/**
 * A plane's summed-area table: the integral of the plane (each pixel a
 * constant square) from its top-left corner, kept at the pixel corners.
 * Within a pixel that integral is bilinear, so bilinear interpolation of the
 * table gives it exactly at any point, and the mean over any rectangle,
 * fractional edges and all, is four such values: exact area averaging, as
 * `resampleArea` does, for the cost of a lookup per grid corner, however
 * many windows of the plane are resampled.
 */
export class SummedArea {
  private readonly table: Float64Array;

  constructor(readonly plane: Plane) {
    const { width: w, height: h, data } = plane;
    const stride = w + 1;
    const table = new Float64Array(stride * (h + 1));
    for (let y = 0; y < h; y++) {
      let row = 0;
      const above = y * stride + 1;
      const here = above + stride;
      const src = y * w;
      for (let x = 0; x < w; x++) {
        row += data[src + x]!;
        table[here + x] = table[above + x]! + row;
      }
    }
    this.table = table;
  }

  /** The `rect` of the plane, area-averaged to `dw`×`dh` (down or up), as `resampleArea` gives it. */
  grid(rect: Rect, dw: number, dh: number): Float64Array {
    const { width: w, height: h } = this.plane;
    const stride = w + 1;
    const table = this.table;
    // Each grid line's position, clamped to the plane, as a pixel index and the fraction past it.
    const cut = (from: number, span: number, n: number, size: number) => {
      const at = new Float64Array(n + 1);
      const index = new Int32Array(n + 1);
      const frac = new Float64Array(n + 1);
      for (let i = 0; i <= n; i++) {
        const v = Math.min(size, Math.max(0, from + (span * i) / n));
        at[i] = v;
        index[i] = Math.min(size - 1, Math.floor(v));
        frac[i] = v - index[i]!;
      }
      return { at, index, frac };
    };
    const cx = cut(rect.x, rect.w, dw, w);
    const cy = cut(rect.y, rect.h, dh, h);
    // The integral at every grid corner, by bilinear interpolation of the table (exact: see the class comment).
    const corners = new Float64Array((dw + 1) * (dh + 1));
    for (let j = 0; j <= dh; j++) {
      const row = cy.index[j]! * stride;
      const t = cy.frac[j]!;
      for (let i = 0; i <= dw; i++) {
        const k = row + cx.index[i]!;
        const s = cx.frac[i]!;
        const t00 = table[k]!;
        const t10 = table[k + 1]!;
        const t01 = table[k + stride]!;
        const t11 = table[k + stride + 1]!;
        corners[j * (dw + 1) + i] = t00 + s * (t10 - t00) + t * (t01 - t00) + s * t * (t11 - t10 - t01 + t00);
      }
    }
    const out = new Float64Array(dw * dh);
    for (let j = 0; j < dh; j++) {
      const height = cy.at[j + 1]! - cy.at[j]!;
      for (let i = 0; i < dw; i++) {
        const area = (cx.at[i + 1]! - cx.at[i]!) * height;
        const k = j * (dw + 1) + i;
        const sum = corners[k + dw + 2]! - corners[k + 1]! - corners[k + dw + 1]! + corners[k]!;
        out[j * dw + i] = area > 0 ? sum / area : 0;
      }
    }
    return out;
  }
}
