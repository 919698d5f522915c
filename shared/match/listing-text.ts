import type { Listing } from '../model';
import { foldLookalikes, foldText, normaliseText, tokenise } from './normalise';

/** What the matcher needs of a listing; everything but the title is optional. */
export type MatchableListing = Pick<Listing, 'title'> &
  Partial<Pick<Listing, 'url' | 'description' | 'price' | 'currency' | 'seller' | 'kind' | 'durationSeconds'>>;

/** A listing's text in every form the signals look at, computed once per listing. */
export interface ListingText {
  listing: MatchableListing;
  /** Normalised title. */
  title: string;
  titleTokens: Set<string>;
  /** Tokens of title and description, plus their look-alike folds and joined neighbours ("xr 200" → "xr200"). */
  allTokens: Set<string>;
  /** Title and description lower-cased with punctuation kept, for phrases. */
  folded: string;
}

export function listingText(listing: MatchableListing): ListingText {
  const title = normaliseText(listing.title);
  const titleTokens = tokenise(title);
  const descTokens = listing.description ? tokenise(normaliseText(listing.description)) : [];
  const all = new Set<string>();
  for (const list of [titleTokens, descTokens]) {
    list.forEach((t, i) => {
      all.add(t);
      all.add(foldLookalikes(t));
      const next = list[i + 1];
      if (next !== undefined) all.add(t + next);
    });
  }
  return {
    listing,
    title,
    titleTokens: new Set(titleTokens),
    allTokens: all,
    folded: foldText(`${listing.title} ${listing.description ?? ''}`),
  };
}
