/**
 * Platt scaling: the a, b of σ(a·margin + b) that minimise the log loss of
 * the margins against their labels (Newton's method on two parameters,
 * with Platt's smoothed targets so a separable set does not run to
 * infinity).
 */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): { a: number; b: number } {
  const n = margins.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i]!;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const m = margins[i]!;
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const t = labels[i] ? hi : lo;
      const d = p - t;
      const w = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-18) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** Log loss of probabilities against labels. */
export function logLoss(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
    s -= labels[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / Math.max(1, p.length);
}
