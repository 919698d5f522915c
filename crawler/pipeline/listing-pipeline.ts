import type { Classification } from '../../shared/classify';
import { ExtractionError } from '../../shared/extract';
import type { MatchResult } from '../../shared/match';
import type { Listing } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import type { Store } from '../store';
import { assertReadable, readFetchedPage, type ClassifiablePage, type PageRead } from './classify';
import { matchListingImages } from './images';
import { matchListing, type Matching } from './match';
import { recordListing } from './record';

export interface ListingPipelineContext extends Matching {
  store: Store;
  /** The sweep that fetched the page, kept on the hit. */
  sweepId?: string;
  /** A rendered page's screenshot is kept for hits scoring at least this. Default 0.7. */
  screenshotMinScore?: number;
}

export interface ListingOutcome {
  listing: Listing;
  hit?: MatchResult;
  /** What the site answered (ok, or a partial block / login wall whose data was still read). */
  classification: Classification;
}

/**
 * A fetched listing page to a stored listing and, when it matches, a hit with its evidence:
 * classify → extract → images (the listing's photos against the reference photos) → match
 * (with the photos and the seller's standing) → record. The one way a page
 * becomes a hit — the embedded runner, the queue workers and verification's relists all
 * come through here. A challenge, consent or login wall, or an app shell, is a
 * BlockedPageError: never a listing, never a hit (the runners count it and keep the page).
 */
export async function processListingPage(
  page: ClassifiablePage,
  adapter: SiteAdapter | undefined,
  ctx: ListingPipelineContext,
  classified?: PageRead,
): Promise<ListingOutcome> {
  const read = classified ?? readFetchedPage(page, adapter);
  assertReadable(page, read);
  const listing = read.reading.listing;
  if (!listing)
    throw new ExtractionError(
      `not a listing page (${read.reading.pageType ?? 'no page type the adapter knows'}): ${page.url}`,
      page.url,
    );
  const photos = ctx.images ? await matchListingImages(ctx.store, listing, ctx.images) : [];
  const hit = matchListing(listing, ctx, photos);
  await recordListing(ctx.store, listing, page, hit, {
    sweepId: ctx.sweepId,
    screenshotMinScore: ctx.screenshotMinScore,
  });
  return hit ? { listing, hit, classification: read.classification } : { listing, classification: read.classification };
}
