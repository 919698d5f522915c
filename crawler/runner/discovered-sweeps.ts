/**
 * Sweeps of sites accepted from the discovery queue: each queued site is
 * swept once with the reader its template allows, at the origin its page was
 * read from, and marked done (or failed, with the sweep kept for its counts).
 */
import type { Matcher } from '../../shared/match';
import type { CatalogueItem } from '../../shared/model';
import { adapterById } from '../../shared/sites';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import type { Store, SweepStats } from '../store';
import { runSweep } from './embedded';

export interface DiscoveredSweep {
  domain: string;
  sweepId: string | null;
  stats: SweepStats | null;
  error: string | null;
}

export async function sweepAcceptedSites(o: {
  store: Store;
  fetcher: PoliteFetcher;
  items: readonly CatalogueItem[];
  matcher: Matcher;
  concurrency: number;
  maxSearchPages: number;
  maxListings?: number;
}): Promise<DiscoveredSweep[]> {
  const out: DiscoveredSweep[] = [];
  for (const c of await o.store.discovery.queuedSweeps()) {
    const adapter = c.adapter ? adapterById(c.adapter) : undefined;
    if (!adapter || !c.origin) {
      await o.store.discovery.sweepFinished(c.id, null, false);
      out.push({ domain: c.domain, sweepId: null, stats: null, error: `no reader ${c.adapter ?? ''} or origin` });
      continue;
    }
    try {
      const { sweepId, stats } = await runSweep({
        adapter,
        origin: c.origin,
        items: o.items,
        matcher: o.matcher,
        store: o.store,
        fetcher: o.fetcher,
        concurrency: o.concurrency,
        maxSearchPages: o.maxSearchPages,
        maxListings: o.maxListings,
        campaign: 'discovery',
      });
      await o.store.discovery.sweepFinished(c.id, sweepId, true);
      out.push({ domain: c.domain, sweepId, stats, error: null });
    } catch (e) {
      await o.store.discovery.sweepFinished(c.id, null, false);
      out.push({ domain: c.domain, sweepId: null, stats: null, error: (e as Error).message });
    }
  }
  return out;
}
