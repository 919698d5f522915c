/**
 * A small, exact gradient-boosting trainer for binary labels (logistic
 * loss, Newton leaf values, L2 on leaves), as XGBoost's exact greedy
 * algorithm does it: each level of a tree scans every feature's presorted
 * values once, finds each node's best split, and splits between two
 * neighbouring distinct values. No sampling, so the same data always gives
 * the same trees. Every node keeps its value, for explanations (Saabas):
 * a leaf its output, an inner node the hessian-weighted mean of its
 * children's.
 */
import type { ForestJson, TreeJson } from '../../../shared/match/model/forest';

export interface GbdtOptions {
  trees: number;
  depth: number;
  learningRate: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Least hessian (≈ weighted rows × p(1−p)) in a child. */
  minChildWeight: number;
  /** Least loss reduction for a split. */
  minGain: number;
  /**
   * Per feature: 1 when a higher value may never lower the margin at a split, -1 when it may never
   * raise it, 0 free. Checked at each split (the child on the higher side of the threshold scores
   * at least / at most the lower one), which is what keeps a feature's contribution to an
   * explanation the sign a reviewer expects ("replica words" never count against a suspect).
   */
  monotone?: ArrayLike<number>;
  /** Called after each tree with its index (for progress). */
  onTree?: (t: number) => void;
}

export const DEFAULT_GBDT: GbdtOptions = {
  trees: 200,
  depth: 4,
  learningRate: 0.1,
  lambda: 1,
  minChildWeight: 1,
  minGain: 0,
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** rows: one Float64Array per row (all the same length); labels 0/1; weights ≥ 0. */
export function trainGbdt(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: Partial<GbdtOptions> = {},
): ForestJson {
  const o = { ...DEFAULT_GBDT, ...options };
  const n = rows.length;
  if (!n) return { bias: 0, trees: [] };
  const nf = rows[0]!.length;
  const cols = Array.from({ length: nf }, (_, f) => Float64Array.from(rows, (r) => r[f]!));
  const order = cols.map((col) =>
    Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => col[a]! - col[b]! || a - b),
  );

  let pos = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    pos += weights[i]! * labels[i]!;
    all += weights[i]!;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, pos / all));
  const bias = Math.log(prior / (1 - prior));
  const margin = new Float64Array(n).fill(bias);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeJson[] = [];

  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]!);
      g[i] = weights[i]! * (p - labels[i]!);
      h[i] = weights[i]! * p * (1 - p);
    }
    const tree = growTree(cols, order, g, h, o);
    const leafOf = tree.leafOf;
    for (let i = 0; i < n; i++) margin[i]! += tree.json.value[leafOf[i]!]!;
    trees.push(tree.json);
    o.onTree?.(t);
  }
  return { bias, trees };
}

function growTree(
  cols: Float64Array[],
  order: Int32Array[],
  g: Float64Array,
  h: Float64Array,
  o: GbdtOptions,
): { json: TreeJson; leafOf: Int32Array } {
  const n = g.length;
  const feature: number[] = [-1];
  const threshold: number[] = [0];
  const left: number[] = [-1];
  const right: number[] = [-1];
  const G: number[] = [0];
  const H: number[] = [0];
  const nodeOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    G[0]! += g[i]!;
    H[0]! += h[i]!;
  }
  const score = (gs: number, hs: number) => (gs * gs) / (hs + o.lambda);
  let level = [0];
  for (let d = 0; d < o.depth && level.length; d++) {
    // Per node of this level: running sums while scanning a feature, and the best split found.
    const slot = new Map<number, number>(level.map((node, k) => [node, k]));
    const m = level.length;
    const bestGain = new Float64Array(m).fill(o.minGain);
    const bestFeature = new Int32Array(m).fill(-1);
    const bestThreshold = new Float64Array(m);
    const gl = new Float64Array(m);
    const hl = new Float64Array(m);
    const last = new Float64Array(m);
    const seen = new Uint8Array(m);
    const slotOf = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) slotOf[i] = slot.get(nodeOf[i]!) ?? -1;
    const parent = level.map((node) => score(G[node]!, H[node]!));
    for (let f = 0; f < cols.length; f++) {
      const col = cols[f]!;
      const ord = order[f]!;
      gl.fill(0);
      hl.fill(0);
      seen.fill(0);
      for (let k = 0; k < n; k++) {
        const i = ord[k]!;
        const s = slotOf[i]!;
        if (s < 0) continue;
        const x = col[i]!;
        if (seen[s] && x > last[s]!) {
          const node = level[s]!;
          const hL = hl[s]!;
          const hR = H[node]! - hL;
          const sign = o.monotone?.[f] ?? 0;
          const gL = gl[s]!;
          const direction = sign === 0 ? 0 : sign * (gL / (hL + o.lambda) - (G[node]! - gL) / (hR + o.lambda));
          if (hL >= o.minChildWeight && hR >= o.minChildWeight && direction >= 0) {
            const gain = score(gL, hL) + score(G[node]! - gL, hR) - parent[s]!;
            if (gain > bestGain[s]! + 1e-12) {
              bestGain[s] = gain;
              bestFeature[s] = f;
              // Between the two values, short enough for the model file, never on either side of them.
              const mid = (last[s]! + x) / 2;
              const short = round6(mid);
              bestThreshold[s] = short >= last[s]! && short < x ? short : mid;
            }
          }
        }
        gl[s]! += g[i]!;
        hl[s]! += h[i]!;
        last[s] = x;
        seen[s] = 1;
      }
    }
    const next: number[] = [];
    const childOf = new Map<number, [number, number]>();
    level.forEach((node, s) => {
      if (bestFeature[s]! < 0) return;
      const l = feature.length;
      const r = l + 1;
      feature.push(-1, -1);
      threshold.push(0, 0);
      left.push(-1, -1);
      right.push(-1, -1);
      G.push(0, 0);
      H.push(0, 0);
      feature[node] = bestFeature[s]!;
      threshold[node] = bestThreshold[s]!;
      left[node] = l;
      right[node] = r;
      childOf.set(node, [l, r]);
      next.push(l, r);
    });
    if (!next.length) break;
    for (let i = 0; i < n; i++) {
      const node = nodeOf[i]!;
      const kids = childOf.get(node);
      if (!kids) continue;
      const c = cols[feature[node]!]![i]! <= threshold[node]! ? kids[0] : kids[1];
      nodeOf[i] = c;
      G[c]! += g[i]!;
      H[c]! += h[i]!;
    }
    level = next;
  }
  // Leaves: the Newton step. Inner nodes: the hessian-weighted mean of their children (what the
  // tree says of a row knowing only the path so far), so each split's credit to its feature lies
  // between the two children's values and keeps the sign a monotone feature promises.
  const value = G.map((gs, k) => round6((-gs / (H[k]! + o.lambda)) * o.learningRate));
  for (let k = feature.length - 1; k >= 0; k--) {
    if (feature[k]! < 0) continue;
    const [l, r] = [left[k]!, right[k]!];
    const hl = H[l]!;
    const hr = H[r]!;
    value[k] = round6(hl + hr > 0 ? (hl * value[l]! + hr * value[r]!) / (hl + hr) : (value[l]! + value[r]!) / 2);
  }
  return {
    json: { feature, threshold, left, right, value },
    leafOf: nodeOf,
  };
}

/** Six significant digits keep the model file small; trees are evaluated on the rounded numbers everywhere alike. */
function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}
