/**
 * The distributed runner under faults: a worker killed with SIGKILL mid-sweep
 * (and replaced), and Redis itself stopped mid-sweep and started again. Each
 * test has its own throwaway PostgreSQL database, queue prefix and three
 * `worker` processes; the demo sites run in this process. Whatever happened
 * on the way, the result must be the embedded runner's: the same listings,
 * the same hits, nothing stored twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../../crawler/queue/connection';
import { Queues } from '../../crawler/queue/queues';
import type { SweepProgress } from '../../crawler/queue/sweep-tracker';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import {
  createTestDatabase,
  deleteKeys,
  duplicateHits,
  embeddedReference,
  enqueueSweep,
  FleetProcesses,
  hitKeys,
  listingKeys,
  childPids,
  isRunning,
  listingOutcomes,
  listingsPerUrl,
  OwnRedis,
  REDIS_URL,
  setDiff,
  sleep,
  waitForSweep,
  type Reference,
} from './helpers/fleet';

const catalogue = exampleCatalogue();
const scope = { items: catalogue.items.map((i) => i.id) };

let sites: DemoSites | undefined;
let reference: Promise<Reference>;
/** Teardowns of every run, newest first; afterAll runs them all even if a test failed half-way. */
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sites = await startDemoSites();
  // Runs while the first test's workers start; awaited where it is needed.
  reference = embeddedReference(catalogue);
  reference.then(
    (r) => console.log(`embedded reference: ${r.hits.size} hits, ${r.listings.size} listings in ${r.ms} ms`),
    () => {},
  );
}, 60_000);

afterAll(async () => {
  // Each step bounded: a queue closing against a Redis that a failed test left stopped must not hang the rest.
  for (const c of cleanups.splice(0))
    await Promise.race([c().catch((err) => console.error('cleanup:', err)), sleep(15_000)]);
  await sites?.close();
}, 90_000);

interface Run {
  queues: Queues;
  store: Store;
  fleet: FleetProcesses;
}

/** A database, a queue prefix, the catalogue stored, three workers; torn down in afterAll. */
async function startRun(redisUrl: string, lockMs?: number): Promise<Run> {
  const prefix = `cs-test-${randomUUID().slice(0, 8)}`;
  const db = await createTestDatabase();
  cleanups.unshift(() => db.drop());
  const dataDir = await mkdtemp(join(tmpdir(), 'cs-fleet-'));
  cleanups.unshift(() => rm(dataDir, { recursive: true, force: true }));
  const connection: Redis = redisConnection(redisUrl, 'fleet-test');
  connection.on('error', () => {});
  const queues = new Queues(connection, prefix);
  for (const q of Object.values(queues.queues)) q.on('error', () => {});
  cleanups.unshift(async () => {
    await queues.close().catch(() => {});
    if (connection.status === 'ready') await deleteKeys(connection, prefix).catch(() => {});
    connection.disconnect();
  });
  const store = await openStore({ dataDir, databaseUrl: db.url });
  cleanups.unshift(() => store.close());
  await store.catalogue.upsert(catalogue);
  const fleet = new FleetProcesses({ redisUrl, databaseUrl: db.url, prefix, dataDir });
  cleanups.unshift(() => fleet.stopAll());
  await Promise.all([0, 1, 2].map(() => fleet.spawnWorker({ lockMs })));
  return { queues, store, fleet };
}

/**
 * Queues both demo sweeps; calls `fault` once when about a third of the expected listing jobs are done; waits for both.
 */
async function sweepWithFault(
  run: Run,
  ref: Reference,
  fault: (done: number) => Promise<void>,
): Promise<SweepProgress[]> {
  const ids = await Promise.all([
    enqueueSweep(run.queues, { site: 'demo-market', origin: sites!.market.origin, scope }),
    enqueueSweep(run.queues, { site: 'demo-video', origin: sites!.video.origin, scope }),
  ]);
  const expected = ref.stats['demo-market'].listingsFound + ref.stats['demo-video'].listingsFound;
  const latest = new Map<string, SweepProgress>();
  let faulted: Promise<void> | undefined;
  const started = Date.now();
  const timeline: string[] = [];
  let nextSample = 0;
  const onProgress = async (p: SweepProgress) => {
    latest.set(p.sweepId, p);
    const done = [...latest.values()].reduce((n, q) => n + listingOutcomes(q), 0);
    if (Date.now() - started >= nextSample) {
      const all = [...latest.values()];
      timeline.push(
        `${((Date.now() - started) / 1000).toFixed(0)}s:${done}L/` +
          `${all.reduce((n, q) => n + q.done, 0)}of${all.reduce((n, q) => n + q.jobs, 0)}`,
      );
      nextSample += 5000;
    }
    if (!faulted && done >= expected / 3) {
      faulted = fault(done);
      await faulted;
    }
  };
  try {
    const progress = await Promise.all(
      ids.map((id) => waitForSweep(run.queues, id, { timeoutMs: 150_000, onProgress })),
    );
    console.log(`timeline (listing outcomes, jobs done of jobs): ${timeline.join(' ')}`);
    if (process.env.CS_FLEET_LOG_DIR) {
      const buckets: number[] = [];
      for (const e of [...sites!.market.log.entries, ...sites!.video.log.entries]) {
        if (e.time < started) continue;
        const b = Math.floor((e.time - started) / 1000);
        buckets[b] = (buckets[b] ?? 0) + 1;
      }
      console.log(`requests per second: ${Array.from(buckets, (n) => n ?? 0).join(' ')}`);
    }
    expect(faulted, 'the fault was injected before the sweeps finished').toBeDefined();
    return progress;
  } catch (err) {
    console.log(JSON.stringify(await run.queues.counts().catch(() => 'no counts')), run.fleet.tail());
    throw err;
  }
}

/** The checks both faults end with: the embedded runner's listings and hits, each stored once, both sweeps finished. */
async function expectSameAsEmbedded(run: Run, ref: Reference, label: string, progress: SweepProgress[]): Promise<void> {
  const hits = await hitKeys(run.store.db);
  const listings = await listingKeys(run.store.db);
  console.log(
    `${label}: ${hits.length} hits, ${listings.length} listings (embedded: ${ref.hits.size} hits, ` +
      `${ref.listings.size} listings); ` +
      `outcomes ${progress.map((p) => JSON.stringify(p.outcomes)).join(' ')}`,
  );
  expect(await duplicateHits(run.store.db)).toEqual([]);
  expect(await listingsPerUrl(run.store.db)).toEqual([]);
  expect(setDiff(ref.listings, new Set(listings))).toEqual({ missing: [], extra: [] });
  expect(listings).toHaveLength(ref.listings.size);
  expect(setDiff(ref.hits, new Set(hits))).toEqual({ missing: [], extra: [] });
  expect(hits).toHaveLength(ref.hits.size);
  const { rows } = await run.store.db.query<{ id: string }>('SELECT id FROM sweeps WHERE finished_at IS NOT NULL');
  expect(rows.map((r) => r.id).sort()).toEqual(progress.map((p) => p.sweepId).sort());
}

/** Jobs that BullMQ took back from a dead worker (the stalled counter of every job still kept). */
async function stalledJobs(queues: Queues): Promise<number> {
  let n = 0;
  for (const q of Object.values(queues.queues)) {
    for (const job of await q.getJobs(['completed', 'failed'], 0, -1)) if ((job.stalledCounter ?? 0) > 0) n++;
  }
  return n;
}

describe('distributed runner under faults (3 worker processes)', () => {
  it('a worker killed with SIGKILL mid-sweep: its jobs come back, nothing is lost or stored twice', async () => {
    const run = await startRun(REDIS_URL, 4000);
    const ref = await reference;
    const started = Date.now();
    let killedAt = 0;
    let browsers: number[] = [];
    const progress = await sweepWithFault(run, ref, async (done) => {
      const victim = run.fleet.workers[0]!;
      browsers = childPids(victim.pid);
      await run.fleet.kill9(victim);
      killedAt = Date.now() - started;
      console.log(
        `killed ${victim.name} (pid ${victim.pid}, ${browsers.length} Chromium) with SIGKILL at ${killedAt} ms, ` +
          `${done} listing jobs done; starting a replacement`,
      );
      await run.fleet.spawnWorker({ lockMs: 4000 });
    });
    const stalled = await stalledJobs(run.queues);
    console.log(`kill -9: finished in ${Date.now() - started} ms; ${stalled} jobs taken back from the killed worker`);
    expect(stalled).toBeGreaterThan(0);
    // A Chromium the killed worker had launched went away with it (its pipe closed).
    expect(browsers.filter(isRunning), `Chromium of the killed worker (pids ${browsers.join(',') || 'none'})`).toEqual(
      [],
    );
    expect(run.fleet.alive()).toHaveLength(3);
    await expectSameAsEmbedded(run, ref, 'kill -9', progress);
  }, 300_000);

  it(
    'Redis stopped mid-sweep and started again: the workers ' + 'reconnect and the sweep completes, nothing lost',
    async () => {
      const redis = await OwnRedis.create();
      cleanups.push(() => redis.destroy()); // after the workers and connections using it
      const run = await startRun(redis.url);
      const ref = await reference;
      const started = Date.now();
      const progress = await sweepWithFault(run, ref, async (done) => {
        await redis.stop();
        const down = Date.now();
        console.log(`redis stopped at ${down - started} ms, ${done} listing jobs done`);
        await sleep(1500);
        await redis.start();
        console.log(`redis back after ${Date.now() - down} ms`);
      });
      console.log(`redis restart: finished in ${Date.now() - started} ms`);
      expect(run.fleet.alive()).toHaveLength(3);
      await expectSameAsEmbedded(run, ref, 'redis restart', progress);
    },
    300_000,
  );
});
