/**
 * Image matching end to end over loopback: a site serves a catalogue photo
 * and listing pages whose photos are copies of it (resized; cropped,
 * watermarked and re-encoded as JPEG), an unrelated photo, and photos that
 * must be refused (SVG, a 50,000 × 50,000 PNG header, one robots.txt
 * disallows, one over the size cap's declared length). The real
 * PoliteFetcher, decoder, store (PGlite), reference refresh, index and
 * listing pipeline run over them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, loadReferenceImageIndex } from '../../crawler/image';
import {
  fetchAndRead,
  holdersOf,
  IMAGE_MATCH_SIGNAL,
  imageMatching,
  processListingPage,
  refreshReferenceImages,
  type ListingPipelineContext,
} from '../../crawler/pipeline';
import type { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { HASH_VERSION, hashReference, toHex, windowList, type HashView, type ReferenceHash } from '../../shared/image';
import { Matcher } from '../../shared/match';
import { CatalogueSchema, type Catalogue } from '../../shared/model';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { TRANSFORMS, toPng } from '../fixtures/images/transforms';
import { loopbackFetcher } from './helpers/outbound';

/** A PNG whose header claims 50,000 × 50,000 pixels: a decoder that believed it would allocate 10 GB. */
function hugeHeaderPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Resource {
  type: string;
  body: Buffer;
  headers?: Record<string, string>;
}

let server: Server;
let origin: string;
let store: Store;
let fetcher: PoliteFetcher;
let catalogue: Catalogue;
let ctx: ListingPipelineContext;
const requests: string[] = [];
const resources = new Map<string, Resource>();

function listingPage(title: string, images: string[], seller = 'bargain_bags_4u'): Resource {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: title,
    image: images.map((i) => `${origin}${i}`),
    offers: {
      '@type': 'Offer',
      price: '59.00',
      priceCurrency: 'USD',
      seller: { '@type': 'Organization', name: seller },
    },
  };
  const html =
    `<!doctype html><html><head><title>${title}</title>` +
    `<script type="application/ld+json">${JSON.stringify(ld)}</script></head><body>` +
    `<h1>${title}</h1>${images.map((i) => `<img src="${i}">`).join('')}</body></html>`;
  return { type: 'text/html; charset=utf-8', body: Buffer.from(html) };
}

/** A reference hash as text, every part of it, so a difference shows where it is. */
const hashText = (h: ReferenceHash) => ({
  version: h.whole.version,
  views: h.whole.views.map((v: HashView) => ({
    rect: v.rect,
    quality: v.quality,
    hex: [v.bits, v.mirror, v.coarse, v.coarseMirror, v.colour.u, v.colour.uMirror, v.colour.v, v.colour.vMirror].map(
      toHex,
    ),
    colourQuality: v.colour.quality,
    regions: v.regions.map((r) => `${toHex(r.bits)} ${toHex(r.mirror)} ${r.quality}`),
  })),
  windows: windowList(h.windows).map(
    (w) =>
      `${w.window.x},${w.window.y},${w.window.w},${w.window.h} ${toHex(w.bits)} ` +
      `${toHex(w.u)} ${toHex(w.v)} ${w.quality}`,
  ),
});

const pageOf = async (path: string) => {
  const { page, read } = await fetchAndRead(fetcher, `${origin}${path}`, undefined);
  return processListingPage(page, undefined, ctx, read);
};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const r = resources.get(req.url ?? '');
    if (!r) return void res.writeHead(404).end('not found');
    if (r.headers?.etag && req.headers['if-none-match'] === r.headers.etag)
      return void res.writeHead(304, r.headers).end();
    res.writeHead(200, { 'content-type': r.type, 'content-length': String(r.body.length), ...r.headers }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const bag = await toPng(syntheticPhoto(3));
  const scarf = await toPng(syntheticPhoto(5));
  resources.set('/robots.txt', { type: 'text/plain', body: Buffer.from('User-agent: *\nDisallow: /private/\n') });
  resources.set('/catalogue/bag.png', { type: 'image/png', body: bag, headers: { etag: '"bag-v1"' } });
  resources.set('/catalogue/scarf.png', { type: 'image/png', body: scarf });
  resources.set('/img/bag-small.png', { type: 'image/png', body: await TRANSFORMS.resize_50!(bag, 1) });
  // A crop to 80 % re-encoded as JPEG q30 (crop + watermark + JPEG together match 0.79 of synthetic copies).
  resources.set('/img/bag-crop.jpg', {
    type: 'image/jpeg',
    body: await TRANSFORMS.jpeg_q30!(await TRANSFORMS.crop_80!(bag, 2), 2),
  });
  resources.set('/img/other.png', { type: 'image/png', body: await toPng(syntheticPhoto(11)) });
  resources.set('/img/logo.svg', {
    type: 'image/svg+xml',
    body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  resources.set('/img/huge.png', { type: 'image/png', body: hugeHeaderPng() });
  resources.set('/private/bag.png', { type: 'image/png', body: bag });
  resources.set('/img/page.png', { type: 'text/html', body: Buffer.from('<html>not an image</html>') });
  resources.set('/img/big.jpg', {
    type: 'image/jpeg',
    body: await sharp({
      create: {
        width: 2000,
        height: 2000,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .jpeg({ quality: 100 })
      .toBuffer(),
  });

  catalogue = CatalogueSchema.parse({
    holders: [{ id: 'velora', name: 'Velora' }],
    items: [
      {
        id: 'velora-bag',
        holder: 'velora',
        ipType: 'trademark',
        title: 'Velora Aurelia Tote',
        brandTerms: ['Velora'],
        authorisedSellers: ['velora_official'],
        imageUrls: [`${origin}/catalogue/bag.png`, `${origin}/catalogue/missing.png`, '/relative/bag.png'],
      },
      {
        id: 'velora-scarf',
        holder: 'velora',
        ipType: 'trademark',
        title: 'Velora Silk Scarf',
        brandTerms: ['Velora'],
        imageUrls: [`${origin}/catalogue/scarf.png`],
      },
    ],
  });
  resources.set('/item/reuse', listingPage('Large leather shoulder handbag, gold clasp', ['/img/bag-small.png']));
  resources.set('/item/crop', listingPage('Velora Aurelia tote bag replica AAA', ['/img/bag-crop.jpg']));
  resources.set('/item/unrelated', listingPage('Velora Aurelia tote bag replica AAA', ['/img/other.png']));
  resources.set(
    '/item/genuine',
    listingPage('Large leather shoulder handbag, gold clasp', ['/img/bag-small.png'], 'velora_official'),
  );
  resources.set(
    '/item/refused',
    listingPage('Velora Aurelia tote bag replica AAA', [
      '/img/logo.svg',
      '/img/huge.png',
      '/private/bag.png',
      '/img/page.png',
    ]),
  );

  store = await openStore({ dataDir: `memory://image-matching-${process.pid}` });
  await store.catalogue.upsert(catalogue);
  fetcher = loopbackFetcher({
    userAgent: 'counterscan-images/1.0 (+loopback test)',
    timeoutMs: 10_000,
    hostConcurrency: 4,
    retries: 0,
  });
  const refreshed = await refreshReferenceImages(store, fetcher, catalogue.items);
  expect(refreshed).toEqual({ hashed: 2, rehashed: 0, unchanged: 0, failed: 2, skipped: 0 });
  ctx = {
    store,
    matcher: new Matcher(catalogue.items, { threshold: 0.5 }),
    sellers: { get: () => undefined, size: 0 },
    holderOf: holdersOf(catalogue.items),
    images: imageMatching({ index: await loadReferenceImageIndex(store), source: fetcher, items: catalogue.items }),
  };
}, 60_000);

afterAll(async () => {
  await fetcher?.close();
  await store?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('image matching over loopback', () => {
  it('keeps each catalogue photo with its hash, and the reason for one it could not use', async () => {
    const states = await store.images.referenceStates();
    const byUrl = new Map(states.map((s) => [s.url, s]));
    expect(byUrl.get(`${origin}/catalogue/bag.png`)).toMatchObject({
      status: 'ok',
      etag: '"bag-v1"',
      hashVersion: HASH_VERSION,
    });
    expect(byUrl.get(`${origin}/catalogue/missing.png`)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('404'),
    });
    expect(byUrl.get('/relative/bag.png')).toMatchObject({ status: 'failed', error: 'not an absolute http(s) URL' });
    const refs = await store.images.references(HASH_VERSION);
    expect(refs.map((r) => r.url).sort()).toEqual([`${origin}/catalogue/bag.png`, `${origin}/catalogue/scarf.png`]);
    // Every part of the hash comes back from its columns as it was computed.
    const bag = refs.find((r) => r.url.endsWith('/bag.png'))!;
    const computed = hashReference(await decodeImage(resources.get('/catalogue/bag.png')!.body));
    expect(hashText(bag.hash)).toEqual(hashText(computed));
  });

  it('re-hashes a photo kept under an older hash version, and leaves it out of the index until then', async () => {
    const url = `${origin}/catalogue/bag.png`;
    const kept = (await store.images.references(HASH_VERSION)).find((r) => r.url === url)!;
    const old = { ...kept.hash, whole: { ...kept.hash.whole, version: HASH_VERSION - 1 } };
    await store.images.saveReference({ ...kept, width: 1, height: 1, hash: old });
    expect((await store.images.references(HASH_VERSION)).map((r) => r.url)).not.toContain(url);
    expect((await loadReferenceImageIndex(store)).size).toBe(1);
    // Checked a moment ago, but with another hash function: fetched again (unconditionally) and hashed.
    const before = requests.length;
    expect(await refreshReferenceImages(store, fetcher, catalogue.items)).toMatchObject({ hashed: 1, skipped: 3 });
    expect(requests.slice(before)).toEqual(['GET /catalogue/bag.png']);
    expect((await store.images.references(HASH_VERSION)).map((r) => r.url)).toContain(url);
  });

  it(
    'asks for a fresh photo only after recheckAfterMs, ' + 'conditionally, and does not re-hash an unchanged one',
    async () => {
      const before = requests.length;
      expect(await refreshReferenceImages(store, fetcher, catalogue.items)).toMatchObject({ hashed: 0, skipped: 4 });
      expect(requests.length).toBe(before);
      expect(
        await refreshReferenceImages(store, fetcher, catalogue.items, { recheckAfterMs: 0, retryFailedAfterMs: 0 }),
      ).toEqual({ hashed: 0, rehashed: 0, unchanged: 2, failed: 2, skipped: 0 });
    },
  );

  it('shortlists an item on an exact photo reuse alone, with the image pair in the evidence', async () => {
    const { hit } = await pageOf('/item/reuse');
    expect(hit?.itemId).toBe('velora-bag');
    const signal = hit!.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL)!;
    expect(signal.weight).toBe(0.5);
    expect(signal.evidence).toContain(
      `listing photo ${origin}/img/bag-small.png is reference photo ${origin}/catalogue/bag.png of item velora-bag`,
    );
    expect(hit!.score).toBeGreaterThanOrEqual(0.5);
  });

  it('adds image_match for a cropped JPEG copy to the text match', async () => {
    const { hit } = await pageOf('/item/crop');
    expect(hit?.itemId).toBe('velora-bag');
    const signal = hit!.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL);
    // A crop: the coarse window hash, the lightest image weight.
    expect(signal).toMatchObject({
      weight: 0.25,
      evidence: expect.stringContaining(
        `listing photo ${origin}/img/bag-crop.jpg is reference photo ${origin}/catalogue/bag.png of item ` +
          `velora-bag: a crop`,
      ),
    });
    // Both photos are in colour, so the window's colour hashes had to agree too.
    expect(signal!.evidence).toMatch(/ of 64 bits apart, colours \d+ of 128 bits apart/);
    const stored = (await store.hits.list({})).find((h) => h.listingUrl === `${origin}/item/crop`);
    expect(stored?.signals.map((s) => s.name)).toContain(IMAGE_MATCH_SIGNAL);
  });

  it('gives an unrelated photo no image signal', async () => {
    const { hit } = await pageOf('/item/unrelated');
    expect(hit?.signals.some((s) => s.name === IMAGE_MATCH_SIGNAL) ?? false).toBe(false);
    expect(await store.images.listingImages(`${origin}/item/unrelated`)).toMatchObject([
      { imageUrl: `${origin}/img/other.png`, status: 'ok' },
    ]);
  });

  it("never makes the holder's own seller a suspect for using the holder's photo", async () => {
    const { hit } = await pageOf('/item/genuine');
    expect(hit).toBeUndefined();
  });

  it('records refused photos with their reasons and still processes the listing', async () => {
    const { listing } = await pageOf('/item/refused');
    expect(listing.url).toBe(`${origin}/item/refused`);
    const rows = new Map(
      (await store.images.listingImages(`${origin}/item/refused`)).map((r) => [r.imageUrl.slice(origin.length), r]),
    );
    expect(rows.get('/img/logo.svg')).toMatchObject({ status: 'failed', error: expect.stringContaining('SVG') });
    expect(rows.get('/img/huge.png')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/pixel|dimension|limit/i),
    });
    expect(rows.get('/private/bag.png')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('robots.txt'),
    });
    expect(rows.get('/img/page.png')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('not an image'),
    });
    expect(requests).not.toContain('GET /private/bag.png');
  });

  it('refuses a photo over the size cap before downloading it', async () => {
    await expect(fetcher.get(`${origin}/img/big.jpg`, { image: { maxBytes: 100_000 } })).rejects.toThrow(
      /over the 100000 byte cap/,
    );
  });

  it('reuses a photo another listing showed instead of fetching it again', async () => {
    resources.set(
      '/item/reuse-again',
      listingPage('Large leather shoulder handbag, gold clasp', ['/img/bag-small.png']),
    );
    const fetchedBefore = requests.filter((r) => r === 'GET /img/bag-small.png').length;
    const { hit } = await pageOf('/item/reuse-again');
    expect(hit?.itemId).toBe('velora-bag');
    expect(requests.filter((r) => r === 'GET /img/bag-small.png').length).toBe(fetchedBefore);
  });
});
