/**
 * Campaign schedules on one machine (what `serve` runs without Redis): a due tick becomes one
 * sweep of the demo marketplace with the campaign's id, a second look at the same tick sweeps
 * nothing, and a campaign past its end is marked ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastTick, startCampaignRunner } from '../../crawler/runner/campaign-runner';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { loopbackOutbound } from './helpers/outbound';

let sites: DemoSites;
let store: Store;
let fetcher: PoliteFetcher;
beforeAll(async () => {
  sites = await startDemoSites({ latencyMs: 2, size: 60 });
  store = await openStore({ dataDir: 'memory://' });
  await store.catalogue.upsert(exampleCatalogue());
  fetcher = new PoliteFetcher({
    userAgent: 'counterscan-integration/1.0 (+loopback test)',
    timeoutMs: 10_000,
    hostConcurrency: 4,
    hostDelayMs: 0,
    retries: 0,
    retryBaseDelayMs: 10,
    outbound: loopbackOutbound,
  });
});
afterAll(async () => {
  await fetcher?.close();
  await store?.close();
  await sites?.close();
});

describe('embedded campaign runner', () => {
  it('finds the due tick of an interval and of a cron pattern', () => {
    const start = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(lastTick({ everyMs: 3_600_000 }, start, start - 1)).toBeUndefined();
    expect(lastTick({ everyMs: 3_600_000 }, start, start + 5_400_000)).toBe(start + 3_600_000);
    expect(lastTick({ pattern: '0 */6 * * *' }, start, start + 7 * 3_600_000)).toBe(start + 6 * 3_600_000);
  });

  it('sweeps a due tick once, with the campaign named on the sweep and its hits', async () => {
    const now = Date.now();
    await store.campaigns.create({
      name: 'spring',
      sites: [{ site: 'demo-market', origin: sites.market.origin }],
      scope: {},
      schedule: { everyMs: 86_400_000 },
      maxSearchPages: 1,
      startsAt: new Date(now - 1000),
    });
    await store.campaigns.create({
      name: 'over',
      sites: [{ site: 'demo-market', origin: sites.market.origin }],
      scope: {},
      schedule: { everyMs: 60_000 },
      maxSearchPages: 1,
      startsAt: new Date(now - 120_000),
      endsAt: new Date(now + 50),
    });
    await new Promise((r) => setTimeout(r, 100));
    const runner = startCampaignRunner({ store, fetcher, threshold: 0.5, concurrency: 4, everyMs: 3_600_000 });
    try {
      expect(await runner.round()).toBe(1);
      expect(await runner.round()).toBe(0);
    } finally {
      await runner.stop();
    }
    const figures = await store.campaigns.figures();
    expect(figures.get('spring')).toMatchObject({ sweeps: 1, finished: 1 });
    expect(figures.get('spring')!.hits).toBeGreaterThan(0);
    expect(figures.get('over')?.sweeps ?? 0).toBe(0);
    expect((await store.campaigns.get('over'))?.status).toBe('ended');
  }, 120_000);
});
