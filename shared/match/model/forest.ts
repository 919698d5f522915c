/**
 * Gradient-boosted regression trees: the margin (log-odds) of a feature
 * row, and how much each feature moved it (Saabas: along the row's path
 * through each tree, the change of the node's value at each split is
 * credited to the split's feature). The contributions plus the base — the
 * bias and every tree's root value — add up to the margin exactly.
 */

/** One tree in parallel arrays; a leaf has feature -1. `x[feature] <= threshold` goes left. */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** Every node's value (leaves: the output; inner nodes: what the tree would say stopping there). */
  value: number[];
}

export interface ForestJson {
  bias: number;
  trees: TreeJson[];
}

export class Forest {
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly roots: Int32Array;
  readonly bias: number;
  /** bias + Σ root values: the margin before any feature is looked at. */
  readonly base: number;

  constructor(json: ForestJson) {
    const n = json.trees.reduce((a, t) => a + t.feature.length, 0);
    this.feature = new Int32Array(n);
    this.threshold = new Float64Array(n);
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    this.value = new Float64Array(n);
    this.roots = new Int32Array(json.trees.length);
    let at = 0;
    json.trees.forEach((t, k) => {
      this.roots[k] = at;
      for (let i = 0; i < t.feature.length; i++) {
        this.feature[at + i] = t.feature[i]!;
        this.threshold[at + i] = t.threshold[i]!;
        this.left[at + i] = t.feature[i]! < 0 ? -1 : at + t.left[i]!;
        this.right[at + i] = t.feature[i]! < 0 ? -1 : at + t.right[i]!;
        this.value[at + i] = t.value[i]!;
      }
      at += t.feature.length;
    });
    this.bias = json.bias;
    let base = json.bias;
    for (const r of this.roots) base += this.value[r]!;
    this.base = base;
  }

  get size(): number {
    return this.roots.length;
  }

  margin(x: ArrayLike<number>): number {
    let sum = this.bias;
    const { feature, threshold, left, right, value, roots } = this;
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k]!;
      let f = feature[node]!;
      while (f >= 0) {
        node = x[f]! <= threshold[node]! ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      sum += value[node]!;
    }
    return sum;
  }

  /** Adds each feature's contribution to `out` (one slot per feature); returns the margin. */
  contributions(x: ArrayLike<number>, out: Float64Array): number {
    const { feature, threshold, left, right, value, roots } = this;
    let sum = this.base;
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k]!;
      let f = feature[node]!;
      while (f >= 0) {
        const next = x[f]! <= threshold[node]! ? left[node]! : right[node]!;
        const delta = value[next]! - value[node]!;
        out[f]! += delta;
        sum += delta;
        node = next;
        f = feature[node]!;
      }
    }
    return sum;
  }
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
