/**
 * Verification against the real demo sites on loopback: listings are
 * recorded through the crawler's own stages, confirmed and noticed through
 * the inbox workflow, then the site takes some down (404, 410, an "item
 * unavailable" page), leaves one up and lets sellers relist others. The
 * embedded run (PGlite and PostgreSQL) and the `verify` queue on a real
 * Redis must record each outcome, move the hits with an audit entry by
 * 'verifier', and measure time to removal with a fake clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../crawler/config';
import {
  createVerifyQueue,
  scheduleVerification,
  startVerifyWorker,
  unscheduleVerification,
  VERIFY_SCHEDULER_ID,
} from '../../crawler/queue/verification';
import { runVerification } from '../../crawler/runner/verification';
import type { VerificationRecord } from '../../crawler/verification';
import { redisConnection } from '../../crawler/queue/connection';
import { fleetFetcher } from '../../crawler/queue/fleet-fetcher';
import { extractFetched } from '../../crawler/pipeline/extract';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { recordListing } from '../../crawler/pipeline/record';
import { openStore, type Store } from '../../crawler/store';
import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import type { DemoListing } from '../../demo/types';
import { createTestDatabase, deleteKeys, REDIS_URL, sleep, until, type TestDatabase } from './helpers/fleet';
import { LOOPBACK_ALLOW, loopbackOutbound } from './helpers/outbound';

const USER_AGENT = 'counterscan-verify-test/1.0 (+loopback)';
const DAY = 86_400_000;
const catalogue = exampleCatalogue();
const matcher = new Matcher(catalogue.items, { threshold: 0.5 });

interface World {
  sites: DemoSites;
  store: Store;
  fetcher: PoliteFetcher;
  root: string;
  db?: TestDatabase;
  close(): Promise<void>;
}

async function openWorld(kind: 'pglite' | 'postgres'): Promise<World> {
  const root = await mkdtemp(join(tmpdir(), 'cs-verify-'));
  const db = kind === 'postgres' ? await createTestDatabase() : undefined;
  const sites = await startDemoSites({ latencyMs: 0 });
  const store = await openStore({
    dataDir: db ? root : 'memory://',
    databaseUrl: db?.url,
    evidenceDir: join(root, 'evidence'),
  });
  await store.catalogue.upsert(catalogue);
  const fetcher = new PoliteFetcher({
    userAgent: USER_AGENT,
    timeoutMs: 5000,
    hostConcurrency: 4,
    hostDelayMs: 0,
    retries: 1,
    retryBaseDelayMs: 10,
    outbound: loopbackOutbound,
  });
  return {
    sites,
    store,
    fetcher,
    root,
    db,
    async close() {
      await fetcher.close();
      await store.close();
      await db?.drop();
      await sites.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const originOf = (w: World, l: DemoListing) =>
  l.site === 'demo-market' ? w.sites.market.origin : w.sites.video.origin;
const controlOf = (w: World, l: DemoListing) =>
  l.site === 'demo-market' ? w.sites.market.control : w.sites.video.control;

/** Fetch → extract → match → record, as a sweep does; returns the hit id. */
async function recordThroughStages(w: World, l: DemoListing, sweepId: string): Promise<number | undefined> {
  const page = await w.fetcher.get(`${originOf(w, l)}${l.path}`);
  const listing = extractFetched(page, adapterById(l.site));
  const hit = matcher.best(listing);
  await recordListing(w.store, listing, page, hit, { sweepId });
  if (!hit) return undefined;
  const { rows } = await w.store.db.query<{ id: number }>(
    'SELECT id::int AS id FROM hits WHERE listing_url = $1 AND item_id = $2',
    [listing.url, hit.itemId],
  );
  return rows[0]?.id;
}

/**
 * Infringing listings served plainly (no breakage, not robots-disallowed, no browser), each from a different seller.
 */
function pickListings(sites: DemoSites, site: 'demo-market' | 'demo-video', n: number): DemoListing[] {
  const all: DemoListing[] = site === 'demo-market' ? sites.model.market : sites.model.video;
  const sellers = new Set<string>();
  const out: DemoListing[] = [];
  for (const l of all) {
    if (!(l.label === 'counterfeit' || l.label === 'pirated') || l.broken || l.flaky || l.disallowed || l.needsBrowser)
      continue;
    const seller = l.site === 'demo-market' ? l.seller.id : l.uploader.id;
    if (sellers.has(seller)) continue;
    sellers.add(seller);
    out.push(l);
    if (out.length === n) break;
  }
  return out;
}

interface Scenario {
  hits: Record<'gone404' | 'gone410' | 'unavailable' | 'up' | 'relistShop' | 'relistStored' | 'video', number>;
  listings: Record<string, DemoListing>;
  relistPaths: { shop: string; stored: string };
  noticedAt: Record<number, string>;
}

/**
 * Seven noticed hits, and what the sites then do: 404, 410, unavailable
 * page, nothing, relist (found on the seller's shop page), relist (a sweep
 * stored it first), and an unavailable video.
 */
async function noticeAndTakeDown(w: World): Promise<Scenario> {
  await w.store.sweeps.start({ id: 'verify-setup', site: 'demo-market', origin: w.sites.market.origin });
  const market = pickListings(w.sites, 'demo-market', 6);
  const [video] = pickListings(w.sites, 'demo-video', 1);
  const names = ['gone404', 'gone410', 'unavailable', 'up', 'relistShop', 'relistStored'] as const;
  const hits = {} as Scenario['hits'];
  const listings: Record<string, DemoListing> = {};
  for (const [i, name] of names.entries()) {
    listings[name] = market[i]!;
    const id = await recordThroughStages(w, market[i]!, 'verify-setup');
    expect(id, `${market[i]!.path} should be a hit`).toBeDefined();
    hits[name] = id!;
  }
  listings.video = video!;
  hits.video = (await recordThroughStages(w, video!, 'verify-setup'))!;
  expect(hits.video).toBeDefined();

  const ids = Object.values(hits);
  const scope = { holderId: null };
  for (const status of ['confirmed', 'notice_sent'] as const) {
    const res = await w.store.inbox.setStatus(ids, status, `test: ${status}`, 'reviewer@test', scope);
    expect(res.every((r) => r.applied)).toBe(true);
  }
  const repo = w.store.verifications;
  const noticedAt: Record<number, string> = {};
  for (const id of ids) noticedAt[id] = (await repo.noticedAt(id))!;

  const m = w.sites.market.control;
  m.takeDown(listings.gone404!.path, 'http404');
  m.takeDown(listings.gone410!.path, 'http410');
  m.takeDown(listings.unavailable!.path, 'unavailable');
  m.takeDown(listings.relistShop!.path, 'http404');
  const shop = m.relist(listings.relistShop!.path);
  m.takeDown(listings.relistStored!.path, 'http410');
  const stored = m.relist(listings.relistStored!.path);
  // A later sweep saw the second relist before verification ran.
  await recordThroughStages(w, { ...listings.relistStored!, path: stored } as DemoListing, 'verify-setup');
  controlOf(w, video!).takeDown(video!.path, 'unavailable');
  return { hits, listings, relistPaths: { shop, stored }, noticedAt };
}

const statusOf = async (store: Store, id: number) =>
  (await store.db.query<{ status: string }>('SELECT status FROM hits WHERE id = $1', [id])).rows[0]?.status;

describe.each(['pglite', 'postgres'] as const)('embedded verification on %s', (kind) => {
  let w: World;
  let s: Scenario;
  const t0 = Date.now();
  let clock = new Date(t0 + 3 * DAY);
  const now = () => clock;

  beforeAll(async () => {
    w = await openWorld(kind);
    s = await noticeAndTakeDown(w);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('records removals with time to removal, leaves the one still up noticed, and detects relists', async () => {
    const summary = await runVerification({ store: w.store, fetcher: w.fetcher, now, matcher });
    expect(summary.checked).toBe(7);
    const by = new Map(summary.results.map((r) => [r.hitId, r]));
    const { hits } = s;

    for (const [name, status, reason] of [
      ['gone404', 404, 'HTTP 404'],
      ['gone410', 410, 'HTTP 410'],
      ['unavailable', 200, 'unavailable marker .item-unavailable'],
      ['video', 200, 'unavailable marker .video-unavailable'],
    ] as const) {
      const r = by.get(hits[name])!;
      expect(r.outcome, name).toBe('removed');
      expect(r.statusAfter).toBe('removed');
      expect(await statusOf(w.store, hits[name])).toBe('removed');
      const rec = r.records[0]!;
      expect(rec.httpStatus).toBe(status);
      expect(rec.reason).toContain(reason);
      expect(rec.evidenceSha256).toMatch(/^[0-9a-f]{64}$/);
      // Time to removal: the audited notice to this check, by the fake clock.
      expect(rec.noticedAt).toBe(s.noticedAt[hits[name]]);
      expect(rec.timeToRemovalMs).toBe(clock.getTime() - Date.parse(s.noticedAt[hits[name]]!));
      expect(rec.timeToRemovalMs!).toBeGreaterThan(3 * DAY - 60_000);
    }
    // A 404's evidence is a note of what came back; an unavailable page's is the page.
    const note = await w.store.evidence.read(by.get(hits.gone404)!.records[0]!.evidenceSha256!);
    expect(note?.contentType).toBe('application/json');
    expect(JSON.parse(Buffer.from(note!.bytes).toString('utf8'))).toMatchObject({ httpStatus: 404, state: 'gone' });
    const page = await w.store.evidence.read(by.get(hits.unavailable)!.records[0]!.evidenceSha256!);
    expect(Buffer.from(page!.bytes).toString('utf8')).toContain('item-unavailable');

    const up = by.get(hits.up)!;
    expect(up.outcome).toBe('still_up');
    expect(up.records[0]).toMatchObject({
      outcome: 'still_up',
      httpStatus: 200,
      statusBefore: 'notice_sent',
      statusAfter: 'notice_sent',
      timeToRemovalMs: null,
    });
    expect(await statusOf(w.store, hits.up)).toBe('notice_sent');

    const origin = w.sites.market.origin;
    for (const [name, path, via] of [
      ['relistShop', s.relistPaths.shop, "on the seller's shop page"],
      ['relistStored', s.relistPaths.stored, 'among stored listings'],
    ] as const) {
      const r = by.get(hits[name])!;
      expect(r.outcome, name).toBe('relisted');
      expect(r.relistedUrl).toBe(`${origin}${path}`);
      expect(r.records.map((x) => [x.outcome, x.statusBefore, x.statusAfter])).toEqual([
        ['removed', 'notice_sent', 'removed'],
        ['relisted', 'removed', 'relisted'],
      ]);
      expect(r.timeToRemovalMs).toBeGreaterThan(3 * DAY - 60_000);
      expect(r.records[1]!.reason).toContain(via);
      expect(r.records[1]!.url).toBe(`${origin}${path}`);
      expect(await statusOf(w.store, hits[name])).toBe('relisted');
      // The relist is a hit of its own on the same item, saying what it relists.
      const { rows } = await w.store.db.query<{
        id: number;
        item_id: string;
        status: string;
        signals: { name: string; evidence: string }[];
      }>('SELECT id::int AS id, item_id, status, signals FROM hits WHERE listing_url = $1', [`${origin}${path}`]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(r.relistHitId);
      expect(rows[0]!.status).toBe('new');
      expect(rows[0]!.signals.filter((x) => x.name === 'relist')).toEqual([
        {
          name: 'relist',
          weight: 0,
          evidence: `relist of ${origin}${s.listings[name]!.path} (hit ${hits[name]}) by the same seller`,
        },
      ]);
    }
  });

  it('audits every move as the verifier, and nothing else', async () => {
    const moves = async (id: number) =>
      (await w.store.audit.list({ targets: [`hit:${id}`], limit: 50 }))
        .reverse()
        .map((e) => `${e.actor} ${(e.before as { status: string }).status}→${(e.after as { status: string }).status}`);
    const reviewer = ['reviewer@test new→confirmed', 'reviewer@test confirmed→notice_sent'];
    expect(await moves(s.hits.gone404)).toEqual([...reviewer, 'verifier notice_sent→removed']);
    expect(await moves(s.hits.unavailable)).toEqual([...reviewer, 'verifier notice_sent→removed']);
    expect(await moves(s.hits.up)).toEqual(reviewer);
    expect(await moves(s.hits.relistShop)).toEqual([
      ...reviewer,
      'verifier notice_sent→removed',
      'verifier removed→relisted',
    ]);
    const [entry] = await w.store.audit.list({ targets: [`hit:${s.hits.gone410}`], actor: 'verifier', limit: 1 });
    expect(entry!.after).toMatchObject({
      status: 'removed',
      httpStatus: 410,
      url: `${w.sites.market.origin}${s.listings.gone410!.path}`,
    });
    expect(entry!.reason).toBe('HTTP 410');
  });

  it(
    'rechecks on its intervals, watches removed listings for relisting, and counts a listing back at its URL as ' +
      'relisted',
    async () => {
      // Just checked: nothing is due.
      expect((await runVerification({ store: w.store, fetcher: w.fetcher, now })).checked).toBe(0);

      // Two hours on: only the one still up is due again (removed ones wait a day).
      clock = new Date(clock.getTime() + 2 * 3_600_000);
      const soon = await runVerification({ store: w.store, fetcher: w.fetcher, now });
      expect(soon.results.map((r) => [r.hitId, r.outcome])).toEqual([[s.hits.up, 'still_up']]);

      // A day on, the 404 listing is back at the same URL.
      w.sites.market.control.restore(s.listings.gone404!.path);
      clock = new Date(clock.getTime() + DAY);
      const later = await runVerification({ store: w.store, fetcher: w.fetcher, now });
      const by = new Map(later.results.map((r) => [r.hitId, r]));
      expect(by.get(s.hits.gone404)).toMatchObject({
        outcome: 'relisted',
        statusBefore: 'removed',
        statusAfter: 'relisted',
        relistedUrl: `${w.sites.market.origin}${s.listings.gone404!.path}`,
      });
      expect(by.get(s.hits.gone410)!.records[0]).toMatchObject({
        outcome: 'removed',
        statusBefore: 'removed',
        statusAfter: 'removed',
        timeToRemovalMs: null,
      });
      expect(by.get(s.hits.gone410)!.records[0]!.reason).toBe('still removed: HTTP 410');
      expect(by.get(s.hits.up)!.outcome).toBe('still_up');
      // Relisted hits are no longer watched: a reviewer re-notices them.
      expect(by.has(s.hits.relistShop)).toBe(false);
      expect(await statusOf(w.store, s.hits.gone404)).toBe('relisted');
    },
  );

  it('gives the removal figures the fixture truth implies', async () => {
    const f = await w.store.figures.verification();
    const removed = ['gone404', 'gone410', 'unavailable', 'video', 'relistShop', 'relistStored'] as const;
    // Truth: the sites took down 6 of the 7 noticed listings.
    const takedowns = [...w.sites.market.control.events(), ...w.sites.video.control.events()].filter(
      (e) => e.kind === 'takedown',
    );
    expect(takedowns).toHaveLength(removed.length);
    const { rows } = await w.store.db.query<VerificationRecord & { time_to_removal_ms: number }>(
      'SELECT time_to_removal_ms::float8 AS time_to_removal_ms FROM verifications WHERE time_to_removal_ms IS ' +
        'NOT NULL ORDER BY 1',
    );
    const ttrs = rows.map((r) => r.time_to_removal_ms);
    expect(ttrs).toHaveLength(6);
    expect(f).toMatchObject({ noticed: 7, removed: 6, removalRate: 0.857, stillUp: 1 });
    expect(f.relisted).toBe(3);
    expect(f.medianTimeToRemovalMs).toBe((ttrs[2]! + ttrs[3]!) / 2);
    // Holders see only their own: a holder with none of these hits sees nothing.
    expect((await w.store.figures.verification({ holderId: 'no-such-holder' })).noticed).toBe(0);
  });

  it('records what it cannot tell as an error and leaves the hit alone', async () => {
    // robots.txt forbids /item/hidden/: a noticed hit there is never requested.
    const hidden = w.sites.model.market.find((l) => l.disallowed && l.path.startsWith('/item/hidden/'))!;
    const url = `${w.sites.market.origin}${hidden.path}`;
    await w.store.listings.upsert({
      url,
      site: 'demo-market',
      kind: 'product',
      title: hidden.title,
      images: [],
      fetchedAt: new Date().toISOString(),
    });
    const id = await w.store.hits.upsert({ listingUrl: url, itemId: catalogue.items[0]!.id, score: 0.9, signals: [] });
    for (const status of ['confirmed', 'notice_sent'] as const)
      await w.store.inbox.setStatus([id], status, 'test', 'reviewer@test', { holderId: null });
    const before = w.sites.market.log.paths().filter((p) => p === hidden.path).length;
    const r = await runVerification({ store: w.store, fetcher: w.fetcher, now, hitIds: [id] });
    expect(r.results[0]).toMatchObject({ outcome: 'error', statusAfter: 'notice_sent' });
    expect(r.results[0]!.records[0]!.reason).toContain('robots.txt');
    expect(w.sites.market.log.paths().filter((p) => p === hidden.path).length).toBe(before);
    expect(await statusOf(w.store, id)).toBe('notice_sent');
  });

  it('checks a listing that carries two hits with one request', async () => {
    const [l] = pickListings(w.sites, 'demo-market', 40)
      .filter((x) => x.path.startsWith('/item/') && !x.path.startsWith('/item/js/'))
      .slice(-1);
    const url = `${w.sites.market.origin}${l!.path}`;
    await w.store.listings.upsert({
      url,
      site: 'demo-market',
      kind: 'product',
      title: l!.title,
      images: [],
      fetchedAt: clock.toISOString(),
    });
    const ids: number[] = [];
    for (const item of catalogue.items.slice(-2)) {
      const id = await w.store.hits.upsert({ listingUrl: url, itemId: item.id, score: 0.8, signals: [] });
      for (const status of ['confirmed', 'notice_sent'] as const)
        await w.store.inbox.setStatus([id], status, 'test', 'reviewer@test', { holderId: null });
      ids.push(id);
    }
    const before = w.sites.market.log.paths().filter((p) => p === l!.path).length;
    const r = await runVerification({ store: w.store, fetcher: w.fetcher, now, hitIds: ids });
    expect(r.checked).toBe(2);
    expect(w.sites.market.log.paths().filter((p) => p === l!.path).length - before).toBe(1);
  });
});

describe('the verify queue on Redis', () => {
  let w: World;
  let s: Scenario;
  let connection: Redis;
  let queue: Queue;
  let worker: { close(): Promise<void> } | undefined;
  const prefix = `cs-verify-test-${randomUUID()}`;
  const offset = 3 * DAY;
  const now = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    w = await openWorld('pglite');
    s = await noticeAndTakeDown(w);
    connection = redisConnection(REDIS_URL, 'verify-test');
    queue = createVerifyQueue(connection, prefix);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    if (connection) {
      await deleteKeys(connection, prefix);
      connection.disconnect();
    }
    await w?.close();
  });

  it(
    'a job scheduler ticks, ticks queue one check per due hit, ' + 'and workers record what the embedded run would',
    async () => {
      const config = loadConfig(
        {},
        {
          queuePrefix: prefix,
          userAgent: USER_AGENT,
          hostDelayMs: 0,
          hostConcurrency: 4,
          timeoutMs: 5000,
          outboundAllow: LOOPBACK_ALLOW,
        },
      );
      const fetcher = fleetFetcher(config, connection);
      const started = startVerifyWorker({
        connection,
        prefix,
        queue,
        store: w.store,
        fetcher,
        now,
        matcher,
        concurrency: 4,
      });
      worker = started;
      expect(await scheduleVerification(queue, { everyMs: 1000 })).toBe(VERIFY_SCHEDULER_ID);
      // Upserting again replaces the scheduler, it does not add one.
      await scheduleVerification(queue, { everyMs: 1000 });
      expect((await queue.getJobSchedulers()).map((j) => j.id ?? j.key)).toEqual([VERIFY_SCHEDULER_ID]);

      const checks = async () =>
        (await w.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM verifications')).rows[0]!.n;
      // 7 checks, and a second row for each of the two relists.
      await until('every noticed hit to be checked', async () => (await checks()) >= 9, 20_000, 100);
      // Later ticks queue nothing more: every hit was checked once (intervals, stable check ids).
      await sleep(2500);
      expect(await checks()).toBe(9);
      expect(await unscheduleVerification(queue)).toBe(true);
      const { rows: grouped } = await w.store.db.query<{ hit_id: number; outcomes: string }>(
        `SELECT hit_id::int AS hit_id, string_agg(outcome, ',' ORDER BY id) AS outcomes FROM verifications
        GROUP BY hit_id`,
      );
      const outcomes = new Map(grouped.map((r) => [r.hit_id, r.outcomes]));
      await started.close();
      worker = undefined;

      expect(outcomes.get(s.hits.gone404)).toBe('removed');
      expect(outcomes.get(s.hits.gone410)).toBe('removed');
      expect(outcomes.get(s.hits.unavailable)).toBe('removed');
      expect(outcomes.get(s.hits.video)).toBe('removed');
      expect(outcomes.get(s.hits.up)).toBe('still_up');
      expect(outcomes.get(s.hits.relistShop)).toBe('removed,relisted');
      expect(outcomes.get(s.hits.relistStored)).toBe('removed,relisted');
      expect(await statusOf(w.store, s.hits.up)).toBe('notice_sent');
      const f = await w.store.figures.verification();
      expect(f).toMatchObject({ noticed: 7, removed: 6, relisted: 2, stillUp: 1 });
      expect(f.medianTimeToRemovalMs).toBeGreaterThan(offset - 60_000);
      // The fleet fetcher announced itself honestly on every request.
      expect(w.sites.market.log.entries.every((e) => e.userAgent === USER_AGENT)).toBe(true);
    },
  );

  it('fails a check with a bad payload at once, naming the field', async () => {
    const started = startVerifyWorker({ connection, prefix, queue, store: w.store, fetcher: w.fetcher });
    worker = started;
    const job = await queue.add('check', { hitId: 'seven' });
    const failed = await until(
      'the bad job to fail',
      async () => {
        const j = await Job.fromId(queue, job.id!);
        return (await j?.getState()) === 'failed' ? j : undefined;
      },
      10_000,
    );
    expect(failed!.failedReason).toContain('bad verify check payload: field hitId');
    expect(failed!.attemptsMade).toBeLessThanOrEqual(1);
  });
});
