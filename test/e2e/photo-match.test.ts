/**
 * The extension's local photo matching against the crawler's, in a real
 * headless Chromium with the built extension: the review API has hashed the
 * catalogue's reference photos (served by the demo market), the extension
 * syncs their hashes with the catalogue, and on a listing that reuses a
 * catalogue photo (itself, re-encoded as JPEG, or resized) its background
 * fetches the photo, decodes it on an OffscreenCanvas and hashes it. The
 * badge then shows the score and the image_match signal (distance, which
 * photo matched which) that the crawler's own pipeline gives for the same
 * page — fetched, decoded by sharp, hashed and matched in Node. Search
 * cards' pictures upgrade their badges the same way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { loadReferenceImageIndex } from '../../crawler/image';
import {
  fetchAndRead,
  holdersOf,
  imageMatching,
  processListingPage,
  refreshReferenceImages,
  type ListingPipelineContext,
} from '../../crawler/pipeline';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { Matcher } from '../../shared/match';
import type { Catalogue, Signal } from '../../shared/model';
import { adapterById } from '../../shared/sites';
import { exampleCatalogueOn, generateDemo, truthOf } from '../../demo/generate';
import { patternPng } from '../../demo/png';
import { startDemoSites, type DemoSites } from '../../demo/server';
import type { DemoModel, MarketListing } from '../../demo/types';
import { loopbackOutbound } from '../integration/helpers/outbound';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { shownBadges } from './helpers/badges';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect, openAndScan } from './helpers/session';

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
let page: Page;
let crawlerStore: Store;
let fetcher: PoliteFetcher;
let ctx: ListingPipelineContext;
let catalogue: Catalogue;
let photosLine: string | null;
let copies: Server;

/** Listings whose text says little and whose photo is the holder's (see quietListings). */
let quiet: MarketListing[];

const readable = (l: MarketListing) => !l.broken && !l.flaky && !l.needsBrowser && !l.disallowed;

/**
 * The demo's counterfeits name their item plainly, so their text alone scores 1 and a photo cannot move it. These
 * say little (a generic title, or only the item's model number) and show the holder's photo itself, or a JPEG or a
 * half-size copy of it: the photo decides, as on listings that hide the brand.
 */
function quietListings(model: DemoModel, copies: string): MarketListing[] {
  const bases = model.market.filter(
    (l) => l.label === 'counterfeit' && l.signals.includes('stolen_image') && readable(l),
  );
  return bases.slice(0, 6).flatMap((l, n) => {
    const item = model.catalogue.items.find((i) => i.id === l.itemId)!;
    const named = `${item.modelNumbers[0] ?? item.category ?? 'spare part'} compatible, as pictured`;
    return [
      { title: 'Brand new, sealed, fast shipping', images: [`/img/${l.itemId}/0.png`] },
      { title: named, images: [`${copies}/copy/${l.itemId}/q70.jpg`] },
      { title: named, images: [`${copies}/copy/${l.itemId}/half.png`] },
      // Hostile photos first: both sides refuse them and still match the fourth.
      { title: named, images: [...HOSTILE.map((h) => `${copies}${h}`), `${copies}/copy/${l.itemId}/q70.jpg`] },
    ].map((v, i): MarketListing => {
      const id = 990_000 + n * 10 + i;
      return {
        ...l,
        id,
        path: `/item/${id}.html`,
        shape: 'jsonld',
        title: v.title,
        description: 'Ships within 24 hours.',
        brand: undefined,
        images: v.images,
        keywords: '',
        signals: ['stolen_image'],
      };
    });
  });
}

/** A PNG whose header claims 50,000 × 50,000 pixels (10 GB of RGBA to a decoder that believed it). */
function hugeHeaderPng(): Buffer {
  const chunk = (type: string, data: Buffer) =>
    Buffer.concat([Buffer.from([0, 0, 0, data.length]), Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1000)))]);
}

const HOSTILE = ['/hostile/huge.png', '/hostile/logo.svg', '/hostile/cut.jpg'];

/**
 * Copies of the demo's catalogue photos that a decoder must read as a browser does (the photo re-encoded as a JPEG
 * of quality 70, and resized to half as a PNG), and hostile photos (a decompression-bomb header, SVG with script, a
 * JPEG cut short).
 */
async function startCopies(): Promise<void> {
  const cut = (await sharp(patternPng('cut', '0')).jpeg().toBuffer()).subarray(0, 400);
  const hostile: Record<string, [string, Buffer]> = {
    '/hostile/huge.png': ['image/png', hugeHeaderPng()],
    '/hostile/logo.svg': [
      'image/svg+xml',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    '/hostile/cut.jpg': ['image/jpeg', cut],
  };
  copies = createServer((req, res) => {
    const bad = hostile[req.url ?? ''];
    if (bad) return void res.writeHead(200, { 'content-type': bad[0] }).end(bad[1]);
    const m = /^\/copy\/([^/]+)\/(q70\.jpg|half\.png)$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const original = sharp(patternPng(decodeURIComponent(m[1]!), '0'));
    const made = m[2] === 'q70.jpg' ? original.jpeg({ quality: 70 }) : original.resize({ width: 128 }).png();
    void made
      .toBuffer()
      .then((body) =>
        res.writeHead(200, { 'content-type': m[2] === 'q70.jpg' ? 'image/jpeg' : 'image/png' }).end(body),
      );
  });
  await new Promise<void>((resolve) => copies.listen(0, '127.0.0.1', resolve));
}

beforeAll(async () => {
  await startCopies();
  const model = generateDemo();
  quiet = quietListings(model, `http://127.0.0.1:${(copies.address() as AddressInfo).port}`);
  model.market.push(...quiet);
  model.truth.push(...quiet.map(truthOf));
  [sites, b] = await Promise.all([startDemoSites({ latencyMs: 0, model }), launchExtension()]);
  catalogue = exampleCatalogueOn(sites.market.origin);
  [api, crawlerStore] = await Promise.all([
    startTestApi({ catalogue }),
    openStore({ dataDir: `memory://photo-match-${process.pid}` }),
  ]);
  await crawlerStore.catalogue.upsert(catalogue);
  fetcher = new PoliteFetcher({
    userAgent: 'counterscan-photo-e2e/1.0 (+loopback test)',
    timeoutMs: 10_000,
    hostConcurrency: 4,
    hostDelayMs: 0,
    retries: 0,
    retryBaseDelayMs: 10,
    outbound: loopbackOutbound,
  });
  // The API's store and the crawler's each hash the reference photos, as a deployment's sweeps would.
  for (const store of [api.store, crawlerStore]) {
    const r = await refreshReferenceImages(store, fetcher, catalogue.items);
    expect(r.hashed).toBeGreaterThan(10);
  }
  ctx = {
    store: crawlerStore,
    matcher: new Matcher(catalogue.items, { threshold: 0.5 }),
    sellers: { get: () => undefined, size: 0 },
    holderOf: holdersOf(catalogue.items),
    images: imageMatching({
      index: await loadReferenceImageIndex(crawlerStore),
      source: fetcher,
      items: catalogue.items,
    }),
  };
  await connect(b, api.url, api.tokens.reviewer);
  // The photos' hashes come after the catalogue: the options page says how many once they are in.
  const options = await b.context.newPage();
  await options.goto(`${b.origin}/options.html`);
  photosLine = await options
    .locator('#catalogue', { hasText: /[1-9]\d* reference photos/ })
    .textContent({ timeout: 30_000 });
  await options.close();
  page = await b.context.newPage();
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => copies?.close(resolve));
  await b?.close();
  await fetcher?.close();
  await crawlerStore?.close();
  await api?.close();
  await sites?.close();
});

const imageSignal = (signals: readonly Signal[] | undefined) => signals?.find((s) => s.name === 'image_match');

describe('photo matching in the extension', () => {
  it('syncs the reference photos’ hashes after the catalogue, every one the API hashed', async () => {
    const hashed = (await api.store.images.references(HASH_VERSION)).length;
    expect(photosLine).toContain(`and ${hashed} reference photos`);
  });

  it('gives a listing page the crawler’s score and image_match for the same page and photo', async () => {
    // Pages where the photo moves the score (the text alone scores less, and the sum is not clipped at 1).
    const chosen: { url: string; score: number; text: number; itemId: string; image: Signal }[] = [];
    for (const l of quiet) {
      if (chosen.length === 12) break;
      const url = `${sites.market.origin}${l.path}`;
      const { page: fetched, read } = await fetchAndRead(fetcher, url, adapterById('demo-market'));
      const crawler = await processListingPage(fetched, adapterById('demo-market'), ctx, read);
      const image = imageSignal(crawler.hit?.signals);
      const textOnly = ctx.matcher.match(crawler.listing, 1)[0]?.score ?? 0;
      if (!crawler.hit || !image || crawler.hit.score >= 1 || crawler.hit.score <= textOnly) continue;
      chosen.push({ url, score: crawler.hit.score, text: textOnly, itemId: crawler.hit.itemId, image });
    }
    expect(chosen.length).toBeGreaterThanOrEqual(3);
    const hostile = chosen.find((c) => c.url.endsWith('/990003.html'));
    expect(hostile, 'the listing with hostile photos first').toBeDefined();
    const refused = (await crawlerStore.images.listingImages(hostile!.url)).filter((i) => i.status === 'failed');
    expect(refused.map((i) => i.error).join('\n')).toMatch(/pixel|SVG|svg/);
    expect(refused).toHaveLength(3);
    // Some are suspects only because of the photo; some photos are copies (not the same bits) the decoders agree on.
    expect(chosen.some((c) => c.text < 0.5)).toBe(true);
    expect(chosen.some((c) => !/ 0 of (256|64) bits/.test(c.image.evidence))).toBe(true);
    for (const c of chosen) {
      const report = await openAndScan(b, page, c.url);
      const suspect = report.suspects.find((s) => s.url === c.url);
      const [badge] = await shownBadges(page, 'body');
      console.log(
        `${new URL(c.url).pathname}: text ${c.text}, crawler ${c.score} (${c.itemId}), extension ${suspect?.score} ` +
          `(${suspect?.itemId}); ${c.image.weight} ${c.image.evidence}`,
      );
      expect(suspect?.itemId).toBe(c.itemId);
      expect(suspect?.score).toBe(c.score);
      expect(badge?.tip).toContain(`+${c.image.weight}image match ${c.image.evidence}`);
    }
  });

  it('upgrades search cards from their pictures', async () => {
    const l = quiet[0]!;
    const item = catalogue.items.find((i) => i.id === l.itemId)!;
    const url = `${sites.market.origin}/search?q=${encodeURIComponent(item.brandTerms[0] ?? item.title)}&page=1`;
    const report = await openAndScan(b, page, url);
    expect(report.pageKind).toBe('search');
    const badges = await shownBadges(page, 'li.result-card');
    const withPhoto = badges.filter((x) => x.tip.includes('image match'));
    console.log(`${url}: ${badges.length} badges, ${withPhoto.length} with an image match`);
    expect(withPhoto.length).toBeGreaterThan(0);
  });
  it('shows a hit’s matched photo pair in the side panel, from the API’s thumbnails', async () => {
    // The API's own sweep of two of the pages: hits whose listing photo thumbnail the images stage kept.
    const apiCtx: ListingPipelineContext = {
      ...ctx,
      store: api.store,
      images: imageMatching({
        index: await loadReferenceImageIndex(api.store),
        source: fetcher,
        items: catalogue.items,
      }),
    };
    const swept = [];
    for (const l of quiet.slice(1, 3)) {
      const url = `${sites.market.origin}${l.path}`;
      const { page: fetched, read } = await fetchAndRead(fetcher, url, adapterById('demo-market'));
      swept.push(await processListingPage(fetched, adapterById('demo-market'), apiCtx, read));
    }
    const withPair = swept.find((o) => imageSignal(o.hit?.signals));
    expect(withPair).toBeDefined();
    const [row] = await api.store.db
      .query<{ id: number }>('SELECT id FROM hits WHERE listing_url = $1', [withPair!.listing.url])
      .then((r) => r.rows);

    const panel = await b.context.newPage();
    await panel.goto(`${b.origin}/sidepanel.html`);
    await panel.locator(`li.hit[data-id="${row!.id}"]`).click();
    const thumbs = panel.locator('[data-testid=photo-pair] img.thumb');
    await thumbs.nth(1).waitFor();
    const shown = await thumbs.evaluateAll((els) =>
      els.map((i: any) => ({ src: i.src as string, ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth })),
    );
    expect(shown).toHaveLength(2);
    for (const t of shown) {
      expect(t.src.startsWith('blob:')).toBe(true);
      expect(t.ok).toBe(true);
      expect(t.w).toBeLessThanOrEqual(160);
    }
    const sides = await panel
      .locator('[data-testid=photo-pair] figure')
      .evaluateAll((els) => els.map((e: any) => e.getAttribute('data-side')));
    expect(sides).toEqual(['listing', 'reference']);
    await panel.close();
  });
});
