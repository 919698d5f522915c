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
