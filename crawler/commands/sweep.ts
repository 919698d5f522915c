import { loadCatalogueFile } from '../catalogue';
import { writeReports, hitsTable } from '../report';
import { Progress } from '../runner/progress';
import { newSweepId } from '../runner/sweep-id';
import type { CatalogueScope } from '../queue/registry';
import { configFrom, parseNumber, type GlobalOptions } from './context';
import { openFleet } from './fleet';
import { resolveSite } from './scan';

export interface SweepOptions extends GlobalOptions {
  site: string;
  origin?: string;
  locale?: string;
  catalogue?: string;
  holder?: string[];
  item?: string[];
  category?: string[];
  campaign?: string;
  maxPages?: string;
  wait?: boolean;
}

/**
 * `sweep`: enqueue one sweep of a site for workers to run; with `--wait`,
 * follow it to the end with a progress bar and print its hits.
 */
export async function sweepCommand(opts: SweepOptions): Promise<void> {
  const config = configFrom(opts);
  const { adapter, origin } = resolveSite(opts.site, opts.origin, opts.locale);
  const maxSearchPages = opts.maxPages
    ? parseNumber('--max-pages', opts.maxPages, { min: 1, int: true })
    : config.maxSearchPages;
  const catalogue = opts.catalogue ? await loadCatalogueFile(opts.catalogue) : undefined;
  const needStore = !!catalogue || !!opts.wait;
  const fleet = await openFleet(config, { withStore: needStore });
  try {
    if (catalogue) await fleet.store!.catalogue.upsert(catalogue);
    const scope: CatalogueScope = {
      holders: opts.holder,
      // A catalogue file given here scopes the sweep to its items.
      items: opts.item ?? catalogue?.items.map((i) => i.id),
      categories: opts.category,
    };
    const sweepId = newSweepId(adapter.id);
    await fleet.queues.startSweep({
      sweepId,
      site: adapter.id,
      origin,
      scope,
      campaign: opts.campaign,
      maxSearchPages,
    });
    console.log(`sweep: queued ${sweepId} (${adapter.id} at ${origin})`);
    if (!opts.wait) return;
    const progress = new Progress(`sweep ${adapter.id}`);
    for (;;) {
      const p = await fleet.queues.tracker.progress(sweepId);
      const state = {
        found: p.jobs,
        done: p.done,
        hits: p.outcomes.hit ?? 0,
        failed: Object.entries(p.outcomes)
          .filter(([k]) => k.startsWith('failed:'))
          .reduce((n, [, v]) => n + v, 0),
      };
      if (p.meta.finishedAt) {
        progress.stop(state);
        break;
      }
      progress.update(state);
      await new Promise((r) => setTimeout(r, 500));
    }
    const hits = await fleet.store!.hits.list({ sweepIds: [sweepId] });
    console.log(hitsTable(hits));
    const report = await writeReports(config.reportDir, sweepId, hits, { store: fleet.store! });
    console.log(`sweep: ${sweepId} hits=${hits.length} report=${report.html}`);
  } finally {
    await fleet.close();
  }
}
