/**
 * End to end over loopback: both demo sites, the example catalogue, a real
 * PoliteFetcher and an on-disk PGlite store. One pair of sweeps (market and
 * video at once) is run in beforeAll and inspected by the tests; the last
 * test sweeps the marketplace a second time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../demo/evaluate';
import type { FetchedPage } from '../../crawler/fetch/http-fetcher';
import { runSweep, type SweepResult } from '../../crawler/runner/embedded';
import { PoliteFetcher, type PoliteFetcherOptions } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites, type RequestLogEntry } from '../../demo/server';
import { loopbackOutbound } from './helpers/outbound';

const USER_AGENT = 'counterscan-integration/1.0 (+loopback test)';
const FETCH: PoliteFetcherOptions = {
  userAgent: USER_AGENT,
  timeoutMs: 10_000,
  hostConcurrency: 2,
  hostDelayMs: 2,
  retries: 3,
  retryBaseDelayMs: 20,
  outbound: loopbackOutbound,
};
const THRESHOLD = 0.5;

/** A PoliteFetcher that also keeps every body it handed to the runner, so tests can see what the crawler saw. */
class RecordingFetcher extends PoliteFetcher {
  readonly bodies = new Map<string, string>();
  override async get(...args: Parameters<PoliteFetcher['get']>): Promise<FetchedPage> {
    const page = await super.get(...args);
    this.bodies.set(args[0], page.body);
    return page;
  }
}

const catalogue = exampleCatalogue();
const matcher = new Matcher(catalogue.items, { threshold: THRESHOLD });
const market = adapterById('demo-market')!;
const video = adapterById('demo-video')!;

let sites: DemoSites;
let store: Store;
let dataDir: string;
let fetcher: RecordingFetcher;
let marketSweep: SweepResult;
let videoSweep: SweepResult;
/** Copies of the request logs right after the first sweeps (the last test clears the live ones). */
let marketLog: RequestLogEntry[];
let videoLog: RequestLogEntry[];
let maxInFlight: { market: number; video: number };

const sweep = (adapter = market, origin = sites.market.origin, f: PoliteFetcher = fetcher) =>
  runSweep({
    adapter,
    origin,
    items: catalogue.items,
    matcher,
    store,
    fetcher: f,
    concurrency: 8,
    maxSearchPages: 20,
    campaign: 'integration',
  });

beforeAll(async () => {
  sites = await startDemoSites({ latencyMs: 10 });
  dataDir = await mkdtemp(join(tmpdir(), 'counterscan-runner-'));
  store = await openStore({ dataDir });
  await store.catalogue.upsert(catalogue);
  fetcher = new RecordingFetcher(FETCH);
  const started = Date.now();
  try {
    [marketSweep, videoSweep] = await Promise.all([
      sweep(market, sites.market.origin),
      sweep(video, sites.video.origin),
    ]);
  } finally {
    await fetcher.close();
  }
  console.log(
    `first sweeps took ${Date.now() - started} ms`,
    JSON.stringify(marketSweep.stats),
    JSON.stringify(videoSweep.stats),
  );
  marketLog = [...sites.market.log.entries];
  videoLog = [...sites.video.log.entries];
  maxInFlight = { market: sites.market.log.maxInFlight, video: sites.video.log.maxInFlight };
}, 150_000);

afterAll(async () => {
  await store?.close();
  await sites?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

describe('runSweep against the demo sites', () => {
  it('(a) never requests what robots.txt forbids, though such URLs were linked', () => {
    const forbiddenMarket = (p: string) =>
      p.startsWith('/item/hidden/') || p.startsWith('/seller/private') || /[?&]sort=/.test(p) || p.startsWith('/cart');
    const forbiddenVideo = (p: string) =>
      p.startsWith('/api/') || p.startsWith('/embed/') || /^\/channel\/[^/]+\/private/.test(p);
    expect(marketLog.map((e) => e.path).filter(forbiddenMarket)).toEqual([]);
    expect(videoLog.map((e) => e.path).filter(forbiddenVideo)).toEqual([]);

    // The model has disallowed listings, and the pages the crawler received link to them.
    const hiddenInModel = sites.model.market.filter((l) => l.disallowed);
    expect(hiddenInModel.length).toBeGreaterThan(0);
    expect(hiddenInModel.some((l) => l.label === 'counterfeit')).toBe(true);
    const seenMarket = [...fetcher.bodies].filter(([url]) => url.startsWith(sites.market.origin));
    const searchBodies = seenMarket.filter(([url]) => pathOf(url).startsWith('/search?')).map(([, body]) => body);
    const listingBodies = seenMarket.filter(([url]) => pathOf(url).startsWith('/item/')).map(([, body]) => body);
    const linkedHidden = new Set(
      searchBodies.flatMap((b) => [...b.matchAll(/href="(\/item\/hidden\/\d+\.html)"/g)].map((m) => m[1]!)),
    );
    expect(linkedHidden.size).toBeGreaterThan(0);
    for (const p of linkedHidden) expect(hiddenInModel.map((l) => l.path)).toContain(p);
    expect(searchBodies.some((b) => /href="[^"]*[?&;]sort=/.test(b))).toBe(true);
    expect(listingBodies.some((b) => b.includes('href="/seller/private/'))).toBe(true);
    // Each linked disallowed listing was counted as skipped, once.
    expect(marketSweep.stats.skippedByRobots).toBe(linkedHidden.size);
    expect(videoSweep.stats.skippedByRobots).toBe(0);

    // robots.txt once per server; every request with our User-Agent.
    expect(marketLog.filter((e) => e.path === '/robots.txt')).toHaveLength(1);
    expect(videoLog.filter((e) => e.path === '/robots.txt')).toHaveLength(1);
    expect(marketLog[0]!.path).toBe('/robots.txt');
    expect(videoLog[0]!.path).toBe('/robots.txt');
    for (const e of [...marketLog, ...videoLog]) expect(e.userAgent).toBe(USER_AGENT);
  });

  it('(b) keeps at most hostConcurrency (2) requests in flight per server', () => {
    expect(maxInFlight.market).toBeLessThanOrEqual(2);
    expect(maxInFlight.video).toBeLessThanOrEqual(2);
    // The pool (8 tasks) pushed harder than that, so the cap was actually exercised.
    expect(Math.max(maxInFlight.market, maxInFlight.video)).toBe(2);
    for (const e of [...marketLog, ...videoLog]) expect(e.inFlight).toBeLessThanOrEqual(2);
  });

  it('(c) retries the 503-once page and records it; counts broken pages as failed', async () => {
    for (const [site, origin, log] of [
      ['demo-market', sites.market.origin, marketLog],
      ['demo-video', sites.video.origin, videoLog],
    ] as const) {
      const flaky = sites.truth.find((t) => t.site === site && t.flaky)!;
      expect(flaky, `${site} has a flaky page`).toBeDefined();
      expect(log.filter((e) => e.path === flaky.path).map((e) => e.status)).toEqual([503, 200]);
      const stored = await store.listings.get(`${origin}${flaky.path}`);
      expect(stored?.site).toBe(site);
      const hit = (await store.hits.list({ sweepIds: [marketSweep.sweepId, videoSweep.sweepId] })).find(
        (h) => h.listingUrl === `${origin}${flaky.path}`,
      );
      expect(hit?.itemId).toBe(flaky.itemId);
    }

    for (const [site, origin, log, result] of [
      ['demo-market', sites.market.origin, marketLog, marketSweep],
      ['demo-video', sites.video.origin, videoLog, videoSweep],
    ] as const) {
      const requested = new Set(log.map((e) => e.path));
      const brokenReached = sites.truth.filter((t) => t.site === site && t.broken && requested.has(t.path));
      expect(brokenReached.length).toBeGreaterThan(0);
      const recorded: string[] = [];
      for (const t of brokenReached) {
        const stored = await store.listings.get(`${origin}${t.path}`);
        const tries = log.filter((e) => e.path === t.path).length;
        // A 500 is worth retrying (1 + 3 retries); a 404 or an unreadable 200 is not.
        expect(tries, `${t.path} (${t.broken})`).toBe(t.broken === 'http500' ? 1 + FETCH.retries : 1);
        if (t.broken !== 'truncated') {
          expect(stored, `${t.path} (${t.broken}) must not be recorded`).toBeUndefined();
          continue;
        }
        // The fixture's "truncated" page is cut inside <style>, but its <title> comes
        // before <style> and survives, so the extractor may read a title-only listing
        // from it. Allow that, but nothing more than the title may have survived.
        if (stored) {
          recorded.push(t.path);
          expect(stored.price).toBeUndefined();
          expect(stored.seller).toBeUndefined();
        }
      }
      expect(result.stats.failed).toBe(brokenReached.length - recorded.length);
      expect(Object.values(result.stats.errors).reduce((a, b) => a + b, 0)).toBe(result.stats.failed);
      expect(result.stats.errors['HTTP 500']).toBe(brokenReached.filter((t) => t.broken === 'http500').length);
      expect(result.stats.errors['HTTP 404']).toBe(brokenReached.filter((t) => t.broken === 'http404').length);
      // Everything found was handled one way or another.
      const s = result.stats;
      expect(s.fetched + s.failed + s.skippedByRobots).toBeGreaterThanOrEqual(s.listingsFound);
      expect(s.extracted).toBe(s.fetched - (s.errors['extraction'] ?? 0));
    }
  });

  it('(c) renders the JavaScript-only listings in a browser and records what the script draws', async () => {
    const requested = new Set(marketLog.map((e) => e.path));
    const jsPages = sites.model.market.filter((l) => l.needsBrowser && requested.has(l.path));
    expect(jsPages.length).toBeGreaterThan(0);
    for (const l of jsPages) {
      const stored = await store.listings.get(`${sites.market.origin}${l.path}`);
      expect(stored, l.path).toMatchObject({
        title: l.title,
        price: l.price,
        currency: l.currency,
        seller: { id: l.seller.id },
      });
      // The browser fetched the page itself (with our User-Agent, checked in (a)) and no images.
      expect(marketLog.filter((e) => e.path === l.path)).toHaveLength(1);
    }
  });

  it('(d) finds the infringing listings with precision and recall of at least 0.9', async () => {
    const hits = await store.hits.list({ sweepIds: [marketSweep.sweepId, videoSweep.sweepId], minScore: THRESHOLD });
    const score = evaluate(hits, sites.truth);
    console.log(
      `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} (${score.truePositives} true, ` +
        `${score.falsePositives} false of ${hits.length} hits; ${score.reachable} reachable)`,
    );
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    expect(hits.length).toBe(marketSweep.stats.hits + videoSweep.stats.hits);
    // Every hit kept its page as evidence.
    expect(hits.every((h) => /^[0-9a-f]{64}$/.test(h.evidenceSha256 ?? ''))).toBe(true);
  });

  it('(e) a second sweep adds no listings or hits and keeps a reviewer’s status', async () => {
    const count = async (sql: string) => (await store.db.query<{ n: number }>(sql)).rows[0]!.n;
    const counts = async () => ({
      listings: await count('SELECT count(*)::int AS n FROM listings'),
      versions: await count('SELECT count(*)::int AS n FROM listing_versions'),
      hits: await count('SELECT count(*)::int AS n FROM hits'),
      evidence: await count('SELECT count(*)::int AS n FROM evidence'),
    });
    const before = await counts();
    const [target] = (await store.hits.list({ sweepIds: [marketSweep.sweepId] })).slice(-1);
    expect(target).toBeDefined();
    await store.db.query(`UPDATE hits SET status = 'confirmed' WHERE id = $1`, [target!.id]);

    sites.market.log.clear();
    // A new fetcher, as a new process would have: robots.txt is read again, once.
    const fresh = new PoliteFetcher(FETCH);
    const second = await sweep(market, sites.market.origin, fresh).finally(() => fresh.close());
    expect(sites.market.log.entries.filter((e) => e.path === '/robots.txt')).toHaveLength(1);
    expect(sites.market.log.maxInFlight).toBeLessThanOrEqual(2);
    expect(second.stats.hits).toBe(marketSweep.stats.hits);
    expect(second.stats.listingsFound).toBe(marketSweep.stats.listingsFound);

    expect(await counts()).toEqual(before);
    const dupes = await store.db.query(
      `SELECT listing_url, item_id FROM hits GROUP BY listing_url, item_id HAVING count(*) > 1`,
    );
    expect(dupes.rows).toEqual([]);
    const secondHits = await store.hits.list({ sweepIds: [second.sweepId] });
    expect(secondHits).toHaveLength(second.stats.hits);
    const again = secondHits.find((h) => h.id === target!.id);
    expect(again?.status).toBe('confirmed');
    expect(again?.listingUrl).toBe(target!.listingUrl);
    expect((await store.hits.list({ status: 'confirmed' })).map((h) => h.id)).toEqual([target!.id]);
    const fetchCount = await store.db.query<{ fetch_count: number }>(
      'SELECT fetch_count FROM listings WHERE url = $1',
      [target!.listingUrl],
    );
    expect(fetchCount.rows[0]?.fetch_count).toBe(2);
  }, 120_000);
});
