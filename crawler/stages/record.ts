import type { MatchResult } from '../../shared/match';
import type { Listing } from '../../shared/model';
import type { FetchedPage } from '../fetch/http-fetcher';
import type { Store } from '../store';

/**
 * The record stage: the listing always (so the next sweep sees its history),
 * and for a hit the page itself as content-addressed evidence.
 */
export async function recordListing(
  store: Store,
  listing: Listing,
  page: FetchedPage,
  hit: MatchResult | undefined,
  sweepId: string,
): Promise<void> {
  await store.listings.upsert(listing);
  if (!hit) return;
  const evidenceSha256 = await store.evidence.save(page.bytes, {
    kind: 'html',
    contentType: page.contentType || 'text/html',
    listingUrl: listing.url,
    capturedAt: page.fetchedAt,
  });
  await store.hits.upsert({ listingUrl: listing.url, itemId: hit.itemId, score: hit.score, signals: hit.signals, sweepId, evidenceSha256 });
}
