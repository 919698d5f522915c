import { Matcher } from '../../shared/match';
import { adapterById, adapters, findAdapter } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { loadCatalogueFile } from '../catalogue';
import { writeReports, hitsTable } from '../report';
import { runSweep } from '../runner/embedded';
import { Progress } from '../runner/progress';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface ScanOptions extends GlobalOptions {
  catalogue: string;
  site: string;
  maxPages?: string;
  maxListings?: string;
  campaign?: string;
}

/** A site by adapter id, or by a URL whose host and path an adapter knows (the URL's origin is swept). */
export function resolveSite(site: string): { adapter: SiteAdapter; origin: string } {
  const byId = adapterById(site);
  if (byId) return { adapter: byId, origin: byId.defaultOrigin };
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    throw new CliError(`--site: no adapter named "${site}" (known: ${adapters.map((a) => a.id).join(', ')}) and not a URL`);
  }
  const adapter = findAdapter(url.href) ?? adapters.find((a) => a.hosts.includes(url.hostname) && url.pathname === '/');
  if (!adapter) throw new CliError(`--site: no adapter knows ${url.host}${url.pathname}`);
  return { adapter, origin: url.origin };
}

export async function scanCommand(opts: ScanOptions): Promise<void> {
  const overrides = opts.maxPages ? { maxSearchPages: parseNumber('--max-pages', opts.maxPages, { min: 1, int: true }) } : {};
  const config = configFrom(opts, overrides);
  const maxListings = opts.maxListings ? parseNumber('--max-listings', opts.maxListings, { min: 1, int: true }) : undefined;
  const { adapter, origin } = resolveSite(opts.site);
  const catalogue = await loadCatalogueFile(opts.catalogue);
  await withStore(config, async (store) => {
    await store.catalogue.upsert(catalogue);
    const { sweepId, stats } = await runSweep({
      adapter, origin, items: catalogue.items, matcher: new Matcher(catalogue.items, { threshold: config.threshold }),
      store, fetcher: politeFetcher(config), concurrency: config.concurrency, maxSearchPages: config.maxSearchPages,
      maxListings, campaign: opts.campaign, progress: new Progress(`scan ${adapter.id}`),
    });
    const hits = await store.hits.list({ sweepIds: [sweepId] });
    console.log(hitsTable(hits));
    const report = await writeReports(config.reportDir, sweepId, hits);
    console.log(`scan: site=${adapter.id} listings=${stats.fetched} hits=${hits.length} skipped_by_robots=${stats.skippedByRobots} failed=${stats.failed} report=${report.html}`);
  });
}
