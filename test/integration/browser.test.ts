/**
 * The browser fetcher against the demo marketplace's JavaScript-only listing
 * pages, with Debian's Chromium (or CHROMIUM_PATH). Without a browser these
 * tests fail with the fetcher's own "no Chromium found" error: .ci/run
 * installs one, and a green run must mean the browser path was exercised.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserFetcher } from '../../crawler/fetch/browser-fetcher';
import { NO_CHROMIUM, resolveChromium } from '../../crawler/fetch/chromium-path';
import { PermanentFetchError, RefusedByPolicyError } from '../../crawler/fetch/errors';
import { fetchPage } from '../../crawler/fetch/http-fetcher';
import { OutboundPolicy } from '../../crawler/fetch/outbound-policy';
import { runSweep } from '../../crawler/runner/embedded';
import { extractFetched } from '../../crawler/pipeline/extract';
import { PoliteFetcher, type PoliteFetcherOptions } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { ExtractionError } from '../../shared/extract';
import { Matcher } from '../../shared/match';
import { adapterById, findAdapter, needsBrowser } from '../../shared/sites';
import { exampleCatalogue } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import type { MarketListing } from '../../demo/types';
import { loopbackOutbound } from './helpers/outbound';

const USER_AGENT = 'counterscan-browser-test/1.0 (+loopback test)';
const market = adapterById('demo-market')!;
const catalogue = exampleCatalogue();
const ws = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

let chromium: string | undefined;
try {
  chromium = resolveChromium(process.env.CHROMIUM_PATH);
} catch {
  console.warn(`browser.test: ${NO_CHROMIUM}`);
}

const POLITE: PoliteFetcherOptions = {
  userAgent: USER_AGENT,
  timeoutMs: 15_000,
  hostConcurrency: 2,
  hostDelayMs: 2,
  retries: 2,
  retryBaseDelayMs: 20,
  chromiumPath: chromium,
  outbound: loopbackOutbound,
};

let sites: DemoSites;
let jsPages: MarketListing[];
let counterfeit: MarketListing;
let fetcher: BrowserFetcher;
const url = (l: MarketListing) => `${sites.market.origin}${l.path}`;

beforeAll(async () => {
  sites = await startDemoSites({ latencyMs: 20 });
  jsPages = sites.model.market.filter((l) => l.shape === 'js');
  counterfeit = jsPages.find((l) => l.label === 'counterfeit')!;
  fetcher = new BrowserFetcher({
    chromiumPath: chromium,
    userAgent: USER_AGENT,
    pages: 1,
    timeoutMs: 15_000,
    outbound: loopbackOutbound,
  });
});

afterAll(async () => {
  await fetcher?.close();
  await sites?.close();
});

describe('JavaScript-only demo listings', () => {
  it('are in the model and the ground truth, matched by the adapter as browser pages', () => {
    expect(jsPages.map((l) => l.label).sort()).toEqual(['counterfeit', 'genuine', 'unrelated']);
    for (const l of jsPages) {
      expect(l.path).toMatch(/^\/item\/js\/\d+\.html$/);
      expect(l.needsBrowser).toBe(true);
      expect(sites.truth.find((t) => t.path === l.path)).toMatchObject({ needsBrowser: true, label: l.label });
      expect(findAdapter(url(l))?.id).toBe('demo-market');
      expect(needsBrowser(market, url(l))).toBe(true);
    }
    const plain = sites.model.market.find((l) => l.shape === 'markup')!;
    expect(needsBrowser(market, url(plain))).toBe(false);
    expect(needsBrowser(market, `${sites.market.origin}/search?q=x&page=1`)).toBe(false);
    expect(needsBrowser({ ...market, browserPathPattern: undefined, needsBrowser: true }, url(plain))).toBe(true);
  });

  it('(a) over plain HTTP show no title, so extraction fails', async () => {
    for (const l of jsPages) {
      const page = await fetchPage(url(l), { userAgent: USER_AGENT, outbound: loopbackOutbound });
      expect(page.status).toBe(200);
      expect(page.body).not.toContain(l.title);
      expect(page.body).not.toContain(l.priceText);
      expect(() => extractFetched(page, market)).toThrow(ExtractionError);
    }
  });

  it('(b) rendered by the BrowserFetcher, they extract like the model says', async () => {
    for (const l of jsPages) {
      const page = await fetcher.fetch(url(l));
      expect(page).toMatchObject({ url: url(l), status: 200 });
      expect(page.contentType).toMatch(/^text\/html/);
      expect(page.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(new TextDecoder().decode(page.bytes)).toBe(page.body);
      const x = extractFetched(page, market);
      expect({ title: ws(x.title), price: x.price, currency: x.currency, seller: x.seller?.id }).toEqual({
        title: ws(l.title),
        price: l.price,
        currency: l.currency,
        seller: l.seller.id,
      });
    }
  });

  it('(c) asks for no images, fonts or stylesheets, with an honest User-Agent, one page at a time', async () => {
    sites.market.log.clear();
    const blockedBefore = fetcher.blockedRequests;
    // Three at once through a pool of one page.
    await Promise.all(jsPages.map((l) => fetcher.fetch(url(l))));
    const entries = sites.market.log.entries;
    expect(entries.map((e) => e.path).sort()).toEqual(jsPages.map((l) => l.path).sort());
    expect(entries.filter((e) => e.path.startsWith('/img/'))).toEqual([]);
    expect(entries.every((e) => e.userAgent === USER_AGENT)).toBe(true);
    expect(fetcher.blockedRequests - blockedBefore).toBeGreaterThanOrEqual(jsPages.length);
    expect(sites.market.log.maxInFlight).toBe(1);
  });

  it('(d) recovers when the browser process is killed', async () => {
    await fetcher.fetch(url(counterfeit));
    const browser = fetcher.browser!;
    expect(browser.isConnected()).toBe(true);
    const cdp = await browser.newBrowserCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const pid = info.processInfo.find((p) => p.type === 'browser')!.id;
    const gone = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()));
    process.kill(pid, 'SIGKILL');
    await gone;
    expect(fetcher.browser).toBeUndefined();
    const page = await fetcher.fetch(url(counterfeit));
    expect(ws(extractFetched(page, market).title)).toBe(ws(counterfeit.title));
    expect(fetcher.browser).toBeDefined();
    expect(fetcher.browser).not.toBe(browser);
  });

  it('(e) without Chromium, says how to get one and fails the page for good', async () => {
    expect(() => resolveChromium('/nonexistent')).toThrow(NO_CHROMIUM);
    expect(NO_CHROMIUM).toBe(
      "no Chromium found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH",
    );
    const polite = new PoliteFetcher({ ...POLITE, chromiumPath: '/nonexistent' });
    try {
      sites.market.log.clear();
      const err = await polite.get(url(counterfeit), { browser: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentFetchError);
      expect((err as Error).message).toContain(NO_CHROMIUM);
      // robots.txt was read; the page itself never requested, and not retried.
      expect(sites.market.log.paths()).toEqual(['/robots.txt']);
    } finally {
      await polite.close();
    }
  });
});

describe('(f) runSweep with browser pages', () => {
  let store: Store;
  let evidenceDir: string;
  const item = () => catalogue.items.find((i) => i.id === counterfeit.itemId)!;
  const sweep = (polite: PoliteFetcher, screenshotMinScore?: number) =>
    runSweep({
      screenshotMinScore,
      adapter: market,
      origin: sites.market.origin,
      items: [item()],
      matcher: new Matcher(catalogue.items, { threshold: 0.5 }),
      store,
      fetcher: polite,
      concurrency: 8,
      maxSearchPages: 5,
      campaign: 'browser-test',
    });

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'counterscan-browser-'));
    store = await openStore({ dataDir: 'memory://', evidenceDir });
    await store.catalogue.upsert(catalogue);
  });
  afterAll(async () => {
    await store?.close();
    if (evidenceDir) await rm(evidenceDir, { recursive: true, force: true });
  });

  it('records the JavaScript-only counterfeit as a hit', async () => {
    const polite = new PoliteFetcher(POLITE);
    try {
      const { sweepId, stats } = await sweep(polite);
      const hits = await store.hits.list({ sweepIds: [sweepId] });
      const hit = hits.find((h) => h.listingUrl === url(counterfeit));
      expect(hit, JSON.stringify(stats)).toBeDefined();
      expect(hit!.itemId).toBe(counterfeit.itemId);
      expect(stats.errors).not.toHaveProperty('extraction');
    } finally {
      await polite.close();
    }
  });

  it(
    'keeps a rendered hit with its screenshot (at or above the ' + 'threshold) and a WARC with the DOM as a conversion',
    async () => {
      const polite = new PoliteFetcher({ ...POLITE, browserScreenshots: true });
      const captureOf = async (sweepId: string) => {
        const hit = (await store.hits.list({ sweepIds: [sweepId] })).find((h) => h.listingUrl === url(counterfeit))!;
        expect(hit.evidenceSha256).toMatch(/^[0-9a-f]{64}$/);
        return { hit, capture: (await store.captures.forHtml(hit.evidenceSha256!))! };
      };
      try {
        // Below the threshold the page is captured without a screenshot…
        const below = await captureOf((await sweep(polite, 1.01)).sweepId);
        expect(below.capture.screenshotSha256).toBeNull();
        // …at or above it, the same page is captured again, now with one…
        const { hit, capture } = await captureOf((await sweep(polite, 0)).sweepId);
        expect(capture.warcSha256).not.toBe(below.capture.warcSha256);
        expect(capture).toMatchObject({ rendered: true, status: 200, url: url(counterfeit) });
        const shot = (await store.evidence.read(capture.screenshotSha256!))!;
        expect(shot.contentType).toBe('image/png');
        expect([...shot.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        const records: { type: string; digest: string | null | undefined }[] = [];
        const warc = (await store.evidence.read(capture.warcSha256))!.bytes;
        for await (const r of WARCParser.iterRecords([warc])) {
          await r.readFully();
          records.push({ type: r.warcType, digest: r.warcPayloadDigest });
        }
        expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'conversion', 'metadata']);
        // The crawler read the DOM after scripts ran: that is the hit's HTML; the response is the shell as served.
        expect(records[3]!.digest).toBe(`sha256:${hit.evidenceSha256}`);
        expect(records[2]!.digest).not.toBe(`sha256:${hit.evidenceSha256}`);

        // …and, unchanged, it keeps that capture: a sweep again stores no new WARC or screenshot.
        const again = await captureOf((await sweep(polite, 0)).sweepId);
        expect(again.capture).toEqual(capture);
      } finally {
        await polite.close();
      }
    },
  );

  it('without Chromium counts the browser pages as failed with the reason and sweeps the rest', async () => {
    const polite = new PoliteFetcher({ ...POLITE, chromiumPath: '/nonexistent' });
    try {
      const { stats } = await sweep(polite);
      const reason = Object.keys(stats.errors).find((k) => k.startsWith(NO_CHROMIUM));
      expect(reason, JSON.stringify(stats.errors)).toBeDefined();
      expect(stats.errors[reason!]).toBeGreaterThanOrEqual(1);
      expect(stats.fetched).toBeGreaterThan(5);
      expect(stats.hits).toBeGreaterThan(0);
    } finally {
      await polite.close();
    }
  });
});

describe('(g) the outbound policy in the browser', () => {
  // One server on every loopback address: 127.0.0.2 stands for an allowed site, 127.0.0.1 for an internal service.
  let server: Server;
  let port: number;
  const seen: string[] = [];
  const internal = () => seen.filter((s) => s.startsWith('127.0.0.1 '));

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.socket.localAddress} ${req.url}`);
      const html = (body: string) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
      if (req.url === '/redirect')
        return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      if (req.url === '/script')
        return void html(
          `<h1>x</h1><script>fetch('http://127.0.0.1:${port}/secret-xhr').catch(() => {}); ` +
            `fetch('/same-origin').catch(() => {});</script>`,
        );
      html('<h1>page</h1>');
    });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server?.close(r)));

  async function withFetcher<T>(policy: OutboundPolicy, fn: (f: BrowserFetcher) => Promise<T>): Promise<T> {
    const f = new BrowserFetcher({
      chromiumPath: chromium,
      userAgent: USER_AGENT,
      pages: 1,
      timeoutMs: 10_000,
      outbound: policy,
    });
    try {
      return await fn(f);
    } finally {
      await f.close();
      await policy.close();
    }
  }

  it('refuses a loopback page unless the allow-list names it, without launching anything', async () => {
    await withFetcher(new OutboundPolicy(), async (f) => {
      const err = await f.fetch(url(counterfeit)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RefusedByPolicyError);
      expect(f.browser).toBeUndefined();
    });
  });

  it("refuses a redirect into an internal address and the page's requests to one", async () => {
    await withFetcher(new OutboundPolicy({ allow: ['127.0.0.2'] }), async (f) => {
      expect((await f.fetch(`http://127.0.0.2:${port}/page`)).status).toBe(200);
      const err = await f.fetch(`http://127.0.0.2:${port}/redirect`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RefusedByPolicyError);
      await f.fetch(`http://127.0.0.2:${port}/script`);
      expect(seen).toContain(`127.0.0.2 /same-origin`);
      expect(internal()).toEqual([]);
    });
  });

  it('refuses a name that rebinds to loopback between the check and the connection', async () => {
    let asked = 0;
    // The first answer (the fetcher's own check) is the allowed address; every later one (the proxy's) is loopback.
    const resolve = async () => [{ address: asked++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    await withFetcher(new OutboundPolicy({ allow: ['127.0.0.2'], resolve }), async (f) => {
      const err = await f.fetch(`http://rebind.example:${port}/page`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RefusedByPolicyError);
      expect(asked).toBeGreaterThan(1);
      expect(internal()).toEqual([]);
    });
  });
});
