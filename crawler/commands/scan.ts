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
  origin?: string;
}

/** A site by adapter id, or by a URL whose host and path an adapter knows (the URL's origin is swept). */
export function resolveSite(site: string, origin?: string): { adapter: SiteAdapter; origin: string } {
  const byId = adapterById(site);
  if (byId) return { adapter: byId, origin: origin ? originOf(origin) : byId.defaultOrigin };
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    throw new CliError(`--site: no adapter named "${site}" (known: ${adapters.map((a) => a.id).join(', ')}) and not a URL`);
  }
  const byPage = findAdapter(url.href);
  if (byPage) return { adapter: byPage, origin: url.origin };
  const byHost = adapters.filter((a) => a.hosts.includes(url.hostname));
  if (byHost.length === 1) return { adapter: byHost[0]!, origin: url.origin };
  if (byHost.length > 1) {
    // Several sites on one host (the demo sites share 127.0.0.1): a bare origin cannot say which.
    throw new CliError(`--site: ${url.host} is served by ${byHost.map((a) => a.id).join(' and ')}; give a search or listing URL, or --site ID --origin ${url.origin}`);
  }
  throw new CliError(`--site: no adapter knows ${url.host}${url.pathname}`);
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new CliError(`--origin: not an absolute URL: "${value}"`);
  }
}

export async function scanCommand(opts: ScanOptions): Promise<void> {
  const overrides = opts.maxPages ? { maxSearchPages: parseNumber('--max-pages', opts.maxPages, { min: 1, int: true }) } : {};
  const config = configFrom(opts, overrides);
  const maxListings = opts.maxListings ? parseNumber('--max-listings', opts.maxListings, { min: 1, int: true }) : undefined;
  const { adapter, origin } = resolveSite(opts.site, opts.origin);
  const catalogue = await loadCatalogueFile(opts.catalogue);
  await withStore(config, async (store) => {
    await store.catalogue.upsert(catalogue);
    const fetcher = politeFetcher(config);
    let sweep: Awaited<ReturnType<typeof runSweep>>;
    try {
      sweep = await runSweep({
        adapter, origin, items: catalogue.items, matcher: new Matcher(catalogue.items, { threshold: config.threshold }),
        store, fetcher, concurrency: config.concurrency, maxSearchPages: config.maxSearchPages,
        maxListings, campaign: opts.campaign, progress: new Progress(`scan ${adapter.id}`),
      });
    } finally {
      await fetcher.close();
    }
    const { sweepId, stats } = sweep;
    const hits = await store.hits.list({ sweepIds: [sweepId] });
    console.log(hitsTable(hits));
    const report = await writeReports(config.reportDir, sweepId, hits);
    console.log(`scan: site=${adapter.id} listings=${stats.fetched} hits=${hits.length} skipped_by_robots=${stats.skippedByRobots} failed=${stats.failed} report=${report.html}`);
  });
}
