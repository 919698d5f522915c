import { defaultRepeatStrategy } from 'bullmq';
import type { Logger } from 'pino';
import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { campaignSweepId } from '../queue/campaigns';
import { inScope } from '../queue/catalogue-scope';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import type { CampaignRecord, CampaignSchedule, Store } from '../store';
import { runSweep } from './embedded';

/**
 * Campaign schedules on one machine, without Redis: `serve` looks every `everyMs` for campaign
 * sites whose tick is due and sweeps them with the embedded runner, one sweep at a time. A tick's
 * sweep id comes from its due time (as in the fleet), and the sweep row is claimed before it
 * runs, so a restart never sweeps the same tick twice.
 */

export interface CampaignRunnerOptions {
  store: Store;
  fetcher: PoliteFetcher;
  threshold: number;
  concurrency: number;
  logger?: Logger;
  /** How often due ticks are looked for. Default 5 s. */
  everyMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * The tick due now or most recently, at or after `startsAt`; undefined before the first one. An
 * interval counts from the start; a cron pattern's last tick is looked for within one day back
 * (a tick missed for longer than that waits for its next one).
 */
export function lastTick(schedule: CampaignSchedule, startsAt: number, now: number): number | undefined {
  if (now < startsAt) return undefined;
  if (schedule.everyMs !== undefined)
    return startsAt + Math.floor((now - startsAt) / schedule.everyMs) * schedule.everyMs;
  const opts = { pattern: schedule.pattern!, ...(schedule.tz ? { tz: schedule.tz } : {}) };
  let at = defaultRepeatStrategy(Math.max(startsAt, now - 86_400_000) - 1, opts);
  let last: number | undefined;
  while (at !== undefined && at <= now) {
    last = at;
    at = defaultRepeatStrategy(at, opts);
  }
  return last;
}

/** Starts looking for due campaign ticks; `stop()` waits for a sweep in flight. */
export function startCampaignRunner(o: CampaignRunnerOptions): { stop(): Promise<void>; round(): Promise<number> } {
  const now = o.now ?? Date.now;
  let running: Promise<number> | undefined;

  async function sweepTick(c: CampaignRecord, site: { site: string; origin: string }, at: number): Promise<boolean> {
    const adapter = adapterById(site.site);
    if (!adapter) return false;
    const sweepId = campaignSweepId(c.name, site.site, at);
    if (!(await o.store.sweeps.claim({ id: sweepId, site: site.site, origin: site.origin, campaign: c.name })))
      return false;
    const items = (await o.store.catalogue.items()).filter((i) => inScope(i, c.scope));
    o.logger?.info({ campaign: c.name, site: site.site, sweepId, items: items.length }, 'campaign sweep started');
    const { stats } = await runSweep({
      adapter,
      origin: site.origin,
      items,
      matcher: new Matcher(items, { threshold: o.threshold }),
      store: o.store,
      fetcher: o.fetcher,
      concurrency: o.concurrency,
      maxSearchPages: c.maxSearchPages,
      campaign: c.name,
      sweepId,
    });
    o.logger?.info({ campaign: c.name, site: site.site, sweepId, hits: stats.hits }, 'campaign sweep finished');
    return true;
  }

  /** One look: every due tick of every active campaign swept; answers how many sweeps ran. */
  async function round(): Promise<number> {
    let swept = 0;
    for (const c of await o.store.campaigns.list()) {
      if (c.status !== 'active') continue;
      const t = now();
      if (c.endsAt && t >= c.endsAt.getTime()) {
        if (await o.store.campaigns.end(c.name)) o.logger?.info({ campaign: c.name }, 'campaign ended');
        continue;
      }
      const at = lastTick(c.schedule, c.startsAt.getTime(), t);
      if (at === undefined) continue;
      for (const site of c.sites) {
        try {
          if (await sweepTick(c, site, at)) swept++;
        } catch (err) {
          o.logger?.error({ campaign: c.name, site: site.site, err: (err as Error).message }, 'campaign sweep failed');
        }
      }
    }
    return swept;
  }

  const timer = setInterval(() => {
    if (running) return;
    running = round()
      .catch((err: unknown) => {
        o.logger?.error({ err: (err as Error).message }, 'campaign round failed');
        return 0;
      })
      .finally(() => (running = undefined));
  }, o.everyMs ?? 5000);
  return {
    round,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
