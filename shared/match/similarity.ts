/**
 * String and vector similarities the classic entity matchers use: Jaro-
 * Winkler between words, Monge-Elkan between word lists, TF-IDF cosine over
 * words and over character 3-grams, Jaccard over word sets.
 */

/** Jaro-Winkler similarity, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedB = new Uint8Array(lb);
  const matchedA = new Uint8Array(la);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let k = 0;
  let half = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) half++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - half / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Monge-Elkan: for each word of `from`, its best Jaro-Winkler match among
 * `to`, averaged. Order-free, and forgiving of typos and abbreviations.
 * `memo` remembers a word's best match against one `to` (one listing), so
 * the many candidate items of one listing share the work.
 */
export function mongeElkan(
  from: readonly string[],
  to: readonly string[],
  toSet: ReadonlySet<string>,
  memo?: Map<string, number>,
): number {
  if (!from.length || !to.length) return 0;
  let sum = 0;
  for (const w of from) {
    if (toSet.has(w)) {
      sum += 1;
      continue;
    }
    let best = memo?.get(w);
    if (best === undefined) {
      best = 0;
      for (const v of to) {
        // Words far apart in length cannot reach a useful similarity.
        if (Math.abs(v.length - w.length) > Math.max(3, w.length / 2)) continue;
        const s = jaroWinkler(w, v);
        if (s > best) best = s;
      }
      memo?.set(w, best);
    }
    sum += best;
  }
  return sum / from.length;
}

/**
 * Longest common subsequence of two word lists, as a share of the shorter: word order kept ("print shop 21 deluxe").
 */
export function lcsShare(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const n = Math.min(a.length, 40);
  const m = Math.min(b.length, 40);
  let prev = new Uint8Array(m + 1);
  let cur = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[m]! / Math.min(n, m);
}

/** Jaccard of two sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A 31-bit hash of a character 3-gram (small integers make fast Map keys). */
function gramHash(s: string, i: number): number {
  let h = Math.imul(s.charCodeAt(i), 0x01000193) ^ s.charCodeAt(i + 1);
  h = Math.imul(h, 0x01000193) ^ s.charCodeAt(i + 2);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** Character 3-grams of normalised text, word edges marked with spaces, as hashes with counts. */
export function charGrams(normalised: string): Map<number, number> {
  const s = ` ${normalised} `;
  const out = new Map<number, number>();
  for (let i = 0; i + 3 <= s.length; i++) {
    const g = gramHash(s, i);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** A sparse vector with unit length: keys and their weights, in parallel arrays. */
export interface SparseVector<K> {
  keys: K[];
  weights: Float64Array;
}

/** TF-IDF weights of term counts, scaled to unit length. */
export function tfidf<K>(counts: ReadonlyMap<K, number>, idf: (k: K) => number): SparseVector<K> {
  const keys = [...counts.keys()];
  const weights = new Float64Array(keys.length);
  let norm = 0;
  keys.forEach((k, i) => {
    const w = (1 + Math.log(counts.get(k)!)) * idf(k);
    weights[i] = w;
    norm += w * w;
  });
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
  return { keys, weights };
}

/** Cosine of two unit vectors, one of them as a Map for lookup. */
export function cosine<K>(v: SparseVector<K>, lookup: ReadonlyMap<K, number>): number {
  let dot = 0;
  for (let i = 0; i < v.keys.length; i++) {
    const w = lookup.get(v.keys[i]!);
    if (w !== undefined) dot += w * v.weights[i]!;
  }
  return Math.min(1, dot);
}

export function asLookup<K>(v: SparseVector<K>): Map<K, number> {
  const m = new Map<K, number>();
  v.keys.forEach((k, i) => m.set(k, v.weights[i]!));
  return m;
}

export function countsOf<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
