import type { MatchResult } from '../../shared/match';
import type { Listing, Signal } from '../../shared/model';
import type { FetchedPage } from '../fetch/http-fetcher';
import { writeWarc } from '../fetch/warc';
import { sha256Hex, type EvidenceFile, type RecordedHit, type Store } from '../store';

type RecordingStore = Pick<Store, 'listings' | 'evidence' | 'hits' | 'captures' | 'record'>;

/** A hit's screenshot is kept from this score up unless the pipeline says otherwise. */
export const DEFAULT_SCREENSHOT_MIN_SCORE = 0.7;
/** Named in each WARC's `warcinfo` record. */
const SOFTWARE = 'counterscan (https://github.com/counterscan/counterscan)';

/** The page itself as content-addressed evidence of what was seen at `listing.url`. */
function keepPage(store: Pick<Store, 'evidence'>, listing: Listing, page: FetchedPage): Promise<string> {
  return store.evidence.save(page.bytes, {
    kind: 'html',
    contentType: page.contentType || 'text/html',
    listingUrl: listing.url,
    capturedAt: page.fetchedAt,
  });
}

/**
 * Beside the HTML: the exchange as a WARC file (so the capture can be replayed) and, for a
 * rendered page of a hit that scored at least `minScore`, its screenshot; all three
 * cited by the hit and described by a page_captures row (status, headers, time).
 */
async function keepCapture(
  store: RecordingStore,
  o: {
    listing: Listing;
    page: FetchedPage;
    hit: RecordedHit;
    score: number;
    minScore: number;
  },
): Promise<void> {
  const { page, listing, hit } = o;
  const wantsScreenshot = page.screenshot !== undefined && o.score >= o.minScore;
  // A page fetched again unchanged keeps its first capture: a sweep a day would otherwise add a
  // WARC file per hit per day for the same bytes (the hit's last_seen_at says it is still up).
  // A capture is taken again when the page changed, or when a screenshot is now due.
  const { kept } = hit;
  if (kept && kept.listingUrl === listing.url && (kept.screenshotSha256 !== null || !wantsScreenshot)) {
    const files = kept.screenshotSha256 ? [kept.warcSha256, kept.screenshotSha256] : [kept.warcSha256];
    await store.captures.attachToHit(hit.hitId, files);
    return;
  }
  const screenshot = wantsScreenshot && page.screenshot ? page.screenshot : undefined;
  const warc = await writeWarc({
    page,
    software: SOFTWARE,
    files: { html: hit.htmlSha256, screenshot: screenshot && sha256Hex(screenshot) },
  });
  const files: EvidenceFile[] = [{ bytes: warc, kind: 'warc', contentType: 'application/warc' }];
  if (screenshot) files.push({ bytes: screenshot, kind: 'screenshot', contentType: 'image/png' });
  await store.record.capture(hit.hitId, files, {
    htmlSha256: hit.htmlSha256,
    url: page.url,
    listingUrl: listing.url,
    status: page.status,
    headers: page.headers ?? {},
    fetchedAt: page.fetchedAt,
    rendered: page.served !== undefined,
  });
}

/**
 * The record stage: the listing always (so the next sweep sees its history),
 * and for a hit the page itself as content-addressed evidence, with its WARC
 * file and (rendered, scoring high enough) its screenshot. A statement for a
 * listing, two for a hit (store.record).
 */
export async function recordListing(
  store: RecordingStore,
  listing: Listing,
  page: FetchedPage,
  hit: MatchResult | undefined,
  o: { sweepId?: string; screenshotMinScore?: number } = {},
): Promise<void> {
  if (!hit) return store.listings.upsert(listing);
  const recorded = await store.record.hit({
    listing,
    hit: { itemId: hit.itemId, score: hit.score, signals: hit.signals, sweepId: o.sweepId },
    page: { bytes: page.bytes, kind: 'html', contentType: page.contentType || 'text/html', capturedAt: page.fetchedAt },
  });
  await keepCapture(store, {
    listing,
    page,
    hit: recorded,
    score: hit.score,
    minScore: o.screenshotMinScore ?? DEFAULT_SCREENSHOT_MIN_SCORE,
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
  await keepCapture(store, {
    listing,
    page,
    hit: { hitId, htmlSha256: evidenceSha256, kept: await store.captures.forHtml(evidenceSha256) },
    score: hit.score,
    minScore: DEFAULT_SCREENSHOT_MIN_SCORE,
  });
  return { hitId, evidenceSha256 };
}
