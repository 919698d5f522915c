import type { CatalogueItem, Signal } from '../model';
import { CandidateIndex } from './candidate-index';
import { listingText, type MatchableListing } from './listing-text';
import * as S from './signals';

export interface MatcherOptions {
  /** Score at or above which a match is a hit. Default 0.5. */
  threshold?: number;
  /** How many shortlisted items get the full signal scoring. Default 12. */
  shortlist?: number;
  /** Units of each currency per US dollar, for the price signal. */
  rates?: Record<string, number>;
}

export interface MatchResult {
  itemId: string;
  score: number;
  signals: Signal[];
}

const IDENTITY = new Set(['title_similarity', 'brand_term', 'brand_lookalike', 'model_number', 'registration_number']);

/**
 * Matches listings against one catalogue. Build it once (the candidate index
 * is the costly part) and call `match` for every listing.
 */
export class Matcher {
  readonly threshold: number;
  private readonly index: CandidateIndex;
  private readonly ctx: S.SignalContext;
  private readonly shortlist: number;

  constructor(items: readonly CatalogueItem[], options: MatcherOptions = {}) {
    this.threshold = options.threshold ?? 0.5;
    this.shortlist = options.shortlist ?? 12;
    this.index = new CandidateIndex(items);
    this.ctx = { index: this.index, rates: options.rates ?? S.defaultRates };
  }

  /** Items the listing may infringe, best first, each with a score above zero and its reasons. */
  match(listing: MatchableListing, limit = 5): MatchResult[] {
    const text = listingText(listing);
    const accessory = S.compatibility(text);
    const shared = [...S.infringementWords(text), accessory];
    const results: (MatchResult & { raw: number })[] = [];
    const tokens = [...text.allTokens];
    for (const { index } of this.index.candidates(tokens, this.shortlist)) {
      const item = this.index.items[index]!;
      const signals = [
        S.titleSimilarity(text, item, this.ctx),
        S.brandTerm(text, item, this.ctx),
        S.modelNumber(text, item),
        S.registrationNumber(text, item),
      ].filter((s): s is Signal => !!s);
      // Without evidence that the listing is about this item, nothing else counts.
      if (!signals.some((s) => IDENTITY.has(s.name))) continue;
      signals.push(
        ...[
          ...shared,
          // An accessory or part costs a fraction of the item it fits; its price says nothing.
          accessory ? undefined : S.priceBelowReference(text, item, this.ctx),
          S.seller(text, item),
          S.officialDomain(text, item),
          S.runtimeMatch(text, item),
        ].filter((s): s is Signal => !!s),
      );
      const sum = signals.reduce((acc, s) => acc + s.weight, 0);
      const score = Math.round(Math.min(1, Math.max(0, sum)) * 1000) / 1000;
      if (score > 0) results.push({ itemId: item.item.id, score, signals, raw: sum });
    }
    // Rank by the unclipped sum: two items can both reach 1.0, and the one
    // the listing names more precisely (model number, more title words) wins.
    return results
      .sort((a, b) => b.raw - a.raw || a.itemId.localeCompare(b.itemId))
      .slice(0, limit)
      .map(({ raw: _raw, ...r }) => r);
  }

  /** The best match when it reaches the threshold. */
  best(listing: MatchableListing): MatchResult | undefined {
    const [top] = this.match(listing, 1);
    return top && top.score >= this.threshold ? top : undefined;
  }
}
