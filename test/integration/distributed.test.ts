/**
 * The distributed runner end to end: three `worker` processes on the shared
 * Redis (a queue prefix of this file's own) and a throwaway PostgreSQL
 * database, the demo sites in this process on ephemeral ports. The sweeps
 * are queued as `sweep` queues them (Queues.startSweep) and followed through
 * the tracker; the result must be the embedded runner's, hit for hit.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../../crawler/queue/connection';
import { Queues } from '../../crawler/queue/queues';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import {
  createTestDatabase,
  tearDownFleetTest,
  duplicateHits,
  embeddedReference,
  enqueueSweep,
  FleetProcesses,
  hitKeys,
  listingKeys,
  REDIS_URL,
  setDiff,
  until,
  waitForSweep,
  type Reference,
  type TestDatabase,
} from './helpers/fleet';

const catalogue = exampleCatalogue();
const prefix = `cs-test-${randomUUID().slice(0, 8)}`;

let db: TestDatabase | undefined;
let dataDir: string | undefined;
let sites: DemoSites | undefined;
let connection: Redis | undefined;
let queues: Queues;
let store: Store;
let fleet: FleetProcesses | undefined;
let reference: Reference;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'cs-fleet-'));
  sites = await startDemoSites();
  connection = redisConnection(REDIS_URL, 'fleet-test');
  queues = new Queues(connection, prefix);
  for (const q of Object.values(queues.queues)) q.on('error', () => {});
  // Evidence through the database only: this process never sees the workers' files.
  store = await openStore({
    dataDir,
    databaseUrl: db.url,
    evidenceDir: join(dataDir, 'not-the-workers-evidence'),
    evidenceStore: 'database',
  });
  await store.catalogue.upsert(catalogue);
  fleet = new FleetProcesses({ redisUrl: REDIS_URL, databaseUrl: db.url, prefix, dataDir });
  // The reference run (in this process) overlaps the workers' start-up.
  const f = fleet;
  [reference] = await Promise.all([embeddedReference(catalogue), f.spawnWorker(), f.spawnWorker(), f.spawnWorker()]);
  console.log(
    `embedded reference: ${reference.hits.size} hits, ${reference.listings.size} listings in ${reference.ms} ms`,
  );
}, 240_000);

afterAll(async () => {
  await tearDownFleetTest({ fleet, queues, connection, prefix, store, db, sites, dataDir });
}, 60_000);

describe('distributed runner: 3 worker processes', () => {
  it('fails a bad payload with the field named, without retrying, and keeps working', async () => {
    const job = await queues.queues.listing.add(
      'listing',
      { sweepId: 'x', url: 'not a url' },
      { jobId: `bad-${randomUUID().slice(0, 8)}` },
    );
    const failed = await until(
      'the bad job to fail',
      async () => {
        const j = await queues.queues.listing.getJob(job.id!);
        return j && (await j.getState()) === 'failed' ? j : undefined;
      },
      20_000,
    );
    console.log(`bad payload: failedReason = ${failed.failedReason}`);
    expect(failed.failedReason).toMatch(/\burl\b/);
    expect(failed.failedReason).toMatch(/payload/);
    // UnrecoverableError: one attempt, not five.
    expect(failed.attemptsMade).toBe(1);
    expect(fleet!.alive()).toHaveLength(3);
  });

  it('sweeps both demo sites to the same set of hits as the embedded runner', async () => {
    const scope = { items: catalogue.items.map((i) => i.id) };
    const started = Date.now();
    const ids = await Promise.all([
      enqueueSweep(queues, { site: 'demo-market', origin: sites!.market.origin, scope }),
      enqueueSweep(queues, { site: 'demo-video', origin: sites!.video.origin, scope }),
    ]);
    let progress;
    try {
      progress = await Promise.all(ids.map((id) => waitForSweep(queues, id, { timeoutMs: 120_000 })));
    } catch (err) {
      console.log(JSON.stringify(await queues.counts()), fleet!.tail());
      throw err;
    }
    const ms = Date.now() - started;

    const hits = await hitKeys(store.db);
    const listings = await listingKeys(store.db);
    const diff = setDiff(reference.hits, new Set(hits));
    console.log(
      `distributed: ${hits.length} hits, ${listings.length} listings in ${ms} ms (embedded: ${reference.hits.size} ` +
        `hits, ${reference.listings.size} listings); ` +
        `outcomes ${progress.map((p) => JSON.stringify(p.outcomes)).join(' ')}`,
    );
    expect(diff).toEqual({ missing: [], extra: [] });
    expect(hits).toHaveLength(reference.hits.size);
    expect(new Set(listings)).toEqual(reference.listings);
    expect(await duplicateHits(store.db)).toEqual([]);

    // Every hit's page capture is readable here, from the database the workers wrote it to.
    const captured = await store.db.query<{ sha: string }>(
      'SELECT DISTINCT evidence_sha256 AS sha FROM hits WHERE evidence_sha256 IS NOT NULL',
    );
    expect(captured.rows.length).toBeGreaterThan(0);
    for (const { sha } of captured.rows) {
      const found = await store.evidence.read(sha);
      expect(found, sha).not.toBeNull();
      expect(createHash('sha256').update(found!.bytes).digest('hex')).toBe(sha);
    }

    // The last job of each sweep wrote its figures to the store.
    const { rows } = await store.db.query<{ id: string; finished_at: Date | null; stats: { hits: number } | null }>(
      'SELECT id, finished_at, stats FROM sweeps WHERE id = ANY($1)',
      [ids],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.finished_at, r.id).not.toBeNull();
    expect(rows.reduce((n, r) => n + (r.stats?.hits ?? 0), 0)).toBe(reference.hits.size);
    expect(reference.stats['demo-market'].hits + reference.stats['demo-video'].hits).toBe(reference.hits.size);

    // `status` sees both sweeps finished and the requests of the fleet per host.
    const status = await fleet!.runCli(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as {
      queues: Record<string, Record<string, number>>;
      sweeps: { sweepId: string; jobs: number; done: number; meta: Record<string, string> }[];
      hosts: { host: string; requests: number }[];
    };
    for (const id of ids) {
      const s = report.sweeps.find((x) => x.sweepId === id);
      expect(s?.meta.finishedAt, id).toBeDefined();
      expect(s?.done).toBe(s?.jobs);
    }
    expect(report.hosts.map((h) => h.host).sort()).toEqual(
      [new URL(sites!.market.origin).host, new URL(sites!.video.origin).host].sort(),
    );
    for (const q of Object.values(report.queues)) expect(q.active ?? 0).toBe(0);

    expect(fleet!.alive()).toHaveLength(3);
  }, 150_000);

  it('tracker: a child finishing before its parent counted it does not end the sweep early', async () => {
    // The parent was killed between adding the child to its queue and counting it; the child ran meanwhile.
    const t = queues.tracker;
    const sweepId = `race-${randomUUID().slice(0, 8)}`;
    await t.register(sweepId, { site: 'demo-market', origin: 'http://127.0.0.1', campaign: '' });
    await t.addJob(sweepId, 'sweep-1');
    await t.addJob(sweepId, 'discover-1');
    // discover-2 was added to its queue but the sweep job died before counting it; it ran anyway.
    expect(await t.finishJob(sweepId, 'discover-2', 'search')).toBe(false);
    expect(await t.finishJob(sweepId, 'discover-1', 'search')).toBe(false);
    expect((await t.progress(sweepId)).meta.finishedAt).toBeUndefined();
    // The sweep job, run again, counts both children (no-ops now) and finishes: the sweep is done.
    await t.addJob(sweepId, 'discover-1');
    await t.addJob(sweepId, 'discover-2');
    expect(await t.finishJob(sweepId, 'sweep-1', 'sweep')).toBe(true);
    // Not finished until the finalizer has stored the figures and marked it.
    expect((await t.progress(sweepId)).meta.finishedAt).toBeUndefined();
    await t.markFinished(sweepId);
    const p = await t.progress(sweepId);
    expect(p.meta.finishedAt).toBeDefined();
    expect({ jobs: p.jobs, done: p.done }).toEqual({ jobs: 3, done: 3 });
  });
});
