/**
 * Reference photo URLs added to a catalogue item through the API (`PATCH /v1/items/:itemId` with `imageUrls`, what
 * the extension's options page sends): only absolute http(s) URLs within the caps are taken; a holder changes only
 * its own items, a reviewer none. The API fetches nothing it is given (no request reaches the photo's server); the
 * crawler's reference refresh later fetches the photo through the polite fetcher and its outbound policy, which
 * refuses an internal address without connecting. Real API, PGlite store, fetcher, decoder.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshReferenceImages } from '../../crawler/pipeline';
import { IMAGE_URLS_PER_ITEM } from '../../shared/model';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng } from '../fixtures/images/transforms';
import { startTestApi, type TestApi } from './helpers/api';
import { loopbackFetcher } from './helpers/outbound';

let api: TestApi;
let server: Server;
let origin: string;
let aItem: string;
const requests: string[] = [];

const as = (token: string, req: InjectOptions) =>
  api.app.inject({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
const patch = (token: string, itemId: string, imageUrls: unknown) =>
  as(token, { method: 'PATCH', url: `/v1/items/${itemId}`, payload: { imageUrls } });
const storedUrls = async (itemId: string) => (await api.store.catalogue.item(itemId))!.imageUrls;

/** The crawler's reference refresh of one item, through a polite fetcher (where the API's URLs get fetched). */
async function refreshItem(itemId: string): Promise<void> {
  const fetcher = loopbackFetcher({
    userAgent: 'counterscan-image-url-test/1.0',
    timeoutMs: 10_000,
    hostConcurrency: 2,
    retries: 0,
  });
  try {
    await refreshReferenceImages(api.store, fetcher, [(await api.store.catalogue.item(itemId))!]);
  } finally {
    await fetcher.close();
  }
}

beforeAll(async () => {
  const photo = await toPng(syntheticPhoto(21, { width: 320, height: 240 }));
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (req.url === '/bag.png')
      return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': photo.length }).end(photo);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await startTestApi();
  aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
}, 60_000);

afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('image URLs added to an item through the API', () => {
  it('keeps the URL without fetching it; the refresh fetches and hashes it through the polite fetcher', async () => {
    const before = await storedUrls(aItem);
    const url = `${origin}/bag.png`;
    const res = await patch(api.tokens.holderA, aItem, [...before, `  ${url} `]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imageUrls).toEqual([...before, url]);
    expect(await storedUrls(aItem)).toEqual([...before, url]);
    const listed = await as(api.tokens.holderA, { method: 'GET', url: '/v1/reference-images?limit=500' });
    expect(listed.json().images.some((i: { url: string }) => i.url === url)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests, 'the API fetched nothing').toEqual([]);

    await refreshItem(aItem);
    expect(requests).toContain('GET /bag.png');
    const after = await as(api.tokens.holderA, { method: 'GET', url: '/v1/reference-images?limit=500' });
    expect(after.json().images.some((i: { url: string; itemId: string }) => i.url === url && i.itemId === aItem)).toBe(
      true,
    );
  });

  it('leaves an internal address to the outbound policy, which refuses it without connecting', async () => {
    const metadata = 'http://169.254.169.254/latest/meta-data/photo.png';
    const res = await patch(api.tokens.holderA, aItem, [...(await storedUrls(aItem)), metadata]);
    expect(res.statusCode, res.body).toBe(200);
    await refreshItem(aItem);
    const state = (await api.store.images.referenceStates()).find((s) => s.url === metadata);
    expect(state).toMatchObject({ status: 'failed' });
    expect(state!.error).toMatch(/169\.254\.169\.254|link-local|internal|refused/i);
  });

  it('refuses what is not an absolute http(s) URL, too long a URL, and too many, naming the field', async () => {
    const before = await storedUrls(aItem);
    const bad = [
      'javascript:alert(1)',
      'ftp://example.org/bag.png',
      '/img/bag.png',
      'file:///etc/passwd',
      `https://example.org/${'a'.repeat(2_100)}.png`,
      '',
    ];
    for (const url of bad) {
      const res = await patch(api.tokens.holderA, aItem, [...before, url]);
      expect(res.statusCode, `${url.slice(0, 40)}: ${res.body}`).toBe(400);
      expect(res.json().error.field ?? res.json().error.message).toMatch(/imageUrls/);
    }
    const many = Array.from({ length: IMAGE_URLS_PER_ITEM + 1 }, (_, i) => `https://example.org/${i}.png`);
    expect((await patch(api.tokens.holderA, aItem, many)).statusCode).toBe(400);
    expect(await storedUrls(aItem)).toEqual(before);
  });

  it("lets a holder change only its own items' URLs, a reviewer none, an admin any", async () => {
    const before = await storedUrls(aItem);
    const url = 'https://photos.example.org/bag-2.png';
    expect((await patch(api.tokens.holderB, aItem, [...before, url])).statusCode).toBe(404);
    expect((await patch(api.tokens.reviewer, aItem, [...before, url])).statusCode).toBe(403);
    expect(await storedUrls(aItem)).toEqual(before);
    expect((await patch(api.tokens.admin, aItem, [...before, url])).statusCode).toBe(200);
    expect(await storedUrls(aItem)).toEqual([...before, url]);
  });
});
