import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { exampleCatalogueOn } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import type { Config } from '../config';
import { evaluate } from '../../demo/evaluate';
import { hitsTable, writeReports } from '../report';
import { referenceImages, runSweep, type SweepResult } from '../runner/embedded';
import { Progress } from '../runner/progress';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface DemoOptions extends GlobalOptions {
  size?: string;
  seed: string;
  /** Keep the demo sites up after the sweep, until SIGINT/SIGTERM (verification and the extension need them). */
  serve?: boolean;
  /** `--no-sweep`: only serve the sites (a data dir that already holds the demo's sweep). */
  sweep?: boolean;
}

/**
 * `demo`: the whole pipeline on the generated sites — serve them on
 * loopback, load the example catalogue, sweep both sites, then report the
 * hits and score them against the generator's ground truth.
 */
export async function demoCommand(opts: DemoOptions): Promise<void> {
  const size = opts.size === undefined ? 'demo' : parseNumber('--size', opts.size, { min: 10, int: true });
  const seed = parseNumber('--seed', opts.seed, { int: true });
  // The demo sites are our own loopback servers, so the demo may press them
  // harder than the defaults any real site gets; explicit settings still win.
  const config = configFrom(opts, {
    ...(process.env.COUNTERSCAN_HOST_DELAY_MS ? {} : { hostDelayMs: 5 }),
    ...(process.env.COUNTERSCAN_HOST_CONCURRENCY ? {} : { hostConcurrency: 6 }),
    ...(process.env.COUNTERSCAN_CONCURRENCY ? {} : { concurrency: 16 }),
    ...(process.env.COUNTERSCAN_RETRY_BASE_MS ? {} : { retryBaseDelayMs: 200 }),
  });
  if (opts.sweep === false && !opts.serve)
    throw new CliError('--no-sweep: only with --serve (it serves the sites only)');
  // The preferred ports keep the demo's URLs the same between runs. A plain demo takes any free port
  // when they are taken; a served one must not, since the stored hits and the extension point there.
  const port = config.demoPort;
  const sites = await startDemoSites({ seed, size, port }).catch((err: unknown) => {
    if (!opts.serve) return startDemoSites({ seed, size });
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `demo --serve: the demo sites need ports ${port} and ${port + 1} (COUNTERSCAN_DEMO_PORT), ` +
        `and one is taken (${why}); stop what holds it or pick another port`,
    );
  });
  try {
    if (opts.sweep !== false) await sweepAndReport(config, sites);
    if (opts.serve) await serveUntilStopped(sites);
  } finally {
    await sites.close();
  }
}

/** Loads the example catalogue, sweeps both sites, prints the table and writes the reports. */
async function sweepAndReport(config: Config, sites: DemoSites): Promise<void> {
  // The outbound policy refuses loopback; the demo's own sites are let through, and only they.
  const demoHosts = [...new Set([sites.market.origin, sites.video.origin].map((o) => new URL(o).hostname))];
  const catalogue = exampleCatalogueOn(sites.market.origin);
  const matcher = new Matcher(catalogue.items, { threshold: config.threshold });
  await withStore(config, async (store) => {
    await store.catalogue.upsert(catalogue);
    const fetcher = politeFetcher({ ...config, outboundAllow: [...config.outboundAllow, ...demoHosts] });
    let sweeps: SweepResult[];
    try {
      // Both sweeps share the catalogue's photos: fetched, hashed and indexed once.
      const photos = await referenceImages(store, fetcher, catalogue.items);
      sweeps = await Promise.all(
        (['demo-market', 'demo-video'] as const).map((id) =>
          runSweep({
            adapter: adapterById(id)!,
            origin: id === 'demo-market' ? sites.market.origin : sites.video.origin,
            items: catalogue.items,
            matcher,
            store,
            fetcher,
            concurrency: config.concurrency,
            maxSearchPages: config.maxSearchPages,
            campaign: 'demo',
            screenshotMinScore: config.screenshotMinScore,
            referenceImages: photos,
            progress: new Progress(`sweep ${id}`),
          }),
        ),
      );
    } finally {
      await fetcher.close();
    }
    const hits = await store.hits.list({ sweepIds: sweeps.map((s) => s.sweepId), minScore: config.threshold });
    const score = evaluate(hits, sites.truth);
    for (const { sweepId, stats } of sweeps) {
      console.log(
        `${sweepId}: ${stats.fetched} listings fetched, ${stats.skippedByRobots} skipped by robots.txt, ` +
          `${stats.failed} failed ${JSON.stringify(stats.errors)}`,
      );
    }
    console.log(hitsTable(hits, 20));
    const summary =
      `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} against the ` +
      `generator's ground truth`;
    const report = await writeReports(config.reportDir, 'demo', hits, { summary, store });
    console.log(`CSV report: ${report.csv}`);
    console.log(
      `demo: hits=${hits.length} precision=${score.precision.toFixed(3)} recall=${score.recall.toFixed(3)} ` +
        `report=${report.html}`,
    );
  });
}

/** The sites stay up (the store is closed, so `serve` and the other commands can open it) until stopped. */
async function serveUntilStopped(sites: DemoSites): Promise<void> {
  console.log(
    [
      'demo sites kept up until Ctrl-C (SIGINT) or SIGTERM:',
      `  demo-market  ${sites.market.origin}/`,
      `  demo-video   ${sites.video.origin}/`,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
