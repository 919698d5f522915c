import { canonicalUrl } from '../../shared/extract';
import { adapterById } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { searchUrl } from '../stages/discover';
import {
  assertReadable,
  BlockedPageError,
  fetchAndRead,
  holdersOf,
  imageMatching,
  processListingPage,
  recordBlockedPage,
  refreshReferenceImages,
} from '../pipeline';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import { searchQueries } from '../stages/queries';
import type { Store } from '../store';
import type { MatcherCache } from './catalogue-scope';
import type { Queues } from './queues';
import type { DiscoverJob, ListingJob, SweepJob } from './registry';
import type { JobOutcome } from './sweep-tracker';

export interface ProcessorDeps {
  queues: Queues;
  store: Store;
  fetcher: PoliteFetcher;
  matchers: MatcherCache;
  /** A rendered page's screenshot is kept for hits scoring at least this. Default 0.7. */
  screenshotMinScore?: number;
}

export class UnknownSiteError extends Error {}

function adapterFor(site: string): SiteAdapter {
  const adapter = adapterById(site);
  if (!adapter) throw new UnknownSiteError(`no site adapter "${site}"`);
  return adapter;
}

/**
 * The same stages as the embedded runner, cut at the queue boundaries: a
 * sweep job fans out one discover job per search, a discover job reads one
 * results page and fans out its listings and the next page, a listing job
 * runs fetch → extract → images → match → record. The sweep job refreshes the
 * catalogue's photos first.
 */
export async function processSweep(job: SweepJob, deps: ProcessorDeps): Promise<JobOutcome> {
  const adapter = adapterFor(job.site);
  await deps.store.sweeps.start({ id: job.sweepId, site: job.site, origin: job.origin, campaign: job.campaign });
  const { items } = await deps.matchers.get(job.scope);
  // The catalogue's photos before its listings are fanned out: new or changed ones hashed, a failure kept on its row.
  const refreshed = await refreshReferenceImages(deps.store, deps.fetcher, items).catch(() => undefined);
  if (refreshed?.hashed || refreshed?.rehashed) deps.matchers.forgetImages();
  for (const query of searchQueries(items)) {
    const url = searchUrl(adapter, job.origin, query);
    await deps.queues.enqueue('discover', { ...common(job), url, page: 1, maxSearchPages: job.maxSearchPages }, url);
  }
  return 'sweep';
}

/**
 * A page the site would not serve is kept as evidence and the host backed
 * off before the error goes on to runMapped, which counts it as `blocked`.
 */
async function keepBlocked<T>(deps: ProcessorDeps, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BlockedPageError) {
      deps.fetcher.backOff(err.host);
      await recordBlockedPage(deps.store, err.page);
    }
    throw err;
  }
}

export async function processDiscover(job: DiscoverJob, deps: ProcessorDeps): Promise<JobOutcome> {
  const adapter = adapterFor(job.site);
  const { page, results } = await keepBlocked(deps, async () => {
    const { page, read } = await fetchAndRead(deps.fetcher, job.url, adapter);
    assertReadable(page, read);
    return { page, results: read.reading.search ?? { listingUrls: [], nextPageUrl: undefined } };
  });
  for (const raw of results.listingUrls) {
    const url = canonicalUrl(raw, page.url);
    await deps.queues.enqueue('listing', { ...common(job), url }, url);
  }
  if (results.nextPageUrl && job.page < job.maxSearchPages) {
    const next = canonicalUrl(results.nextPageUrl, page.url);
    await deps.queues.enqueue('discover', { ...job, url: next, page: job.page + 1 }, next);
  }
  return 'search';
}

export async function processListing(job: ListingJob, deps: ProcessorDeps): Promise<JobOutcome> {
  const adapter = adapterFor(job.site);
  const { page, read } = await keepBlocked(deps, () => fetchAndRead(deps.fetcher, job.url, adapter));
  const { items, matcher } = await deps.matchers.get(job.scope);
  const sellers = await deps.matchers.sellers();
  const images = imageMatching({ index: await deps.matchers.images(), source: deps.fetcher, items });
  const { hit } = await keepBlocked(deps, () =>
    processListingPage(
      page,
      adapter,
      {
        store: deps.store,
        matcher,
        sellers,
        holderOf: holdersOf(items),
        sweepId: job.sweepId,
        images,
        screenshotMinScore: deps.screenshotMinScore,
      },
      read,
    ),
  );
  return hit ? 'hit' : 'listing';
}

const common = (job: SweepJob | DiscoverJob) => ({
  sweepId: job.sweepId,
  site: job.site,
  origin: job.origin,
  scope: job.scope,
});
