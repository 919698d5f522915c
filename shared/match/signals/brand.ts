/**
 * brand_term / brand_lookalike / brand_mismatch: the item's brand — from
 * the catalogue's brand terms (in Latin, Chinese or pinyin), else read from
 * its title's first word when that word starts several titles of the
 * catalogue — present in the listing; a spelling one edit from it
 * ("Velorran", "Vel0ran" folds to the brand itself); or another brand of
 * the catalogue leading the listing's title instead.
 */
import type { IndexedItem } from '../candidate-index';
import type { ListingText } from '../listing-text';
import type { CandidateIndex } from '../candidate-index';
import type { SignalFamily } from './family';

function termFound(text: ListingText, item: IndexedItem): string | undefined {
  for (const brand of item.brands)
    if (brand.tokens.length && brand.tokens.every((t) => text.allTokens.has(t))) return brand.term;
  return undefined;
}

// The listing's words that look like some brand of the catalogue, once per listing.
const lookalikeMemo = new WeakMap<ListingText, [string, string[]][]>();

function lookalikesOf(text: ListingText, index: CandidateIndex): [string, string[]][] {
  let found = lookalikeMemo.get(text);
  if (!found) {
    found = [];
    for (const token of text.allTokens) {
      if (token.length < 4) continue;
      const near = index.brandLookalikes(token);
      if (near.length) found.push([token, near]);
    }
    lookalikeMemo.set(text, found);
  }
  return found;
}

function lookalikeFound(text: ListingText, item: IndexedItem, index: CandidateIndex): string | undefined {
  for (const [token, near] of lookalikesOf(text, index)) {
    for (const brand of item.brands) {
      if (near.some((w) => brand.tokens.includes(w))) return `${token} ≈ ${brand.term}`;
    }
  }
  return undefined;
}

/** A brand word of the catalogue among the listing title's first three words that is not this item's. */
function otherBrand(text: ListingText, item: IndexedItem, index: CandidateIndex): string | undefined {
  for (const t of text.titleList.slice(0, 3)) {
    if (!index.brandVocabulary.has(t) || item.tokens.has(t) || t === item.inferredBrand) continue;
    return t;
  }
  return undefined;
}

export const brand: SignalFamily = {
  id: 'brand',
  signals: [
    { name: 'brand_term', kind: 'identity' },
    { name: 'brand_lookalike', kind: 'infringement', identifies: true },
    { name: 'brand_mismatch', kind: 'identity', identifies: false },
  ],
  features: ['term', 'lookalike', 'inferred', 'item_has_brand', 'other_brand'],
  monotone: { term: 1, lookalike: 1 },
  absent: "no brand of the item's",
  compute({ text, item, index }, out, at) {
    const term = termFound(text, item) !== undefined;
    const inferred = item.inferredBrand === undefined ? -1 : text.allTokens.has(item.inferredBrand) ? 1 : 0;
    out[at] = term ? 1 : 0;
    out[at + 1] = !term && item.brands.length && lookalikeFound(text, item, index) ? 1 : 0;
    out[at + 2] = inferred;
    out[at + 3] = item.brands.length ? 1 : 0;
    out[at + 4] = !term && inferred !== 1 && otherBrand(text, item, index) ? 1 : 0;
  },
  explain({ text, item, index }, values, at) {
    if (values[at]) return [{ name: 'brand_term', evidence: termFound(text, item)! }];
    if (values[at + 1]) return [{ name: 'brand_lookalike', evidence: lookalikeFound(text, item, index)! }];
    if (values[at + 2] === 1)
      return [{ name: 'brand_term', evidence: `${item.inferredBrand} (first word of the item's title)` }];
    if (values[at + 4]) {
      const mine = item.brands[0]?.term ?? item.inferredBrand;
      return [
        {
          name: 'brand_mismatch',
          evidence: `listing names ${otherBrand(text, item, index)}${mine ? `, the item is ${mine}` : ''}`,
        },
      ];
    }
    return [];
  },
};
