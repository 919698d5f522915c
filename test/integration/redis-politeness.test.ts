/**
 * Fleet-wide politeness over a real Redis (REDIS_URL, default
 * redis://127.0.0.1:6379): four PoliteFetchers, each with its own connection,
 * RedisHostGate and RedisRobotsCache, as four queue workers would have,
 * crawl the demo marketplace at once; the SERVER's request log must show the
 * cap held for all of them together. Every test uses its own key prefix and
 * deletes its keys afterwards.
 *
 * The gate spaces reservations by Redis time; the server stamps arrivals, a
 * few ms later and not always by the same amount (one event loop serves the
 * fetchers and the server). The margin measured is printed ("min span of 6
 * starts": over 1000 ms means no second holds six); on a heavily loaded
 * machine it can shrink to nothing, while the client-side figure stays ≤ 5.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostBusyError, RetryableFetchError } from '../../crawler/fetch/errors';
import type { FetchedPage } from '../../crawler/fetch/http-fetcher';
import type { HostGate } from '../../crawler/fetch/host-gate';
import { RedisHostGate, type RedisHostGateOptions } from '../../crawler/fetch/redis-host-gate';
import { RedisRobotsCache } from '../../crawler/fetch/redis-robots-cache';
import { withRetries } from '../../crawler/fetch/retry';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { startDemoSites, type DemoSites } from '../../demo/server';

import { REDIS_URL } from '../setup/services';
import { loopbackOutbound } from './helpers/outbound';
const USER_AGENT = 'counterscan-redis-test/1.0 (+loopback test)';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let sites: DemoSites;
let admin: Redis;
const clients: Redis[] = [];
const prefixes: string[] = [];

function connect(): Redis {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  clients.push(r);
  return r;
}

function newPrefix(): string {
  const p = `test-${randomUUID()}`;
  prefixes.push(p);
  return p;
}

async function deleteKeys(prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) n += await admin.del(...keys);
  } while (cursor !== '0');
  return n;
}

interface Worker {
  fetcher: PoliteFetcher;
  gate: RedisHostGate;
  robots: RedisRobotsCache;
}

/** One "worker": its own Redis connection, gate, robots cache and fetcher. */
/** When each gated task started in this process (client side), to tell the gate's spacing from scheduling lag. */
const taskStarts: number[] = [];

function worker(prefix: string, gateOptions: Partial<RedisHostGateOptions> = {}, ttlSeconds = 3600): Worker {
  const redis = connect();
  const gate = new RedisHostGate(redis, prefix, { concurrency: 2, delayMs: 200, ...gateOptions });
  const timed: HostGate = {
    run: (host, task) => gate.run(host, () => (taskStarts.push(Date.now()), task())),
    setDelay: (host, ms) => gate.setDelay(host, ms),
  };
  const robots = new RedisRobotsCache(redis, prefix, timed, {
    userAgent: USER_AGENT,
    timeoutMs: 10_000,
    ttlSeconds,
    outbound: loopbackOutbound,
  });
  const fetcher = new PoliteFetcher({
    userAgent: USER_AGENT,
    timeoutMs: 10_000,
    hostConcurrency: 2,
    hostDelayMs: 200,
    retries: 0,
    retryBaseDelayMs: 0,
    gate: timed,
    robots,
    outbound: loopbackOutbound,
  });
  return { fetcher, gate, robots };
}

/** What a queue worker does with HostBusyError: delay the job by retryInMs and take it again. */
async function getAsJob(f: PoliteFetcher, url: string, counters: { busy: number }): Promise<FetchedPage> {
  for (;;) {
    try {
      return await f.get(url);
    } catch (err) {
      if (!(err instanceof HostBusyError)) throw err;
      counters.busy++;
      await sleep(err.retryInMs);
    }
  }
}

/** Most of `times` in any window [t, t + windowMs), t sliding over the times. */
function maxInWindow(unsorted: number[], windowMs: number): number {
  const times = [...unsorted].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/** Listing pages that answer 200 at once (not robots-disallowed, broken or flaky). */
function plainListings(n: number): string[] {
  const paths = sites.model.market
    .filter((l) => !l.disallowed && !l.broken && !l.flaky && !l.needsBrowser)
    .map((l) => l.path);
  expect(paths.length).toBeGreaterThanOrEqual(n);
  return paths.slice(0, n).map((p) => sites.market.origin + p);
}

beforeAll(async () => {
  // Responses take 1..700 ms (fixed per path), so two in flight is a real limit, not only the delay.
  sites = await startDemoSites({ latencyMs: 700 });
  admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
});

afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  await admin?.quit();
  await sites?.close();
});

describe('RedisHostGate + RedisRobotsCache across four workers', () => {
  it('holds 2 in flight and 5 requests/s for the whole fleet; robots.txt fetched once', async () => {
    const prefix = newPrefix();
    const workers = [worker(prefix), worker(prefix), worker(prefix), worker(prefix)];
    const urls = plainListings(80);
    sites.market.log.clear();
    taskStarts.length = 0;
    const counters = { busy: 0 };
    const started = Date.now();
    const pages = await Promise.all(urls.map((u, i) => getAsJob(workers[i % workers.length]!.fetcher, u, counters)));
    const took = Date.now() - started;

    const log = [...sites.market.log.entries];
    const maxInFlight = Math.max(...log.map((e) => e.inFlight));
    const perSecond = maxInWindow(
      log.map((e) => e.time),
      1000,
    );
    const clientPerSecond = maxInWindow(taskStarts, 1000);
    const times = log.map((e) => e.time).sort((a, b) => a - b);
    const minGap = Math.min(...times.slice(1).map((t, i) => t - times[i]!));
    // The tightest six consecutive starts: over 1000 ms means no 1 s window holds six.
    const minSpan6 = Math.min(...times.slice(5).map((t, i) => t - times[i]!));
    const starts = [...taskStarts].sort((a, b) => a - b);
    const clientSpan6 = Math.min(...starts.slice(5).map((t, i) => t - starts[i]!));
    const fetches = workers.map((w) => w.robots.fetches);
    console.log(
      `fleet: ${log.length} requests in ${took} ms; max in flight ${maxInFlight}; max per 1 s window ${perSecond}; ` +
        `min gap between starts ${minGap} ms; min span of 6 starts ${minSpan6} ms ` +
        (`(client side: max per 1 s ${clientPerSecond}, min span of 6 ${clientSpan6} ms); HostBusyError ` +
          `${counters.busy}x; robots fetches per worker ${fetches.join(',')}`),
    );

    expect(pages.map((p) => p.status)).toEqual(urls.map(() => 200));
    expect(new Set(log.filter((e) => e.path !== '/robots.txt').map((e) => sites.market.origin + e.path))).toEqual(
      new Set(urls),
    );
    expect(log.filter((e) => e.path !== '/robots.txt')).toHaveLength(80);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(sites.market.log.maxInFlight).toBeLessThanOrEqual(2);
    expect(perSecond).toBeLessThanOrEqual(5);
    expect(clientPerSecond).toBeLessThanOrEqual(5);
    expect(log.filter((e) => e.path === '/robots.txt')).toHaveLength(1);
    expect(log[0]!.path).toBe('/robots.txt');
    expect(fetches.reduce((a, b) => a + b, 0)).toBe(1);
    // Nothing left holding the host.
    expect(await workers[0]!.gate.inFlight(new URL(sites.market.origin).host)).toBe(0);
  });

  it("frees a crashed holder's slot after leaseMs", async () => {
    const prefix = newPrefix();
    const host = 'crash.example:1';
    const a = new RedisHostGate(connect(), prefix, { concurrency: 1, delayMs: 0, leaseMs: 300 });
    const b = new RedisHostGate(connect(), prefix, { concurrency: 1, delayMs: 0, leaseMs: 300, maxInlineWaitMs: 0 });
    expect(await a.tryAcquire(host)).toBe(0); // and never released: the worker "crashed"
    const wait = await b.tryAcquire(host);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(300);
    await expect(b.run(host, async () => 'no')).rejects.toBeInstanceOf(HostBusyError);
    expect(await b.inFlight(host)).toBe(1);
    await sleep(350);
    expect(await b.inFlight(host)).toBe(0);
    expect(await b.run(host, async () => 'yes')).toBe('yes');
    // run() released its own lease, after success and after failure.
    await expect(b.run(host, async () => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    expect(await b.inFlight(host)).toBe(0);
  });

  it('throws HostBusyError for a long wait, and withRetries passes it through', async () => {
    const prefix = newPrefix();
    const host = 'busy.example:1';
    const gate = new RedisHostGate(connect(), prefix, { concurrency: 2, delayMs: 1000 });
    await gate.run(host, async () => undefined);
    let tries = 0;
    const err = await withRetries(
      () => {
        tries++;
        return gate.run(host, async () => undefined);
      },
      { retries: 3, baseDelayMs: 1 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostBusyError);
    expect(err).not.toBeInstanceOf(RetryableFetchError);
    expect(tries).toBe(1);
    expect((err as HostBusyError).host).toBe(host);
    expect((err as HostBusyError).retryInMs).toBeGreaterThan(800);
    // The gate spaces starts 5 % wider than the delay, as headroom against jitter.
    expect((err as HostBusyError).retryInMs).toBeLessThanOrEqual(1050);
  });

  it('a Crawl-delay set by one worker holds for another, never below the configured delay', async () => {
    const prefix = newPrefix();
    const a = new RedisHostGate(connect(), prefix, { concurrency: 2, delayMs: 1000 });
    const b = new RedisHostGate(connect(), prefix, { concurrency: 2, delayMs: 1000 });
    await a.setDelay('slow.example:1', 5000);
    await a.setDelay('fast.example:1', 10);
    expect(await b.delayFor('slow.example:1')).toBe(5000);
    expect(await b.delayFor('fast.example:1')).toBe(1000);
    expect(await b.tryAcquire('slow.example:1')).toBe(0);
    expect(await b.tryAcquire('slow.example:1')).toBeGreaterThan(4000);
    expect(await b.tryAcquire('fast.example:1')).toBe(0);
    const fastWait = await b.tryAcquire('fast.example:1');
    expect(fastWait).toBeGreaterThan(0);
    expect(fastWait).toBeLessThanOrEqual(1050);
  });

  it('refetches robots.txt exactly once, fleet-wide, when its TTL runs out', async () => {
    const prefix = newPrefix();
    const workers = [0, 1, 2, 3].map(() => worker(prefix, { delayMs: 20, concurrency: 4 }, 3));
    const urls = plainListings(4);
    const key = `${prefix}:robots:${sites.market.origin}`;
    sites.market.log.clear();
    const counters = { busy: 0 };
    await Promise.all(workers.map((w, i) => getAsJob(w.fetcher, urls[i]!, counters)));
    expect(sites.market.log.paths().filter((p) => p === '/robots.txt')).toHaveLength(1);
    expect(await admin.pttl(key)).toBeGreaterThan(0);

    await sleep(3100);
    expect(await admin.exists(key)).toBe(0);
    // Every worker's copy has run out too: all four ask at once, one fetches.
    const rules = await Promise.all(workers.map((w, i) => w.robots.rulesFor(urls[i]!)));
    for (const r of rules) expect(r.isAllowed(urls[0]!, USER_AGENT)).toBe(true);
    expect(sites.market.log.paths().filter((p) => p === '/robots.txt')).toHaveLength(2);
    expect(workers.reduce((n, w) => n + w.robots.fetches, 0)).toBe(2);
    const pttl = await admin.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(3000);

    // Within the new TTL: pages, no further robots.txt.
    await Promise.all(workers.map((w, i) => getAsJob(w.fetcher, urls[i]!, counters)));
    expect(sites.market.log.paths().filter((p) => p === '/robots.txt')).toHaveLength(2);
    expect(sites.market.log.maxInFlight).toBeLessThanOrEqual(4);
  });
});
