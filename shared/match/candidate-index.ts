import type { CatalogueItem } from '../model';
import { canonicalCode, codeInfo, codeKeys, codesOf, listingCodeProbes, type CodeInfo } from './codes';
import { editionsOf, type EditionInfo } from './editions';
import { coloursOf } from './colours';
import type { ListingText } from './listing-text';
import { foldLookalikes, foldText, normaliseText, pinyinOf, stripMarkup, tokenise } from './normalise';
import { charGrams, countsOf, tfidf, type SparseVector } from './similarity';
import { GramStats, TextStats, type Background } from './text-stats';
import { numbersOf, quantitiesOf, type Quantity } from './units';

/** A name an item is known by (title, alias, or an alias's pinyin), ready to compare. */
export interface ItemKey {
  text: string;
  /** Tokens in order. */
  tokens: string[];
  set: Set<string>;
  distinct: string[];
  /** IDF of each distinct token, and their sum. */
  idfs: Float64Array;
  idfTotal: number;
  /** TF-IDF word vector and character 3-gram vector, unit length. */
  words: SparseVector<string>;
  grams: SparseVector<number>;
}

export interface IndexedItem {
  item: CatalogueItem;
  keys: ItemKey[];
  /** Each brand term as its tokens; all must appear for the term to count. */
  brands: { term: string; tokens: string[] }[];
  /** Without brand terms in the catalogue: the title's first word, when it names a brand of this catalogue. */
  inferredBrand?: string;
  /** Model numbers (the catalogue's and codes read from the title), canonical: "XR-200" → "xr200". */
  models: { raw: string; compact: string }[];
  /** The catalogue's own model numbers, canonical. */
  explicitModels: Set<string>;
  /** `models`, canonical forms only, ready to compare. */
  codes: CodeInfo[];
  registrations: { raw: string; compact: string }[];
  /** Read from the title. */
  quantities: Quantity[];
  numbers: Set<string>;
  colours: Set<string>;
  editions: EditionInfo;
  /** Every token the item is known by (names, brand terms, model numbers). */
  tokens: Set<string>;
}

export interface Candidate {
  index: number;
  weight: number;
}

export interface IndexOptions {
  /** Token counts of the listings the model was trained on (see TextStats). */
  background?: Background;
}

const compact = (s: string) => normaliseText(s).replace(/ /g, '');

/** All strings one deletion away: finds "velorann", "veloarn" and "vel0ran" (after folding) for "veloran". */
function deletions(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i) + token.slice(i + 1));
  return out;
}

/** Weight of a model-number hit in the shortlist score (a title cosine runs 0..1). */
const CODE_BONUS = 0.6;
/** Shortlisted items score at least this share of the best one's shortlist score. */
const RELATIVE_FLOOR = 0.2;
/** Description words count less than title words when shortlisting. */
const DESCRIPTION_FACTOR = 0.3;

/**
 * The candidate index, built once per catalogue: an inverted index from
 * the words of titles, aliases and brand terms to items, scored as a
 * TF-IDF cosine; blocking keys on model numbers (exact, stem, or inside a
 * longer code of the listing); and a one-deletion neighbourhood of brand
 * words so look-alike spellings still find their brand. A listing then
 * meets a shortlist of items instead of the whole catalogue.
 */
export class CandidateIndex {
  readonly items: IndexedItem[];
  readonly stats: TextStats;
  readonly grams = new GramStats();
  /** First words of titles and brand-term words: what a listing's brand may be. */
  readonly brandVocabulary = new Set<string>();
  private readonly postings = new Map<string, Posting>();
  private readonly codePostings = new Map<string, number[]>();
  private readonly norms: Float64Array;
  /** Scratch accumulators for `candidates`, reused across listings (a generation stamp marks what is current). */
  private readonly acc: Float64Array;
  private readonly stamp: Uint32Array;
  private touched: Int32Array;
  private generation = 0;
  private readonly brandNeighbours = new Map<string, Set<string>>();
  private readonly brandWords = new Set<string>();
  /** Listing words repeat across listings and signals ask per candidate item: remember the answers. */
  private readonly lookalikeMemo = new Map<string, string[]>();

  constructor(catalogue: readonly CatalogueItem[], options: IndexOptions = {}) {
    this.stats = new TextStats(options.background);
    const drafts = catalogue.map((item) => draftItem(item));
    const firstWords = new Map<string, number>();
    for (const d of drafts) {
      this.stats.add(d.tokens);
      const first = d.keys[0]?.tokens[0];
      if (first && /^\p{L}{2,}$/u.test(first)) firstWords.set(first, (firstWords.get(first) ?? 0) + 1);
      for (const b of d.brands) for (const t of b.tokens) this.brandVocabulary.add(t);
    }
    // A first word shared by several titles is a brand ("sony …", "adobe …").
    for (const [w, n] of firstWords) if (n >= 2) this.brandVocabulary.add(w);
    for (const d of drafts) for (const k of d.keys) this.grams.add(k.gramCounts.keys());
    this.items = drafts.map((d) => this.finish(d));
    this.norms = new Float64Array(this.items.length);
    this.acc = new Float64Array(this.items.length);
    this.stamp = new Uint32Array(this.items.length);
    this.touched = new Int32Array(Math.min(this.items.length, 1024));
    const lists = new Map<string, number[]>();
    this.items.forEach((indexed, i) => {
      let norm = 0;
      for (const t of indexed.tokens) {
        const idf = this.stats.idf(t);
        norm += idf * idf;
        let list = lists.get(t);
        if (!list) lists.set(t, (list = []));
        list.push(i);
      }
      this.norms[i] = Math.sqrt(norm) || 1;
      for (const m of [...indexed.models, ...indexed.registrations]) {
        for (const key of codeKeys(m.compact)) {
          let list = this.codePostings.get(key);
          if (!list) this.codePostings.set(key, (list = []));
          if (list.at(-1) !== i) list.push(i);
        }
      }
      for (const b of indexed.brands) for (const t of b.tokens) if (t.length >= 5) this.brandWords.add(t);
    });
    for (const [t, list] of lists) {
      const idf = this.stats.idf(t);
      this.postings.set(t, {
        items: Int32Array.from(list),
        weights: Float64Array.from(list, (i) => (idf * idf) / this.norms[i]!),
      });
    }
    for (const word of this.brandWords) {
      for (const d of [word, ...deletions(word)]) {
        let set = this.brandNeighbours.get(d);
        if (!set) this.brandNeighbours.set(d, (set = new Set()));
        set.add(word);
      }
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Inverse document frequency of a token (catalogue and listings seen in training). */
  idf(token: string): number {
    return this.stats.idf(token);
  }

  /** Brand words within one edit of `token` (after undoing digit-for-letter swaps). */
  brandLookalikes(token: string): string[] {
    if (token.length < 4) return [];
    let known = this.lookalikeMemo.get(token);
    if (!known) {
      if (this.lookalikeMemo.size > 200_000) this.lookalikeMemo.clear();
      this.lookalikeMemo.set(token, (known = this.findLookalikes(token)));
    }
    return known;
  }

  private findLookalikes(token: string): string[] {
    const folded = foldLookalikes(token);
    // A token that is itself a brand word names that brand; it is no look-alike
    // of a neighbouring brand ("veloran" is not a fake "velorin").
    if (this.brandWords.has(folded)) return [];
    const found = new Set<string>();
    for (const probe of new Set([folded, ...deletions(folded)])) {
      for (const w of this.brandNeighbours.get(probe) ?? []) if (w !== token) found.add(w);
    }
    return [...found];
  }

  /**
   * Items most like the listing, best first: the TF-IDF cosine of the
   * listing's words (description words at a third) with the item's names,
   * plus a bonus when a model number of the item appears in the listing;
   * at most `limit` items, and none under a fifth of the best one's score.
   * Words in a large share of the catalogue only add to items already found
   * by rarer words, so a common word costs little.
   */
  candidates(text: ListingText, limit = 40): Candidate[] {
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const { acc, stamp, generation } = this;
    let count = 0;
    const bump = (i: number, w: number) => {
      if (stamp[i] !== generation) {
        stamp[i] = generation;
        acc[i] = 0;
        if (count === this.touched.length) {
          const grown = new Int32Array(Math.min(this.items.length, this.touched.length * 2));
          grown.set(this.touched);
          this.touched = grown;
        }
        this.touched[count++] = i;
      }
      acc[i]! += w;
    };
    const common: [Posting, number][] = [];
    const cap = Math.max(50, this.items.length * 0.05);
    let listingNorm = 0;
    const add = (token: string, factor: number): boolean => {
      const posting = this.postings.get(token);
      if (!posting) return false;
      if (posting.items.length > cap) common.push([posting, factor]);
      else for (let k = 0; k < posting.items.length; k++) bump(posting.items[k]!, posting.weights[k]! * factor);
      return true;
    };
    const seen = new Set<string>();
    const visit = (t: string, factor: number) => {
      if (seen.has(t)) return;
      seen.add(t);
      if (factor === 1) {
        const idf = this.idf(t);
        listingNorm += idf * idf;
      }
      if (add(t, factor)) return;
      const folded = foldLookalikes(t);
      if (folded !== t && !seen.has(folded) && add(folded, 0.9 * factor)) return;
      for (const w of this.brandLookalikes(t)) add(w, 0.8 * factor);
    };
    text.titleList.forEach((t, i) => {
      visit(t, 1);
      const next = text.titleList[i + 1];
      if (next !== undefined && this.postings.has(t + next)) visit(t + next, 1);
    });
    for (const t of text.descriptionList) visit(t, DESCRIPTION_FACTOR);
    const norm = Math.sqrt(listingNorm) || 1;
    if (this.codePostings.size && text.codeList.length) {
      const probes = new Set<string>();
      for (const c of text.codeList) listingCodeProbes(c.code, probes);
      const found = new Set<number>();
      for (const p of probes) for (const i of this.codePostings.get(p) ?? []) found.add(i);
      for (const i of found) bump(i, CODE_BONUS * norm);
    }
    // Common words only reorder the best items the rarer words found.
    const pool = topByScore(this.touched, count, acc, common.length ? limit * 3 + 20 : limit);
    for (const [posting, factor] of common) {
      for (const i of pool) {
        const k = binarySearch(posting.items, i);
        if (k >= 0) acc[i]! += posting.weights[k]! * factor;
      }
    }
    pool.sort((a, b) => acc[b]! - acc[a]! || a - b);
    // Items far behind the best are rarely the one: stop at a fifth of its score.
    const floor = (acc[pool[0]!] ?? 0) * RELATIVE_FLOOR;
    const out: Candidate[] = [];
    for (const index of pool) {
      if (out.length >= limit || acc[index]! < floor) break;
      out.push({ index, weight: acc[index]! / norm });
    }
    return out;
  }

  private finish(d: DraftItem): IndexedItem {
    const { keys: drafts, ...rest } = d;
    const keys = drafts.map((k) => {
      const distinct = [...new Set(k.tokens)];
      const idfs = Float64Array.from(distinct, (t) => this.stats.idf(t));
      return {
        text: k.text,
        tokens: k.tokens,
        set: new Set(k.tokens),
        distinct,
        idfs,
        idfTotal: idfs.reduce((a, b) => a + b, 0),
        words: tfidf(countsOf(k.tokens), (t) => this.stats.idf(t)),
        grams: tfidf(k.gramCounts, (g) => this.grams.idf(g)),
      };
    });
    const first = keys[0]?.tokens[0];
    const inferredBrand = !d.brands.length && first && this.brandVocabulary.has(first) ? first : undefined;
    return inferredBrand ? { ...rest, keys, inferredBrand } : { ...rest, keys };
  }
}

interface Posting {
  /** Items having the token, ascending. */
  items: Int32Array;
  /** idf² / the item's norm: its share of the cosine. */
  weights: Float64Array;
}

function binarySearch(list: Int32Array, x: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The `m` indices (of the first `count` of `indices`) with the highest scores, in no order. */
function topByScore(indices: Int32Array, count: number, score: Float64Array, m: number): number[] {
  const a = Array.from(indices.subarray(0, count));
  if (a.length <= m) return a;
  // Quickselect: move the m best to the front.
  let lo = 0;
  let hi = a.length - 1;
  const better = (x: number, y: number) => score[x]! > score[y]! || (score[x] === score[y] && x < y);
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (better(a[i]!, pivot)) i++;
      while (better(pivot, a[j]!)) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (m - 1 <= j) hi = j;
    else if (m - 1 >= i) lo = i;
    else break;
  }
  return a.slice(0, m);
}

interface DraftItem extends Omit<IndexedItem, 'keys' | 'inferredBrand'> {
  keys: { text: string; tokens: string[]; gramCounts: Map<number, number> }[];
}

/**
 * Product codes written into a title ("Sony Bravia KDL40S5100 LCD TV"):
 * catalogues from retail feeds rarely fill a model-number field, yet this is
 * the strongest clue a listing names the same product.
 */
function draftItem(item: CatalogueItem): DraftItem {
  const keys: DraftItem['keys'] = [];
  for (const name of [item.title, ...item.aliases]) {
    const text = normaliseText(stripMarkup(name));
    if (text) keys.push({ text, tokens: tokenise(text), gramCounts: charGrams(text) });
    const py = pinyinOf(name);
    if (py) keys.push({ text: py, tokens: [py], gramCounts: charGrams(py) });
  }
  const brands = item.brandTerms.flatMap((term) => {
    const text = normaliseText(term);
    const variants = [{ term, tokens: tokenise(text) }];
    const py = pinyinOf(term);
    if (py) variants.push({ term, tokens: [py] });
    return text ? variants : [];
  });
  const explicit = item.modelNumbers
    .map((raw) => ({ raw, compact: canonicalCode(compact(raw)) }))
    .filter((m) => m.compact.length >= 3);
  const explicitModels = new Set(explicit.map((m) => m.compact));
  const titleTokens = keys[0]?.tokens ?? [];
  const fromTitle = [...codesOf(titleTokens)]
    .filter((c) => !explicitModels.has(c))
    .map((c) => ({ raw: c, compact: c }));
  const registrations = item.registrations
    .map((r) => ({ raw: r.number, compact: compact(r.number) }))
    .filter((m) => m.compact.length >= 3);
  const foldedTitle = foldText(stripMarkup(item.title));
  const tokens = new Set<string>();
  for (const k of keys) for (const t of k.tokens) tokens.add(t);
  for (const b of brands) for (const t of b.tokens) tokens.add(t);
  for (const m of [...explicit, ...registrations]) tokens.add(m.compact);
  return {
    item,
    keys,
    brands,
    models: [...explicit, ...fromTitle],
    explicitModels,
    codes: [...explicit, ...fromTitle].map((m) => codeInfo(m.compact)),
    registrations,
    quantities: quantitiesOf(foldedTitle),
    numbers: numbersOf(foldedTitle),
    colours: coloursOf(titleTokens),
    editions: editionsOf(titleTokens),
    tokens,
  };
}
