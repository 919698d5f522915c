import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../shared/model';
import { extractListing } from '../../shared/extract';
import { cheerioDocument } from '../../crawler/fetch/cheerio-document';
import { adapterById, adapters, demoAdapters, findAdapter } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import {
  generateDemo,
  normaliseSearch,
  searchListings,
  searchQueryFor,
  siteForItem,
  truthCounts,
  type DemoModel,
  type MarketListing,
  type VideoListing,
} from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';

const model = generateDemo();
const items = new Map(model.catalogue.items.map((i) => [i.id, i]));
const names = (i: CatalogueItem) => [i.title, ...i.aliases, ...i.brandTerms, ...i.modelNumbers].map(normaliseSearch);
const ws = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('demo generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateDemo({ seed: 42 }))).toBe(JSON.stringify(model));
    const other = generateDemo({ seed: 43 });
    expect(other.market.map((l) => l.path)).not.toEqual(model.market.map((l) => l.path));
    expect(other.truth.length).toBe(model.truth.length);
  });

  it('has the documented ground-truth counts at the demo size', () => {
    expect(model.market).toHaveLength(300);
    expect(model.video).toHaveLength(120);
    expect(truthCounts(model.truth)).toEqual({
      'demo-market': { genuine: 63, counterfeit: 129, accessory: 8, broken: 5, unrelated: 95 },
      'demo-video': { official: 22, pirated: 54, unrelated: 41, broken: 3 },
    });
    const hidden = model.truth.filter((t) => t.disallowed);
    expect(hidden).toHaveLength(10);
    expect(hidden.filter((t) => t.label === 'counterfeit').length).toBeGreaterThanOrEqual(3);
    expect(hidden.every((t) => t.path.startsWith('/item/hidden/'))).toBe(true);
    expect(model.truth.filter((t) => t.flaky)).toHaveLength(2);
    expect(model.truth.filter((t) => t.hardNegative).length).toBeLessThanOrEqual(0.05 * model.truth.length);
    expect(new Set(model.truth.map((t) => `${t.site}${t.path}`)).size).toBe(420);
    for (const t of model.truth) expect(t.infringing).toBe(t.label === 'counterfeit' || t.label === 'pirated');
  });

  // Generation speed is the benchmarks' business (bench:crawl serves 10,000 pages); here, only that it scales.
  it('generates 10,000 listing pages with unique paths', () => {
    const big = generateDemo({ size: 10_000 });
    expect(big.market.length + big.video.length).toBe(10_000);
    expect(new Set(big.market.map((l) => l.path)).size).toBe(big.market.length);
    expect(new Set(big.video.map((l) => l.path)).size).toBe(big.video.length);
    expect(generateDemo({ size: 10 }).truth).toHaveLength(10);
  });

  it('keeps every infringing listing findable and every unrelated one brand-free', () => {
    for (const l of [...model.market, ...model.video]) {
      const text = normaliseSearch(`${l.title} ${l.description}`);
      const item = l.itemId ? items.get(l.itemId) : undefined;
      if (l.label === 'counterfeit' || (l.label === 'pirated' && !l.signals.includes('lookalike'))) {
        expect(
          names(item!).some((n) => text.includes(n)),
          `${l.path} ${l.title}`,
        ).toBe(true);
      }
      if (l.label === 'unrelated' && !l.hardNegative) {
        for (const i of model.catalogue.items)
          for (const n of names(i)) expect(text.includes(n), `${l.title} has ${n}`).toBe(false);
      }
    }
  });

  it('plants fair signals: authorised genuine sellers, unauthorised cheap counterfeits', () => {
    for (const l of model.market) {
      const item = l.itemId ? items.get(l.itemId) : undefined;
      if (!item?.referencePrice) continue;
      const ratio = l.price / item.referencePrice.amount;
      expect(l.currency).toBe(item.referencePrice.currency);
      if (l.label === 'genuine') {
        expect(item.authorisedSellers).toContain(l.seller.id);
        expect(ratio).toBeGreaterThanOrEqual(0.74);
        expect(ratio).toBeLessThanOrEqual(1.06);
      } else {
        expect(item.authorisedSellers).not.toContain(l.seller.id);
        expect(ratio).toBeLessThanOrEqual(0.66);
      }
    }
    for (const v of model.video) {
      const item = v.itemId ? items.get(v.itemId) : undefined;
      if (v.label === 'official') expect(item!.authorisedSellers).toContain(v.uploader.id);
      if (v.label === 'pirated') expect(item!.authorisedSellers).not.toContain(v.uploader.id);
    }
  });

  it('reaches every genuine and infringing listing through the per-item query', () => {
    const reached = new Set<string>();
    for (const item of model.catalogue.items) {
      const list: (MarketListing | VideoListing)[] = siteForItem(item) === 'demo-market' ? model.market : model.video;
      for (const l of searchListings(list, searchQueryFor(item))) reached.add(l.path);
    }
    for (const t of model.truth) if (t.itemId) expect(reached.has(t.path), t.path).toBe(true);
    expect(model.truth.filter((t) => t.label === 'unrelated' && reached.has(t.path)).length).toBeGreaterThan(30);
  });
});

describe('site adapters', () => {
  it('finds the adapter by host and path, without overlap', () => {
    expect(demoAdapters.map((a) => a.id)).toEqual(['demo-market', 'demo-video']);
    expect(adapters.filter((a) => a.hosts.includes('127.0.0.1')).map((a) => a.id)).toEqual([
      'demo-market',
      'demo-video',
    ]);
    expect(findAdapter('http://127.0.0.1:8401/item/12345.html')?.id).toBe('demo-market');
    expect(findAdapter('http://localhost:9/item/hidden/12345.html')?.id).toBe('demo-market');
    expect(findAdapter('http://127.0.0.1:8401/search?q=x&page=2')?.id).toBe('demo-market');
    expect(findAdapter('http://127.0.0.1:8402/watch/v8f3k2a')?.id).toBe('demo-video');
    expect(findAdapter('http://127.0.0.1:8402/results?q=x&page=1')?.id).toBe('demo-video');
    expect(findAdapter('http://127.0.0.1:8401/seller/abc')).toBeUndefined();
    expect(findAdapter('http://example.com/item/12345.html')).toBeUndefined();
    expect(adapterById('demo-video')?.kind).toBe('video');
  });
});

describe('demo servers', () => {
  let sites: DemoSites;
  beforeAll(async () => {
    sites = await startDemoSites({ latencyMs: 20 });
  });
  afterAll(async () => {
    await sites.close();
  });
  const get = (origin: string, path: string) =>
    fetch(`${origin}${path}`, { headers: { 'user-agent': 'demo-test/1.0' } });

  it('serves robots.txt on each site', async () => {
    const market = await (await get(sites.market.origin, '/robots.txt')).text();
    expect(market).toMatch(/Disallow: \/item\/hidden\//);
    expect(market).toMatch(/Disallow: \/seller\/private/);
    expect(await (await get(sites.video.origin, '/robots.txt')).text()).toMatch(/Disallow: \/embed\//);
  });

  it('searches case-insensitively after NFKC, 20 results a page with rel=next', async () => {
    const all = searchListings(sites.model.market, 'Korvath');
    expect(all.length).toBeGreaterThan(20);
    const p1 = await (await get(sites.market.origin, '/search?q=korvath&page=1')).text();
    expect(p1.match(/class="result-card"/g)).toHaveLength(20);
    expect(p1).toContain('rel="next" href="/search?q=korvath&amp;page=2"');
    const p2 = await (
      await get(sites.market.origin, '/search?q=%EF%BC%AB%EF%BD%8F%EF%BD%92%EF%BD%96%EF%BD%81%EF%BD%94%EF%BD%88&page=2')
    ).text();
    expect(p2.match(/class="result-card"/g)).toHaveLength(all.length - 20);
    expect(p2).not.toContain('rel="next"');
    // A disallowed listing is still linked from the search results.
    const hidden = sites.model.market.find((l) => l.disallowed && l.label === 'counterfeit')!;
    const query = searchQueryFor(items.get(hidden.itemId!)!);
    let linked = false;
    for (let page = 1; page <= 5 && !linked; page++) {
      linked = (
        await (await get(sites.market.origin, `/search?q=${encodeURIComponent(query)}&page=${page}`)).text()
      ).includes(`href="${hidden.path}"`);
    }
    expect(linked).toBe(true);
    const videos = await (await get(sites.video.origin, '/results?q=The%20Lantern%20Keeper&page=1')).text();
    expect(videos).toMatch(/class="video-card"/);
  });

  it('serves listing pages, broken pages, the 503-once page and images, and logs requests', async () => {
    const ok = sites.model.market.find((l) => !l.broken && !l.flaky && !l.disallowed)!;
    expect((await get(sites.market.origin, ok.path)).status).toBe(200);
    const hidden = sites.model.market.find((l) => l.disallowed && !l.broken)!;
    expect((await get(sites.market.origin, hidden.path)).status).toBe(200);
    const statuses: Record<string, number> = {};
    for (const l of sites.model.market.filter((x) => x.broken)) {
      const res = await get(sites.market.origin, l.path);
      statuses[l.broken!] = res.status;
      if (l.broken === 'empty') expect(await res.text()).toBe('');
      if (l.broken === 'truncated') expect(await res.text()).not.toContain('</html>');
    }
    expect(statuses).toEqual({ http500: 500, http404: 404, truncated: 200, invalid: 200, empty: 200 });
    const flaky = sites.model.video.find((v) => v.flaky)!;
    const first = await get(sites.video.origin, flaky.path);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await get(sites.video.origin, flaky.path)).status).toBe(200);
    const img = await get(sites.market.origin, '/img/ql-rice-7/0.png');
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await img.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    await Promise.all([1, 2, 3, 4].map(() => get(sites.market.origin, '/')));
    const entry = sites.market.log.entries.find((e) => e.path === ok.path)!;
    expect(entry).toMatchObject({ method: 'GET', userAgent: 'demo-test/1.0', status: 200 });
    expect(sites.market.log.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(sites.market.log.inFlight).toBe(0);
  });

  it('extracts every page shape through the site adapters', async () => {
    const read = async (origin: string, path: string, adapter: SiteAdapter) => {
      const html = await (await get(origin, path)).text();
      return extractListing(cheerioDocument(html, `${origin}${path}`), adapter, {
        fetchedAt: new Date(0).toISOString(),
      });
    };
    const readable = <T extends { broken?: unknown; flaky?: boolean }>(l: T) => !l.broken && !l.flaky;
    for (const shape of ['jsonld', 'jsonld-graph', 'jsonld-offers', 'microdata', 'markup']) {
      const sample = sites.model.market.filter((l) => l.shape === shape && readable(l)).slice(0, 4);
      expect(sample.length).toBeGreaterThan(0);
      for (const l of sample) {
        const x = await read(sites.market.origin, l.path, adapterById('demo-market')!);
        expect({ shape, title: ws(x.title), price: x.price, currency: x.currency, seller: x.seller?.id }).toEqual({
          shape,
          title: ws(l.title),
          price: l.price,
          currency: l.currency,
          seller: l.seller.id,
        });
      }
    }
    for (const shape of ['jsonld', 'opengraph']) {
      const sample = sites.model.video.filter((v) => v.shape === shape && readable(v)).slice(0, 4);
      for (const v of sample) {
        const x = await read(sites.video.origin, v.path, adapterById('demo-video')!);
        expect({ shape, title: ws(x.title), duration: x.durationSeconds, uploader: x.seller?.id }).toEqual({
          shape,
          title: ws(v.title),
          duration: v.durationSeconds,
          uploader: v.uploader.id,
        });
      }
    }
  });

  it('escapes hostile text in every shape', async () => {
    const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)> "Veloran" & 'co' <!--`;
    const evil: DemoModel = structuredClone(model);
    const picks = ['jsonld', 'jsonld-graph', 'microdata', 'markup'].map((s) =>
      evil.market.find((l) => l.shape === s && !l.broken && !l.flaky)!,
    );
    for (const l of picks)
      Object.assign(l, { title: hostile, description: hostile, seller: { ...l.seller, name: hostile } });
    const v = evil.video.find((x) => x.shape === 'jsonld' && !x.broken && !x.flaky)!;
    Object.assign(v, { title: hostile, uploader: { ...v.uploader, name: hostile } });
    const evilSites = await startDemoSites({ model: evil, latencyMs: 0 });
    try {
      for (const [origin, path, id] of [
        ...picks.map((l) => [evilSites.market.origin, l.path, 'demo-market']),
        [evilSites.video.origin, v.path, 'demo-video'],
      ] as const) {
        const html = await (await fetch(`${origin}${path}`)).text();
        expect(html).not.toContain('<script>alert');
        expect(html).not.toContain('<img src=x');
        const x = extractListing(cheerioDocument(html, `${origin}${path}`), adapterById(id)!, {
          fetchedAt: new Date(0).toISOString(),
        });
        expect(x.title).toBe(hostile);
      }
    } finally {
      await evilSites.close();
    }
  });
});
