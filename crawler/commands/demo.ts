import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites } from '../../demo/server';
import { evaluate } from '../../demo/evaluate';
import { hitsTable, writeReports } from '../report';
import { runSweep } from '../runner/embedded';
import { Progress } from '../runner/progress';
import { configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface DemoOptions extends GlobalOptions {
  size?: string;
  seed: string;
}

/** Preferred ports, so demo URLs stay the same between runs; any free port if taken. */
const DEMO_PORT = 8401;

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
  const sites = await startDemoSites({ seed, size, port: DEMO_PORT }).catch(() => startDemoSites({ seed, size }));
  // The outbound policy refuses loopback; the demo's own sites are let through, and only they.
  const demoHosts = [...new Set([sites.market.origin, sites.video.origin].map((o) => new URL(o).hostname))];
  try {
    const catalogue = exampleCatalogue();
    const matcher = new Matcher(catalogue.items, { threshold: config.threshold });
    await withStore(config, async (store) => {
      await store.catalogue.upsert(catalogue);
      const fetcher = politeFetcher({ ...config, outboundAllow: [...config.outboundAllow, ...demoHosts] });
      const sweeps = await Promise.all(
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
            progress: new Progress(`sweep ${id}`),
          }),
        ),
      ).finally(() => fetcher.close());
      const hits = await store.hits.list({ sweepIds: sweeps.map((s) => s.sweepId), minScore: config.threshold });
      const score = evaluate(hits, sites.truth);
      for (const { sweepId, stats } of sweeps) {
        console.log(
          `${sweepId}: ${stats.fetched} listings fetched, ${stats.skippedByRobots} skipped by robots.txt, ${stats.failed} failed ${JSON.stringify(stats.errors)}`,
        );
      }
      console.log(hitsTable(hits, 20));
      const summary = `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} against the generator's ground truth`;
      const report = await writeReports(config.reportDir, 'demo', hits, { summary, store });
      console.log(`CSV report: ${report.csv}`);
      console.log(
        `demo: hits=${hits.length} precision=${score.precision.toFixed(3)} recall=${score.recall.toFixed(3)} report=${report.html}`,
      );
    });
  } finally {
    await sites.close();
  }
}
