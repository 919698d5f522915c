/**
 * Reference photo URLs added to and taken off an item with `POST /v1/items/:itemId/image-urls` (what the options
 * page sends), on PGlite and on PostgreSQL: concurrent adds all land (the change is made on the list as the store
 * has it, under the row's lock, never on a list a client read earlier); a holder touches only its own items; a bad
 * URL is refused by its field; a list over the cap is refused whole. And an item's photos as listed for the options
 * page (`GET /v1/items/:itemId/images`), with an uploaded one taken off again (`DELETE …/images/:sha256`).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { IMAGE_URLS_PER_ITEM } from '../../shared/model';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng } from '../fixtures/images/transforms';
import { multipart, sha256Of, startTestApi, type StoreKind, type TestApi } from './helpers/api';

describe.each<StoreKind>(['pglite', 'postgres'])('image URLs added and removed on %s', (kind) => {
  let api: TestApi;
  let aItem: string;

  const as = (token: string, req: InjectOptions) =>
    api.app.inject({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
  const change = (token: string, itemId: string, payload: InjectOptions['payload']) =>
    as(token, { method: 'POST', url: `/v1/items/${itemId}/image-urls`, payload });
  const storedUrls = async (itemId: string) => (await api.store.catalogue.item(itemId))!.imageUrls;

  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('lands every one of many adds made at once, in one audit entry each', async () => {
    const before = await storedUrls(aItem);
    const urls = Array.from({ length: 12 }, (_, i) => `https://photos.example.org/at-once-${i}.png`);
    const answers = await Promise.all(
      urls.map((u, i) => change(i % 2 ? api.tokens.admin : api.tokens.holderA, aItem, { add: [u] })),
    );
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);
    const after = await storedUrls(aItem);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after.slice(before.length))).toEqual(new Set(urls));
    const audit = await api.store.audit.list({ targets: [`item:${aItem}`], action: 'item.image_urls', limit: 50 });
    expect(audit).toHaveLength(urls.length);
  });

  it('removes a URL and adds one in one request; a listed URL added again stays where it is', async () => {
    const before = await storedUrls(aItem);
    const res = await change(api.tokens.holderA, aItem, {
      add: [before.at(-1)!, 'https://photos.example.org/new.png'],
      remove: [before[0]!, 'https://photos.example.org/never-listed.png'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      itemId: aItem,
      imageUrls: [...before.slice(1), 'https://photos.example.org/new.png'],
      added: ['https://photos.example.org/new.png'],
      removed: [before[0]],
    });
    expect(await storedUrls(aItem)).toEqual(res.json().imageUrls);
  });

  it("lets a holder change only its own item's URLs (another's is no such item), a reviewer none", async () => {
    const before = await storedUrls(aItem);
    const url = 'https://photos.example.org/not-yours.png';
    const asB = await change(api.tokens.holderB, aItem, { add: [url], remove: [before[0]!] });
    expect(asB.statusCode, asB.body).toBe(404);
    expect(asB.json().error).toMatchObject({ code: 'not_found', field: 'itemId' });
    const noSuch = await change(api.tokens.holderB, 'no-such-item', { add: [url] });
    expect(asB.json().error.message.replace(aItem, 'ID')).toBe(
      noSuch.json().error.message.replace('no-such-item', 'ID'),
    );
    expect((await change(api.tokens.reviewer, aItem, { add: [url] })).statusCode).toBe(403);
    expect(await storedUrls(aItem)).toEqual(before);
  });

  it('refuses a bad URL naming its field, an empty change, a list over the cap (409), changing nothing', async () => {
    const before = await storedUrls(aItem);
    const bad: [InjectOptions['payload'], RegExp][] = [
      [{ add: ['https://example.org/ok.png', 'javascript:alert(1)'] }, /^add\[1\]$/],
      [{ add: ['/img/bag.png'] }, /^add\[0\]$/],
      [{ add: [`https://example.org/${'a'.repeat(2_100)}.png`] }, /^add\[0\]$/],
      [{ remove: [''] }, /^remove\[0\]$/],
      [{ add: [], remove: [] }, /^add$/],
      [{ add: ['https://example.org/x.png'], imageUrls: [] }, /.*/],
    ];
    for (const [body, field] of bad) {
      const res = await change(api.tokens.holderA, aItem, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field ?? '', res.body).toMatch(field);
    }
    const room = IMAGE_URLS_PER_ITEM - before.length;
    const many = Array.from({ length: room + 1 }, (_, i) => `https://example.org/many-${i}.png`);
    const full = await change(api.tokens.holderA, aItem, { add: many });
    expect(full.statusCode, full.body).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'too_many_image_urls', field: 'add' });
    expect(await storedUrls(aItem)).toEqual(before);
    // Room made by a removal in the same request counts.
    const swap = await change(api.tokens.holderA, aItem, { add: many, remove: [before[0]!] });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json().imageUrls).toHaveLength(IMAGE_URLS_PER_ITEM);
  });

  it("lists an item's URLs and uploads with their state, and takes an upload off", async () => {
    const photo = await toPng(syntheticPhoto(52));
    const upload = multipart({}, { name: 'p.png', type: 'image/png', bytes: photo });
    const up = await as(api.tokens.holderA, { ...upload, url: `/v1/items/${aItem}/images` });
    expect(up.statusCode, up.body).toBe(201);
    const url = `upload:${sha256Of(photo)}`;
    const list = async () => (await as(api.tokens.holderA, { method: 'GET', url: `/v1/items/${aItem}/images` })).json();
    const listed = await list();
    const urls = await storedUrls(aItem);
    expect(listed.photos.map((p: { url: string }) => p.url)).toEqual([...urls, url]);
    expect(listed.photos.at(-1)).toMatchObject({ url, source: 'upload', state: 'hashed', error: null });
    expect(listed.photos[0]).toMatchObject({ source: 'url', state: 'pending', error: null });
    await api.store.images.failReference(aItem, urls[0]!, 'HTTP 404 Not Found');
    expect((await list()).photos[0]).toMatchObject({ state: 'failed', error: 'HTTP 404 Not Found' });

    const sha = sha256Of(photo);
    const del = (token: string) => as(token, { method: 'DELETE', url: `/v1/items/${aItem}/images/${sha}` });
    expect((await del(api.tokens.holderB)).statusCode).toBe(404);
    expect((await del(api.tokens.reviewer)).statusCode).toBe(403);
    expect((await del(api.tokens.holderA)).statusCode).toBe(204);
    expect((await del(api.tokens.holderA)).statusCode).toBe(404);
    expect((await list()).photos.map((p: { url: string }) => p.url)).toEqual(urls);
    const refs = await api.store.images.references(HASH_VERSION);
    expect(refs.some((r) => r.url === url)).toBe(false);
    const audit = await api.store.audit.list({ targets: [`item:${aItem}`], action: 'item.image_delete', limit: 5 });
    expect(audit).toHaveLength(1);
  });
});
