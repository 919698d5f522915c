import { canonicalUrl, ExtractionError } from '../../shared/extract';
import type { Matcher } from '../../shared/match';
import type { CatalogueItem } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { loadSellerBoostIndex, refreshSellers } from '../sellers';
import { DisallowedByRobotsError, FetchError } from '../fetch/errors';
import type { Store, SweepStats } from '../store';
import { discoverListings } from '../stages/discover';
import { loadReferenceImageIndex, type ReferenceImageIndex } from '../image';
import {
  BlockedPageError,
  fetchAndRead,
  holdersOf,
  imageMatching,
  noteBlock,
  processListingPage,
  recordBlockedPage,
  refreshReferenceImages,
  type ListingPipelineContext,
} from '../pipeline';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import { searchQueries } from '../stages/queries';
import { TaskPool } from './pool';
import { newSweepId } from './sweep-id';
import type { Progress } from './progress';

export interface SweepOptions {
  adapter: SiteAdapter;
  /** Where the site is served; defaults to the adapter's own origin. */
  origin?: string;
  items: readonly CatalogueItem[];
  matcher: Matcher;
  store: Store;
  fetcher: PoliteFetcher;
  /** Tasks in flight across all hosts. */
  concurrency: number;
  maxSearchPages: number;
  /** Stop queueing listings after this many. */
  maxListings?: number;
  campaign?: string;
  /** The sweep's id when the caller chose it (a campaign's tick); default a fresh one. */
  sweepId?: string;
  progress?: Progress;
  /** A listing's photos looked up among the catalogue's (0: no images stage). Default 4. */
  maxListingImages?: number;
  /** A rendered page's screenshot is kept for hits scoring at least this. Default 0.7. */
  screenshotMinScore?: number;
  /**
   * The catalogue's photos, refreshed and indexed by the caller (`referenceImages`) for sweeps it
   * runs together: they would otherwise each fetch and hash the same photos and hold an index each.
   */
  referenceImages?: ReferenceImageIndex;
}

/**
 * The catalogue's photos for a sweep's images stage: new or changed ones fetched and hashed (a
 * photo's failure is kept on its row, never fatal), then all of them indexed in memory.
 */
export async function referenceImages(
  store: Store,
  fetcher: PoliteFetcher,
  items: readonly CatalogueItem[],
): Promise<ReferenceImageIndex> {
  await refreshReferenceImages(store, fetcher, items).catch(() => undefined);
  return loadReferenceImageIndex(store);
}

export interface SweepResult {
  sweepId: string;
  stats: SweepStats;
}

/**
 * The embedded runner: discover → fetch → classify → extract → match → record
 * in one process with a bounded pool. Each listing URL is handled once per
 * sweep, after canonicalisation; one bad page is counted, never fatal. A page
 * the site would not serve (a challenge, a wall, a shell) is counted per host,
 * kept as evidence, and its host backed off.
 */
export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const origin = o.origin ?? o.adapter.defaultOrigin;
  const sweepId = o.sweepId ?? newSweepId(o.adapter.id);
  const stats: SweepStats = {
    searchPages: 0,
    listingsFound: 0,
    fetched: 0,
    extracted: 0,
    hits: 0,
    skippedByRobots: 0,
    failed: 0,
    errors: {},
  };
  const progress = () => ({
    found: stats.listingsFound,
    done: stats.fetched + stats.failed + stats.skippedByRobots,
    hits: stats.hits,
    failed: stats.failed,
  });
  const fail = async (err: unknown) => {
    if (err instanceof DisallowedByRobotsError) {
      stats.skippedByRobots++;
      return;
    }
    if (err instanceof BlockedPageError) {
      noteBlock(stats, err);
      o.fetcher.backOff(err.host);
      await recordBlockedPage(o.store, err.page).catch(() => undefined);
      return;
    }
    stats.failed++;
    const kind =
      err instanceof FetchError
        ? err.status
          ? `HTTP ${err.status}`
          : err.message
        : err instanceof ExtractionError
          ? 'extraction'
          : 'other';
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
  };

  await o.store.sweeps.start({ id: sweepId, site: o.adapter.id, origin, campaign: o.campaign });
  const maxImages = o.maxListingImages ?? 4;
  const photos =
    maxImages > 0 ? (o.referenceImages ?? (await referenceImages(o.store, o.fetcher, o.items))) : undefined;
  // Listings of blacklisted sellers score higher, with the reason; that index is loaded once per sweep.
  const pipeline: ListingPipelineContext = {
    store: o.store,
    matcher: o.matcher,
    sellers: await loadSellerBoostIndex(o.store),
    holderOf: holdersOf(o.items),
    sweepId,
    screenshotMinScore: o.screenshotMinScore,
    ...(photos ? { images: imageMatching({ index: photos, source: o.fetcher, items: o.items, maxImages }) } : {}),
  };
  const pool = new TaskPool(o.concurrency);
  const seen = new Set<string>();

  const handleListing = async (url: string) => {
    try {
      const { page, read } = await fetchAndRead(o.fetcher, url, o.adapter);
      stats.fetched++;
      const { hit } = await processListingPage(page, o.adapter, pipeline, read);
      stats.extracted++;
      if (hit) stats.hits++;
    } catch (err) {
      await fail(err);
    } finally {
      o.progress?.update(progress());
    }
  };

  for (const query of searchQueries(o.items)) {
    pool.add(async () => {
      try {
        for await (const page of discoverListings(o.fetcher, o.adapter, origin, query, o.maxSearchPages)) {
          stats.searchPages++;
          for (const raw of page.listingUrls) {
            const url = canonicalUrl(raw, page.pageUrl);
            if (seen.has(url) || (o.maxListings !== undefined && seen.size >= o.maxListings)) continue;
            seen.add(url);
            stats.listingsFound++;
            pool.add(() => handleListing(url));
          }
          o.progress?.update(progress());
        }
      } catch (err) {
        await fail(err);
      }
    });
  }
  await pool.drain();
  o.progress?.stop(progress());
  await o.store.sweeps.finish(sweepId, stats);
  // The repeat-infringer list follows what this sweep found.
  await refreshSellers(o.store);
  return { sweepId, stats };
}
