import type { MatchResult } from '../../shared/match';
import type { Listing } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import type { FetchedPage } from '../fetch/http-fetcher';
import type { Store } from '../store';
import { extractFetched } from './extract';
import { matchListing, type Matching } from './match';
import { recordListing } from './record';

export interface ListingPipelineContext extends Matching {
  store: Store;
  /** The sweep that fetched the page, kept on the hit. */
  sweepId?: string;
}

export interface ListingOutcome {
  listing: Listing;
  hit?: MatchResult;
}

/**
 * A fetched listing page to a stored listing and, when it matches, a hit with its evidence:
 * extract → match (with the seller's standing) → record. The one way a page becomes a hit —
 * the embedded runner, the queue workers and verification's relists all come through here.
 */
export async function processListingPage(page: FetchedPage, adapter: SiteAdapter | undefined, ctx: ListingPipelineContext): Promise<ListingOutcome> {
  const listing = extractFetched(page, adapter);
  const hit = matchListing(listing, ctx);
  await recordListing(ctx.store, listing, page, hit, ctx.sweepId);
  return hit ? { listing, hit } : { listing };
}
