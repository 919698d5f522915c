/**
 * Politeness across the fleet: 4 worker processes × concurrency 20 sweep one
 * demo host capped at 2 requests in flight and 5 requests a second (200 ms
 * between starts). The caps live in Redis, so they must hold for the fleet;
 * the demo server's own request log is the judge. robots.txt must be fetched
 * once for the host, by one of the four.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisConnection } from '../../crawler/queue/connection';
import { HostStats } from '../../crawler/queue/host-stats';
import { Queues } from '../../crawler/queue/queues';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import {
  createTestDatabase,
  enqueueSweep,
  tearDownFleetTest,
  FleetProcesses,
  REDIS_URL,
  waitForSweep,
  type TestDatabase,
} from './helpers/fleet';

const catalogue = exampleCatalogue();
const prefix = `cs-polite-${randomUUID().slice(0, 8)}`;
// Two brands' worth of the catalogue: enough requests to test the caps, few enough to finish in ~20 s at 5/s.
const scopeItems = catalogue.items
  .filter((i) => ['Veloran', 'Everpack'].includes(i.brandTerms[0] ?? ''))
  .map((i) => i.id);

let db: TestDatabase | undefined;
let dataDir: string | undefined;
let sites: DemoSites | undefined;
let connection: Redis | undefined;
let queues: Queues | undefined;
let store: Store | undefined;
let fleet: FleetProcesses | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'cs-polite-'));
  // Slow answers (up to 0.8 s), so that the in-flight cap, not only the rate, is what holds requests back.
  sites = await startDemoSites({ latencyMs: 800 });
  connection = redisConnection(REDIS_URL, 'polite-test');
  queues = new Queues(connection, prefix);
  store = await openStore({ dataDir, databaseUrl: db.url });
  await store.catalogue.upsert(catalogue);
  fleet = new FleetProcesses({
    redisUrl: REDIS_URL,
    databaseUrl: db.url,
    prefix,
    dataDir,
    env: { COUNTERSCAN_HOST_CONCURRENCY: '2', COUNTERSCAN_HOST_DELAY_MS: '200' },
  });
  const f = fleet;
  await Promise.all([1, 2, 3, 4].map(() => f.spawnWorker({ concurrency: 20 })));
}, 120_000);

afterAll(async () => {
  await tearDownFleetTest({ fleet, queues, connection, prefix, store, db, sites, dataDir });
});

it(
  '4 workers × concurrency 20 never exceed 2 in flight or 5 ' + 'requests a second on one host; robots.txt once',
  async () => {
    expect(scopeItems.length).toBeGreaterThan(2);
    const sweepId = await enqueueSweep(queues!, {
      site: 'demo-market',
      origin: sites!.market.origin,
      scope: { items: scopeItems },
    });
    const done = await waitForSweep(queues!, sweepId, { timeoutMs: 150_000 });
    const log = sites!.market.log;
    const times = log.entries.map((e) => e.time).sort((a, b) => a - b);
    // The most requests that started within any one second (sliding window over the server's own arrival times).
    let maxPerSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      maxPerSecond = Math.max(maxPerSecond, i - j + 1);
    }
    const robots = log.entries.filter((e) => e.path === '/robots.txt').length;
    console.log(
      `fleet politeness: ${times.length} requests, max in flight ${log.maxInFlight}, max per second ${maxPerSecond}, ` +
        `robots.txt ${robots}×, outcomes ${JSON.stringify(done.outcomes)}`,
    );
    expect(times.length).toBeGreaterThan(30);
    expect(log.maxInFlight).toBe(2);
    expect(maxPerSecond).toBeLessThanOrEqual(5);
    expect(robots).toBe(1);
    // Held back by the cap, not failed: no listing job failed for being delayed.
    expect(Object.keys(done.outcomes).filter((k) => k.startsWith('failed:') && !/HTTP|extraction/.test(k))).toEqual([]);
    expect(done.outcomes.hit ?? 0).toBeGreaterThan(5);
    // The delays were the fleet's own cap, not the host's answers: status shows no errors and no more requests
    // than the host saw.
    const host = (await new HostStats(connection!, prefix).read()).find(
      (h) => h.host === new URL(sites!.market.origin).host,
    );
    expect(host?.errors).toBe(0);
    expect(host!.requests).toBeGreaterThan(0);
    expect(host!.requests).toBeLessThanOrEqual(times.length - robots);
  },
  200_000,
);
