import type { CatalogueItem, Signal } from '../model';
import { authorisation } from './authorised';
import { CandidateIndex } from './candidate-index';
import { DEFAULT_RATES_PER_USD } from './fx';
import { listingText, type ListingText, type MatchableListing } from './listing-text';
import { checkModel, DEFAULT_MODEL, Forest, sigmoid, type MatcherModel } from './model';
import { asLookup, charGrams, countsOf, tfidf } from './similarity';
import { FAMILIES, FAMILY_OFFSETS, FEATURE_NAMES, LAYOUT, PEER_FAMILIES, type PairInput } from './signals';

export interface MatcherOptions {
  /** Score at or above which a match is a hit. Default 0.5. */
  threshold?: number;
  /** How many shortlisted items get the full scoring. Default: the model's (30). */
  shortlist?: number;
  /** Units of each currency per US dollar, for the price signals. */
  rates?: Record<string, number>;
  /** The learned combiner. Default: the model bundled with the code. */
  model?: MatcherModel;
}

export interface MatchResult {
  itemId: string;
  /**
   * Calibrated probability that the listing is this item and infringes it
   * (0 for an authorised listing). Signals' weights are in log-odds:
   * `score = σ(base + Σ weights)`, base being the model's prior.
   */
  score: number;
  signals: Signal[];
  /**
   * Set when the seller or site is the rights holder's own or authorised: a neutral outcome, never a suspect (score 0).
   */
  outcome?: 'authorised';
}

/** One shortlisted (or asked-for) item with its features and margin; what training reads. */
export interface ScoredPair {
  index: number;
  itemId: string;
  features: Float64Array;
  margin: number;
  /** Some identity evidence: only these are ever returned. */
  identified: boolean;
  inShortlist: boolean;
  authorised: boolean;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
/** Scores keep four decimals: strong hits differ in the fourth (0.9991 vs 0.9978), and the inbox sorts on them. */
const roundScore = (n: number) => Math.round(n * 10_000) / 10_000;
const F = FEATURE_NAMES.length;
const o = (name: string) => LAYOUT.offset(name);
const AT = {
  cosWords: o('title.cos_words'),
  cosGrams: o('title.cos_grams'),
  brandTerm: o('brand.term'),
  brandLookalike: o('brand.lookalike'),
  brandInferred: o('brand.inferred'),
  codeNear: o('model.near'),
  registration: o('registration.exact'),
};

/**
 * Matches listings against one catalogue. Build it once (the candidate index
 * is the costly part) and call `match` for every listing.
 *
 * Per listing: the candidate index shortlists items; every signal family
 * computes its features for each; the model's trees turn them into a
 * margin, calibrated into a probability; the best results are explained
 * signal by signal (each family's contribution to the margin, with the text
 * that triggered it). An item the listing's seller or site is authorised
 * for is a separate, neutral outcome with score 0.
 */
export class Matcher {
  readonly threshold: number;
  readonly index: CandidateIndex;
  readonly model: MatcherModel;
  private readonly forest: Forest;
  private readonly rates: Record<string, number>;
  private readonly shortlist: number;

  constructor(items: readonly CatalogueItem[], options: MatcherOptions = {}) {
    this.model = checkModel(options.model ?? DEFAULT_MODEL);
    this.forest = new Forest(this.model.forest);
    this.threshold = options.threshold ?? 0.5;
    this.shortlist = options.shortlist ?? this.model.shortlist;
    this.index = new CandidateIndex(items, { background: this.model.background });
    this.rates = options.rates ?? DEFAULT_RATES_PER_USD;
  }

  /** The calibrated log-odds before any feature is looked at: score = σ(base + Σ signal weights). */
  get base(): number {
    const { a, b } = this.model.calibration;
    return a * this.forest.base + b;
  }

  /** Calibrated probability of a margin. */
  probability(margin: number): number {
    const { a, b } = this.model.calibration;
    return sigmoid(a * margin + b);
  }

  /**
   * Items the listing may be, best first (by the model's margin), each with
   * its score and reasons. Items without any identity evidence (title,
   * brand, model or registration number) are never returned.
   */
  match(listing: MatchableListing, limit = 5): MatchResult[] {
    const text = this.prepare(listing);
    const pairs = this.scorePairs(text).filter((p) => p.identified);
    pairs.sort((a, b) => b.margin - a.margin || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    const out: MatchResult[] = [];
    for (const p of pairs) {
      if (out.length >= limit) break;
      const result = this.explain(text, p);
      if (result.score > 0 || result.outcome === 'authorised') out.push(result);
    }
    return out;
  }

  /** The best match when it is a suspect at or above the threshold. */
  best(listing: MatchableListing): MatchResult | undefined {
    const [top] = this.match(listing, 1);
    return top && top.outcome !== 'authorised' && top.score >= this.threshold ? top : undefined;
  }

  /** Features and margins of the shortlist, plus any items asked for by id (training and evaluation). */
  pairs(listing: MatchableListing, alsoItemIds: readonly string[] = []): ScoredPair[] {
    return this.scorePairs(this.prepare(listing), alsoItemIds);
  }

  /** The shortlist's item ids, best first (to measure recall@k). */
  shortlistOf(listing: MatchableListing): string[] {
    return this.index.candidates(this.prepare(listing), this.shortlist).map((c) => this.index.items[c.index]!.item.id);
  }

  private prepare(listing: MatchableListing): ListingText {
    const text = listingText(listing);
    const words = tfidf(countsOf(text.titleList), (t) => this.index.idf(t));
    const titleIdfs = [...text.titleTokens].map((t): [string, number] => [t, this.index.idf(t)]);
    const titleIdf = titleIdfs.reduce((a, [, w]) => a + w, 0);
    const grams = asLookup(tfidf(charGrams(text.title), (g) => this.index.grams.idf(g)));
    text.vectors = { words: asLookup(words), grams, titleIdfs, titleIdf };
    return text;
  }

  private byId?: Map<string, number>;

  private scorePairs(text: ListingText, alsoItemIds: readonly string[] = []): ScoredPair[] {
    const shortlisted = this.index.candidates(text, this.shortlist).map((c) => c.index);
    const indices = [...shortlisted];
    if (alsoItemIds.length) {
      this.byId ??= new Map(this.index.items.map((it, i) => [it.item.id, i]));
      for (const id of alsoItemIds) {
        const i = this.byId.get(id);
        if (i !== undefined && !indices.includes(i)) indices.push(i);
      }
    }
    const rows = indices.map((i) => {
      const row = new Float64Array(F);
      const pair = this.pair(text, i);
      for (const family of FAMILIES) family.compute(pair, row, FAMILY_OFFSETS.get(family.id)!);
      return row;
    });
    const peers = shortlisted.length;
    for (const family of PEER_FAMILIES) {
      const at = FAMILY_OFFSETS.get(family.id)!;
      for (let i = 0; i < rows.length; i++) family.compute(rows, i, at, LAYOUT, peers);
    }
    return indices.map((index, k) => {
      const row = rows[k]!;
      const item = this.index.items[index]!.item;
      return {
        index,
        itemId: item.id,
        features: row,
        margin: this.forest.margin(row),
        identified: identified(row),
        inShortlist: k < shortlisted.length,
        authorised: !!authorisation(text.listing, item),
      };
    });
  }

  private pair(text: ListingText, index: number): PairInput {
    return { text, item: this.index.items[index]!, index: this.index, rates: this.rates };
  }

  /** Score and signals of one pair: each family's share of the margin, with its evidence. */
  private explain(text: ListingText, p: ScoredPair): MatchResult {
    const pair = this.pair(text, p.index);
    const { a } = this.model.calibration;
    const contributions = new Float64Array(F);
    this.forest.contributions(p.features, contributions);
    const signals: Signal[] = [];
    let absent = 0;
    const absentWhy: [number, string][] = [];
    for (const family of [...FAMILIES, ...PEER_FAMILIES]) {
      const at = FAMILY_OFFSETS.get(family.id)!;
      const n = family.features.length;
      const shown = family.explain(pair, p.features, at);
      const covered = new Uint8Array(n);
      shown.forEach((s) => {
        const mine = s.features ?? [...Array(n).keys()];
        let w = 0;
        for (const f of mine) {
          if (covered[f]) continue;
          covered[f] = 1;
          w += contributions[at + f]!;
        }
        signals.push({ name: s.name, weight: a * w, evidence: s.evidence });
      });
      // Features no shown signal named go to the family's first signal, or to absent_signals.
      let rest = 0;
      for (let f = 0; f < n; f++) if (!covered[f]) rest += contributions[at + f]!;
      if (shown.length && rest) signals[signals.length - shown.length]!.weight += a * rest;
      else if (rest) {
        absent += a * rest;
        absentWhy.push([a * rest, family.absent]);
      }
    }
    if (Math.abs(absent) >= 0.0005) {
      const why = absentWhy
        .filter(([w]) => Math.abs(w) >= 0.05)
        .sort((x, y) => Math.abs(y[0]) - Math.abs(x[0]))
        .map(([, s]) => s);
      signals.push({ name: 'absent_signals', weight: absent, evidence: why.join('; ') || 'small effects' });
    }
    const shown = signals.map((s) => ({ ...s, weight: round(s.weight) })).sort((x, y) => y.weight - x.weight);
    const auth = p.authorised ? authorisation(text.listing, pair.item.item) : undefined;
    if (auth) {
      return {
        itemId: p.itemId,
        score: 0,
        outcome: 'authorised',
        signals: [
          { name: auth.signal, weight: 0, evidence: `${auth.evidence}: authorised, never a suspect` },
          ...shown,
        ],
      };
    }
    return { itemId: p.itemId, score: roundScore(this.probability(p.margin)), signals: shown };
  }
}

/** Some evidence the listing is about the item: without it, nothing else counts. */
function identified(row: Float64Array): boolean {
  return (
    row[AT.cosWords]! >= 0.1 ||
    row[AT.cosGrams]! >= 0.25 ||
    row[AT.brandTerm] === 1 ||
    row[AT.brandLookalike] === 1 ||
    row[AT.brandInferred] === 1 ||
    row[AT.codeNear]! >= 0.6 ||
    row[AT.registration] === 1
  );
}
