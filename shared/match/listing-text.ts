import type { Listing } from '../model';
import { codeInfo, codesOf, isCode, isStrongCode, type CodeInfo } from './codes';
import { editionsOf, type EditionInfo } from './editions';
import { foldLookalikes, foldText, normaliseText, stripMarkup, tokenise } from './normalise';
import { coloursOf } from './colours';
import { numbersOf, quantitiesOf, type Quantity } from './units';

/** What the matcher needs of a listing; everything but the title is optional. */
export type MatchableListing = Pick<Listing, 'title'> &
  Partial<Pick<Listing, 'url' | 'description' | 'price' | 'currency' | 'seller' | 'kind' | 'durationSeconds'>>;

/** Descriptions can run to pages; the first part names the product, the rest is boilerplate. */
const DESCRIPTION_CHARS = 2000;
const MAX_CODES = 40;

/** A listing's text in every form the signals look at, computed once per listing. */
export interface ListingText {
  listing: MatchableListing;
  /** Normalised title. */
  title: string;
  /** Title tokens in order. */
  titleList: string[];
  titleTokens: Set<string>;
  /** Description tokens in order (the first DESCRIPTION_CHARS characters). */
  descriptionList: string[];
  /** Tokens of title and description, plus their look-alike folds and joined neighbours ("xr 200" → "xr200"). */
  allTokens: Set<string>;
  /** Title and description lower-cased with punctuation kept, for phrases. */
  folded: string;
  /** Product codes in the title, and in title and description together. */
  titleCodes: Set<string>;
  codes: Set<string>;
  /** Title codes with letters and digits, 5+ characters; and those of title and description. */
  strongTitleCodes: string[];
  strongCodes: string[];
  /** `codes` ready to compare (title codes first; at most MAX_CODES). */
  codeList: CodeInfo[];
  /** Numbers with units in the title. */
  quantities: Quantity[];
  /** Plain numbers in the title, canonical ("4.0" → "4"); and in title and description. */
  numbers: Set<string>;
  allNumbers: Set<string>;
  /** Colours named in the title. */
  colours: Set<string>;
  editions: EditionInfo;
  /** Per-listing memo for Monge-Elkan (an item word's best match in this title). */
  mongeElkanMemo: Map<string, number>;
  /** TF-IDF vectors of the title, set by the matcher with its catalogue's weights. */
  vectors?: ListingVectors;
}

export interface ListingVectors {
  words: Map<string, number>;
  grams: Map<number, number>;
  /** The title's distinct words with their IDF, and the sum. */
  titleIdfs: [string, number][];
  titleIdf: number;
}

export function listingText(listing: MatchableListing): ListingText {
  const rawTitle = stripMarkup(listing.title);
  const rawDescription = listing.description ? stripMarkup(listing.description.slice(0, DESCRIPTION_CHARS)) : '';
  const title = normaliseText(rawTitle);
  const titleList = tokenise(title);
  const descriptionList = rawDescription ? tokenise(normaliseText(rawDescription)) : [];
  const all = new Set<string>();
  for (const list of [titleList, descriptionList]) {
    list.forEach((t, i) => {
      all.add(t);
      all.add(foldLookalikes(t));
      const next = list[i + 1];
      if (next !== undefined) all.add(t + next);
    });
  }
  const titleCodes = codesOf(titleList);
  // Descriptions name accessories and compatible models too: their single-word codes only, and not too many.
  const codes = codesOf(descriptionList.slice(0, 30), new Set(titleCodes));
  for (const t of descriptionList) {
    if (codes.size >= MAX_CODES) break;
    if (isCode(t)) codes.add(t.replace(/^0+(?=\d)/, ''));
  }
  const foldedTitle = foldText(rawTitle);
  const numbers = numbersOf(foldedTitle);
  return {
    listing,
    title,
    titleList,
    titleTokens: new Set(titleList),
    descriptionList,
    allTokens: all,
    folded: rawDescription ? `${foldedTitle} ${foldText(rawDescription)}` : foldedTitle,
    titleCodes,
    codes,
    strongTitleCodes: [...titleCodes].filter(isStrongCode),
    strongCodes: [...codes].slice(0, MAX_CODES).filter(isStrongCode),
    codeList: [...codes].slice(0, MAX_CODES).map(codeInfo),
    quantities: quantitiesOf(foldedTitle),
    numbers,
    allNumbers: rawDescription ? numbersOf(foldText(rawDescription.slice(0, 500)), 40, new Set(numbers)) : numbers,
    colours: coloursOf(titleList),
    editions: editionsOf(titleList),
    mongeElkanMemo: new Map(),
  };
}
