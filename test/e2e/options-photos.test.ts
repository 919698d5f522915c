/**
 * Reference photos added from the extension's options page, in a real headless Chromium with the built extension
 * and a real review API: a holder picks one of its synced catalogue items, pastes an image URL and chooses an
 * image file; the API keeps the URL on the item (fetching nothing: no request reaches the photo's server) and
 * hashes the file as the item's reference photo, and the options page syncs again and counts it. The page lists
 * the item's photos with their state, and takes a URL or an upload off with its Remove button. A bad URL, an
 * SVG, a file over the photo size cap (refused before any request), one over the API's own lower cap, and a token
 * that may not change the catalogue are each refused with a message saying why.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { REFERENCE_PHOTO_MAX_BYTES } from '../../shared/model';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng } from '../fixtures/images/transforms';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect } from './helpers/session';

/** The API's cap on an uploaded file (evidence and reference photos alike), small here so a photo can pass it. */
const MAX_BYTES = 400_000;

let api: TestApi;
let b: ExtensionBrowser;
let page: Page;
let photoServer: Server;
let photoUrl: string;
let aItem: string;
const requests: string[] = [];

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Noise compresses to nothing: a PNG well over MAX_BYTES. */
function noisePng(side: number): Promise<Buffer> {
  const data = new Uint8Array(side * side * 4);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : x >>> 24;
  }
  return toPng({ width: side, height: side, data });
}

async function openOptions(): Promise<Page> {
  const p = await b.context.newPage();
  await p.goto(`${b.origin}/options.html`);
  await p.locator(`#photoItem option[value="${aItem}"]`).waitFor({ state: 'attached', timeout: 15_000 });
  await p.selectOption('#photoItem', aItem);
  return p;
}

beforeAll(async () => {
  photoServer = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => photoServer.listen(0, '127.0.0.1', resolve));
  photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/photos/bag-front.jpg`;
  [api, b] = await Promise.all([startTestApi({ config: { evidenceMaxBytes: MAX_BYTES } }), launchExtension()]);
  aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
  await connect(b, api.url, api.tokens.holderA);
  page = await openOptions();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await api?.close();
  await new Promise((resolve) => photoServer?.close(resolve));
});

describe('reference photos from the options page', () => {
  it('refuses a URL that is not http(s) before sending anything', async () => {
    const before = (await api.store.catalogue.item(aItem))!.imageUrls;
    await page.fill('#photoUrls', `${photoUrl}\njavascript:alert(1)`);
    await page.click('#addPhotos');
    const status = page.locator('#photoStatus.error');
    await status.waitFor({ timeout: 5_000 });
    expect(await status.textContent()).toMatch(/Line 2 \(javascript:alert\(1\)\): .*http/);
    expect((await api.store.catalogue.item(aItem))!.imageUrls).toEqual(before);
  });

  it('adds a pasted URL to the item and uploads a chosen file, then syncs the reference photos', async () => {
    const photo = await toPng(syntheticPhoto(31, { width: 320, height: 240 }));
    expect(photo.byteLength).toBeLessThan(MAX_BYTES);
    const before = (await api.store.catalogue.item(aItem))!.imageUrls;
    await page.fill('#photoUrls', photoUrl);
    await page.setInputFiles('#photoFiles', { name: 'bag-side.png', mimeType: 'image/png', buffer: photo });
    await page.click('#addPhotos');
    await page.locator('#photoStatus.okay', { hasText: 'catalogue synced' }).waitFor({ timeout: 20_000 });
    const lines = await page.locator('#photoResults li').allTextContents();
    expect(lines).toEqual([
      `${photoUrl}: added; the crawler fetches and hashes it before its next sweep`,
      expect.stringMatching(/^bag-side\.png: added and hashed \(320 × 240 pixels, detail \d+\)$/),
    ]);
    expect(await page.locator('#photoResults li.error').count()).toBe(0);

    // The API stored both: the URL on the item (after the ones it had), the file as a hashed reference photo.
    expect((await api.store.catalogue.item(aItem))!.imageUrls).toEqual([...before, photoUrl]);
    const refs = await api.store.images.references(HASH_VERSION);
    expect(refs.some((r) => r.itemId === aItem && r.url === `upload:${sha256(photo)}`)).toBe(true);
    // Nothing fetched the URL: the crawler's refresh will, through its outbound policy.
    expect(requests).toEqual([]);
    // The options page synced again: the uploaded photo's hash is among the extension's reference photos.
    const own = new Set((await api.store.catalogue.items({ holder: api.holderIds.a })).map((i) => i.id));
    const hashed = refs.filter((r) => own.has(r.itemId)).length;
    expect(hashed).toBeGreaterThanOrEqual(1);
    await page.locator('#catalogue', { hasText: `and ${hashed} reference photos` }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#photoUrls').inputValue()).toBe('');
  });

  it("lists the item's photos, its URLs and its uploads, each with its state", async () => {
    const upload = (await api.store.images.references(HASH_VERSION)).find(
      (r) => r.itemId === aItem && r.url.startsWith('upload:'),
    )!.url;
    const urls = (await api.store.catalogue.item(aItem))!.imageUrls;
    const rows = page.locator('#photoList li');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(urls.length + 1);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-url')))).toEqual([...urls, upload]);
    const added = page.locator(`#photoList li[data-url="${photoUrl}"]`);
    expect(await added.getAttribute('data-state')).toBe('pending');
    expect(await added.textContent()).toContain(`${photoUrl} — pending`);
    const uploaded = page.locator(`#photoList li[data-url="${upload}"]`);
    expect(await uploaded.getAttribute('data-state')).toBe('hashed');
    expect(await uploaded.textContent()).toMatch(/^uploaded \([0-9a-f]{12}…\) — hashed/);
  });

  it('removes a URL and an uploaded photo with their Remove buttons, then syncs again', async () => {
    const upload = (await api.store.images.references(HASH_VERSION)).find(
      (r) => r.itemId === aItem && r.url.startsWith('upload:'),
    )!.url;
    const urls = (await api.store.catalogue.item(aItem))!.imageUrls;
    await page.locator(`#photoList li[data-url="${photoUrl}"] button`).click();
    await page.locator('#photoListStatus.okay', { hasText: 'removed; catalogue synced' }).waitFor({ timeout: 20_000 });
    expect((await api.store.catalogue.item(aItem))!.imageUrls).toEqual(urls.filter((u) => u !== photoUrl));
    await page.locator(`#photoList li[data-url="${photoUrl}"]`).waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator(`#photoList li[data-url="${upload}"] button`).click();
    await page.locator(`#photoList li[data-url="${upload}"]`).waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('#photoListStatus.okay', { hasText: 'removed; catalogue synced' }).waitFor({ timeout: 20_000 });
    expect((await api.store.images.references(HASH_VERSION)).some((r) => r.url === upload)).toBe(false);
    // The sync after it counts one photo fewer among the extension's reference photos.
    const own = new Set((await api.store.catalogue.items({ holder: api.holderIds.a })).map((i) => i.id));
    const hashed = (await api.store.images.references(HASH_VERSION)).filter((r) => own.has(r.itemId)).length;
    await page.locator('#catalogue', { hasText: `and ${hashed} reference photos` }).waitFor({ timeout: 20_000 });
  });

  it('refuses a file over the photo size cap (shared with the API) without sending it', async () => {
    const sent: string[] = [];
    const watch = (r: { url(): string }) => void (r.url().startsWith(api.url) && sent.push(r.url()));
    page.on('request', watch);
    try {
      const big = Buffer.alloc(REFERENCE_PHOTO_MAX_BYTES + 1, 7);
      await page.setInputFiles('#photoFiles', { name: 'poster.png', mimeType: 'image/png', buffer: big });
      await page.click('#addPhotos');
      await page.locator('#photoStatus.error', { hasText: 'poster.png: too large (20.0 MiB)' }).waitFor();
      expect(await page.locator('#photoStatus').textContent()).toContain('at most 20.0 MiB');
      await new Promise((r) => setTimeout(r, 500));
      expect(
        sent.filter((u) => u.includes('/images')),
        'no upload was sent',
      ).toEqual([]);
      expect(await page.locator('#photoResults li').count()).toBe(0);
    } finally {
      page.off('request', watch);
      await page.setInputFiles('#photoFiles', []);
    }
  });

  it('says why a file is refused: an unsupported type, one over the size cap', async () => {
    await page.setInputFiles('#photoFiles', {
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await page.click('#addPhotos');
    await page.locator('#photoStatus.error', { hasText: 'logo.svg: unsupported type image/svg+xml' }).waitFor();

    const big = await noisePng(600);
    expect(big.byteLength).toBeGreaterThan(MAX_BYTES);
    const refsBefore = (await api.store.images.references(HASH_VERSION)).length;
    await page.setInputFiles('#photoFiles', { name: 'huge.png', mimeType: 'image/png', buffer: big });
    await page.click('#addPhotos');
    const refused = page.locator('#photoResults li.error');
    await refused.waitFor({ timeout: 15_000 });
    expect(await refused.textContent()).toMatch(/^huge\.png: not added — too large for the review API \(413\)/);
    await page.locator('#photoStatus.error', { hasText: 'None added' }).waitFor({ timeout: 15_000 });
    expect((await api.store.images.references(HASH_VERSION)).length).toBe(refsBefore);
  });

  it("says so when the token may not change the catalogue (a reviewer's)", async () => {
    await connect(b, api.url, api.tokens.reviewer);
    const p = await openOptions();
    const before = (await api.store.catalogue.item(aItem))!.imageUrls;
    await p.fill('#photoUrls', 'https://photos.example.org/bag-back.jpg');
    await p.click('#addPhotos');
    const refused = p.locator('#photoResults li.error');
    await refused.waitFor({ timeout: 15_000 });
    expect(await refused.textContent()).toContain('this token may not change this item (403');
    expect((await api.store.catalogue.item(aItem))!.imageUrls).toEqual(before);
    await p.close();
  });
});
