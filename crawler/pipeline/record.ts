import type { MatchResult } from '../../shared/match';
import type { Listing, Signal } from '../../shared/model';
import type { FetchedPage } from '../fetch/http-fetcher';
import type { Store } from '../store';

type RecordingStore = Pick<Store, 'listings' | 'evidence' | 'hits'>;

/** The page itself as content-addressed evidence of what was seen at `listing.url`. */
function keepPage(store: RecordingStore, listing: Listing, page: FetchedPage): Promise<string> {
  return store.evidence.save(page.bytes, {
    kind: 'html',
    contentType: page.contentType || 'text/html',
    listingUrl: listing.url,
    capturedAt: page.fetchedAt,
  });
}

/**
 * The record stage: the listing always (so the next sweep sees its history),
 * and for a hit the page itself as content-addressed evidence.
 */
export async function recordListing(
  store: RecordingStore,
  listing: Listing,
  page: FetchedPage,
  hit: MatchResult | undefined,
  sweepId: string | undefined,
): Promise<void> {
  await store.listings.upsert(listing);
  if (!hit) return;
  const evidenceSha256 = await keepPage(store, listing, page);
  await store.hits.upsert({
    listingUrl: listing.url,
    itemId: hit.itemId,
    score: hit.score,
    signals: hit.signals,
    sweepId,
    evidenceSha256,
  });
}

/**
 * A page the site answered with a challenge, a wall or a shell, kept as
 * content-addressed evidence of the block (under the URL that was asked for).
 */
export function recordBlockedPage(store: Pick<Store, 'evidence'>, page: FetchedPage): Promise<string> {
  return store.evidence.save(page.bytes, {
    kind: 'html',
    contentType: page.contentType || 'text/html',
    listingUrl: page.url,
    capturedAt: page.fetchedAt,
  });
}

/**
 * A relisted listing found by verification: stored with its page, and a hit on the removed
 * hit's item carrying `mark` (which names the removed listing). A hit a sweep already made
 * keeps its own score and status.
 */
export async function recordRelist(
  store: RecordingStore,
  listing: Listing,
  page: FetchedPage,
  hit: { itemId: string; score: number; signals: Signal[]; mark: Signal },
): Promise<{ hitId: number; evidenceSha256: string }> {
  await store.listings.upsert(listing);
  const evidenceSha256 = await keepPage(store, listing, page);
  const hitId = await store.hits.upsertRelist({ listingUrl: listing.url, ...hit, evidenceSha256 });
  return { hitId, evidenceSha256 };
}
