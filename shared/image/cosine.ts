/**
 * cos(π·j / (2n)) for j = 0 .. 4n-1, from a Taylor series in plain IEEE
 * arithmetic. `Math.cos` is not specified to the last bit and differs between
 * JavaScript engines (V8 in Node and Chrome, SpiderMonkey in Firefox); the
 * hash must not, so the crawler and the extension get the same table.
 */
export function cosineTable(n: number): Float64Array {
  const out = new Float64Array(4 * n);
  for (let j = 0; j < 4 * n; j++) {
    // Reduce to an angle in [0, π/2] by symmetry, exactly, on integers.
    let k = j % (4 * n);
    let sign = 1;
    if (k > 2 * n) k = 4 * n - k; // cos(2π − a) = cos a
    if (k > n) {
      k = 2 * n - k; // cos(π − a) = −cos a
      sign = -1;
    }
    out[j] = sign * taylorCos((Math.PI * k) / (2 * n));
  }
  return out;
}

/** cos x for x in [0, π/2]: 20 terms are past double precision there. */
function taylorCos(x: number): number {
  const x2 = x * x;
  let term = 1;
  let sum = 1;
  for (let i = 1; i <= 20; i++) {
    term = (-term * x2) / ((2 * i - 1) * (2 * i));
    sum += term;
  }
  return sum;
}
