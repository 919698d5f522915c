import { describe, expect, it } from 'vitest';
import { Forest, sigmoid } from '../../shared/match/model/forest';
import { trainGbdt } from '../bench/learn/gbdt';
import { fitPlatt } from '../bench/learn/platt';
import { rng } from '../bench/synthetic-catalogue';

/** Two informative features (an XOR of thresholds) and one of noise. */
function xorData(n: number, seed = 5) {
  const r = rng(seed);
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Float64Array.of(r(), r(), r());
    rows.push(x);
    labels.push(x[0]! > 0.5 !== x[1]! > 0.3 ? 1 : 0);
  }
  return { rows, labels, weights: rows.map(() => 1) };
}

describe('gradient-boosted trees (trainer and forest)', () => {
  it('learns an interaction a linear model cannot', () => {
    const { rows, labels, weights } = xorData(800);
    const forest = new Forest(
      trainGbdt(rows, labels, weights, {
        trees: 30,
        depth: 2,
        learningRate: 0.3,
        lambda: 1,
        minChildWeight: 1,
        minGain: 0,
      }),
    );
    const test = xorData(400, 9);
    const right = test.rows.filter((x, i) => (forest.margin(x) > 0 ? 1 : 0) === test.labels[i]).length;
    expect(right / test.rows.length).toBeGreaterThan(0.97);
  });

  it('is deterministic: the same data gives the same trees', () => {
    const { rows, labels, weights } = xorData(300);
    const opts = { trees: 10, depth: 3, learningRate: 0.2 };
    expect(JSON.stringify(trainGbdt(rows, labels, weights, opts))).toBe(
      JSON.stringify(trainGbdt(rows, labels, weights, opts)),
    );
  });

  it('finds the exact best split: one stump equals the brute-force Newton step', () => {
    const rows = [0.1, 0.2, 0.35, 0.4, 0.8, 0.9].map((v) => Float64Array.of(v));
    const labels = [0, 0, 1, 0, 1, 1];
    const json = trainGbdt(
      rows,
      labels,
      rows.map(() => 1),
      { trees: 1, depth: 1, learningRate: 1, lambda: 0, minChildWeight: 0, minGain: 0 },
    );
    const tree = json.trees[0]!;
    // Brute force: every cut between neighbours, gain G²/H per side at the prior's gradients.
    const p = sigmoid(json.bias);
    const g = labels.map((y) => p - y);
    const h = labels.map(() => p * (1 - p));
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    let best = { gain: -Infinity, cut: 0 };
    for (let k = 1; k < rows.length; k++) {
      const gl = sum(g.slice(0, k));
      const gr = sum(g.slice(k));
      const gain = (gl * gl) / sum(h.slice(0, k)) + (gr * gr) / sum(h.slice(k));
      if (gain > best.gain) best = { gain, cut: k };
    }
    expect(tree.threshold[0]).toBeCloseTo((rows[best.cut - 1]![0]! + rows[best.cut]![0]!) / 2, 5);
    const leftValue = -sum(g.slice(0, best.cut)) / sum(h.slice(0, best.cut));
    expect(tree.value[tree.left[0]!]).toBeCloseTo(leftValue, 4);
  });

  it('holds a feature to its declared direction at every split', () => {
    // Feature 0 lowers the chance of a 1 here; declared "never lowers", it may only be split upwards.
    const { rows, labels, weights } = xorData(600);
    const flipped = labels.map((y, i) => (rows[i]![0]! > 0.5 ? 0 : y));
    for (const sign of [1, -1]) {
      const json = trainGbdt(rows, flipped, weights, { trees: 15, depth: 3, monotone: [sign, 0, 0] });
      let splits = 0;
      for (const t of json.trees) {
        t.feature.forEach((f, n) => {
          if (f !== 0) return;
          splits++;
          expect(sign * (t.value[t.right[n]!]! - t.value[t.left[n]!]!)).toBeGreaterThanOrEqual(0);
        });
      }
      if (sign === -1) expect(splits).toBeGreaterThan(0);
    }
  });

  it('explains a margin exactly: base plus each feature contribution', () => {
    const { rows, labels, weights } = xorData(500);
    const forest = new Forest(trainGbdt(rows, labels, weights, { trees: 20, depth: 3 }));
    for (const x of rows.slice(0, 20)) {
      const out = new Float64Array(3);
      const margin = forest.contributions(x, out);
      expect(margin).toBeCloseTo(forest.margin(x), 9);
      expect(forest.base + out[0]! + out[1]! + out[2]!).toBeCloseTo(margin, 9);
      // The informative features carry the explanation, not the noise.
      expect(Math.abs(out[0]!) + Math.abs(out[1]!)).toBeGreaterThan(Math.abs(out[2]!));
    }
  });
});

describe('Platt scaling', () => {
  it('recovers the slope and offset that made the labels', () => {
    const r = rng(3);
    const margins: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const m = r() * 8 - 4;
      margins.push(m);
      labels.push(r() < sigmoid(0.5 * m - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(margins, labels);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });
});
