import type { Matcher, MatchableListing, MatchResult } from '../../shared/match';
import { bestWithPhotos, type ListingImageMatch } from '../../shared/match/image-signal';
import type { ImageMatching } from './images';
import { boostForSeller, type SellerBoostIndex } from './seller-boost';

/** What the match stage needs: the catalogue's matcher, the sellers' standing, and whose item is whose. */
export interface Matching {
  matcher: Pick<Matcher, 'match' | 'threshold'>;
  sellers: SellerBoostIndex;
  /** The holder of a catalogue item (the seller boost is that holder's view of the seller). */
  holderOf(itemId: string): string | undefined;
  /** The reference photos and how to fetch a listing's: without it, no images stage. */
  images?: ImageMatching;
  /** Who may sell what, for photo matches given without an images stage (a flag's); default the stage's. */
  authorised?: ImageMatching['authorised'];
}

/**
 * The match stage: the best catalogue item for a listing, adjusted for its photos (a
 * reference photo reused: `image_match`, and an exact reuse alone shortlists the item) and
 * for who sells it (a blacklisted seller's listing scores more, with the reason), then held
 * to the threshold — so a near-miss from a known repeat infringer becomes a hit, and says why.
 */
export function matchListing(
  listing: MatchableListing & { site?: string },
  m: Matching,
  photos: readonly ListingImageMatch[] = [],
): MatchResult | undefined {
  const authorised = m.authorised ?? m.images?.authorised ?? (() => false);
  const top = bestWithPhotos(m.matcher, listing, photos, authorised);
  if (!top) return undefined;
  const boosted = boostForSeller(top, m.sellers.get(listing.site ?? '', listing.seller, m.holderOf(top.itemId)));
  return boosted.score >= m.matcher.threshold ? boosted : undefined;
}

/** Item → holder for `holderOf`, from the items a matcher was built over. */
export function holdersOf(items: readonly { id: string; holder: string }[]): (itemId: string) => string | undefined {
  const map = new Map(items.map((i) => [i.id, i.holder]));
  return (itemId) => map.get(itemId);
}
