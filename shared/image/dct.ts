import { cosineTable } from './cosine';

/** DCT-II basis rows for frequencies 1..freqs over n samples (the DC term carries only brightness). */
function basis(n: number, freqs: number): Float64Array {
  const cos = cosineTable(n); // cos(π·j / 2n)
  const b = new Float64Array(freqs * n);
  for (let f = 0; f < freqs; f++) for (let x = 0; x < n; x++) b[f * n + x] = cos[((2 * x + 1) * (f + 1)) % (4 * n)]!;
  return b;
}

const BASES = new Map<string, Float64Array>();

/**
 * The freqs×freqs lowest non-DC DCT coefficients of an n×n plane,
 * row-major: index u·freqs + v for vertical frequency u+1, horizontal v+1.
 * Unscaled: only their order against the median matters.
 */
export function dctCoefficients(px: Float64Array, n: number, freqs: number): Float64Array {
  if (px.length !== n * n) throw new RangeError(`expected ${n}×${n} values, got ${px.length}`);
  const key = `${n}/${freqs}`;
  let b = BASES.get(key);
  if (!b) BASES.set(key, (b = basis(n, freqs)));
  // Rows first (n × freqs × n), each a contiguous dot product, then columns of that (freqs × freqs × n).
  const r = new Float64Array(n * freqs);
  for (let y = 0; y < n; y++) {
    const row = y * n;
    for (let v = 0; v < freqs; v++) {
      const bv = v * n;
      let acc = 0;
      for (let x = 0; x < n; x++) acc += b[bv + x]! * px[row + x]!;
      r[y * freqs + v] = acc;
    }
  }
  const out = new Float64Array(freqs * freqs);
  for (let u = 0; u < freqs; u++) {
    const bu = u * n;
    for (let y = 0; y < n; y++) {
      const w = b[bu + y]!;
      const ry = y * freqs;
      for (let v = 0; v < freqs; v++) out[u * freqs + v] = out[u * freqs + v]! + w * r[ry + v]!;
    }
  }
  return out;
}

/**
 * The coefficients of the left-right mirror image, without a second
 * transform: mirroring x → n−1−x multiplies horizontal frequency k by (−1)^k.
 */
export function mirrorCoefficients(c: Float64Array, freqs: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let u = 0; u < freqs; u++) {
    for (let v = 0; v < freqs; v++) out[u * freqs + v] = (v + 1) % 2 ? -c[u * freqs + v]! : c[u * freqs + v]!;
  }
  return out;
}
