import { Matcher } from '../../shared/match';
import { loadCatalogueFile } from '../catalogue';
import { writeReports, hitsTable } from '../report';
import { runSweep } from '../runner/embedded';
import { Progress } from '../runner/progress';
import { configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { blockStats } from '../pipeline';
import { resolveSite } from './site-arg';
import { politeFetcher } from './sweep-setup';

// Kept here too: sweep and the tests import it from scan.
export { resolveSite };

export interface ScanOptions extends GlobalOptions {
  catalogue: string;
  site: string;
  maxPages?: string;
  maxListings?: string;
  campaign?: string;
  origin?: string;
  locale?: string;
}

export async function scanCommand(opts: ScanOptions): Promise<void> {
  const overrides = opts.maxPages
    ? { maxSearchPages: parseNumber('--max-pages', opts.maxPages, { min: 1, int: true }) }
    : {};
  const config = configFrom(opts, overrides);
  const maxListings = opts.maxListings
    ? parseNumber('--max-listings', opts.maxListings, { min: 1, int: true })
    : undefined;
  const { adapter, origin } = resolveSite(opts.site, opts.origin, opts.locale);
  const catalogue = await loadCatalogueFile(opts.catalogue);
  await withStore(
    config,
    async (store) => {
      await store.catalogue.upsert(catalogue);
      const fetcher = politeFetcher(config);
      let sweep: Awaited<ReturnType<typeof runSweep>>;
      try {
        sweep = await runSweep({
          adapter,
          origin,
          items: catalogue.items,
          matcher: new Matcher(catalogue.items, { threshold: config.threshold }),
          store,
          fetcher,
          concurrency: config.concurrency,
          maxSearchPages: config.maxSearchPages,
          maxListings,
          campaign: opts.campaign,
          screenshotMinScore: config.screenshotMinScore,
          progress: new Progress(`scan ${adapter.id}`),
        });
      } finally {
        await fetcher.close();
      }
      const { sweepId, stats } = sweep;
      const hits = await store.hits.list({ sweepIds: [sweepId] });
      console.log(hitsTable(hits));
      const report = await writeReports(config.reportDir, sweepId, hits, { store });
      console.log(
        `scan: site=${adapter.id} origin=${origin} listings=${stats.fetched} hits=${hits.length} ` +
          `skipped_by_robots=${stats.skippedByRobots} failed=${stats.failed} blocked=${stats.blocked ?? 0} ` +
          `report=${report.html}`,
      );
      // A site that blocks is named with how: per host, by verdict and provider.
      for (const line of blockStats(stats)) console.log(`scan: blocked on ${line}`);
    },
    // A sweep's store work runs on the second core.
    { thread: true },
  );
}
