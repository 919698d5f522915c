/**
 * The API's two image routes beside the upload: the reference photos'
 * hashes for the extension (GET /v1/reference-images: this server's hash
 * version, the caller's holder only, paged, decoding to the very hash the
 * crawler matches with), and a hit's matched photo pair as thumbnails
 * (GET /v1/hits/:id/photos/:side: kept thumbnails or ones made from kept
 * bytes, never another holder's).
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../crawler/image';
import { keepPhotoThumbnail } from '../../crawler/pipeline';
import { hashImage, hashReference, toHex, windowList } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { referenceFromWire, type ReferenceHashWire } from '../../shared/image/wire';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng, TRANSFORMS } from '../fixtures/images/transforms';
import { evidenceUpload, multipart, sha256Of, startTestApi, type TestApi } from './helpers/api';

let api: TestApi;
let aItem: string;
let bItem: string;
let reference: Buffer;
let second: Buffer;
const as = (token: string, req: InjectOptions) =>
  api.app.inject({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
const upload = (token: string, itemId: string, bytes: Buffer) =>
  as(token, { ...multipart({}, { name: 'photo', type: 'image/png', bytes }), url: `/v1/items/${itemId}/images` });
type Page = { hashVersion: number; images: ReferenceHashWire[]; nextCursor: string | null };
const page = async (token: string, query = '') => {
  const res = await as(token, { method: 'GET', url: `/v1/reference-images${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

const flag = (itemId: string, o: { evidence?: string[]; images?: string[] }) => ({
  method: 'POST' as const,
  url: '/v1/flags',
  payload: {
    flagId: randomUUID(),
    url: `http://127.0.0.1:8401/item/flag-${randomUUID()}`,
    listing: { title: 'Nice bag for sale', ...(o.images ? { images: o.images } : {}) },
    itemId,
    reason: 'counterfeit',
    evidence: o.evidence ?? [],
    capturedAt: '2026-12-01T10:00:00Z',
  },
});

beforeAll(async () => {
  api = await startTestApi();
  aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
  bItem = (await api.store.catalogue.items({ holder: api.holderIds.b }))[0]!.id;
  reference = await toPng(syntheticPhoto(31, { width: 480, height: 360 }));
  second = await toPng(syntheticPhoto(32, { width: 480, height: 360 }));
  for (const bytes of [reference, second])
    expect((await upload(api.tokens.holderA, aItem, bytes)).statusCode).toBe(201);
  expect((await upload(api.tokens.holderB, bItem, await toPng(syntheticPhoto(33)))).statusCode).toBe(201);
}, 60_000);
afterAll(() => api?.close());

describe('GET /v1/reference-images', () => {
  it("sends the server's hash version and hashes that decode to the crawler's, the holder's own only", async () => {
    const mine = await page(api.tokens.holderA);
    expect(mine.hashVersion).toBe(HASH_VERSION);
    expect(mine.images.map((i) => i.itemId)).toEqual([aItem, aItem]);
    const got = mine.images.find((i) => i.url === `upload:${sha256Of(reference)}`)!;
    expect(got.version).toBe(HASH_VERSION);
    const decoded = referenceFromWire(got).hash;
    const fresh = hashReference(await decodeImage(reference));
    expect(decoded.whole.views.map((v) => toHex(v.bits))).toEqual(fresh.whole.views.map((v) => toHex(v.bits)));
    expect(windowList(decoded.windows).map((w) => [toHex(w.bits), w.quality, w.window])).toEqual(
      windowList(fresh.windows).map((w) => [toHex(w.bits), w.quality, w.window]),
    );
    expect((await page(api.tokens.holderB)).images.map((i) => i.itemId)).toEqual([bItem]);
    expect(
      (await as(api.tokens.holderB, { method: 'GET', url: `/v1/reference-images?holderId=${api.holderIds.a}` }))
        .statusCode,
    ).toBe(404);
    expect((await page(api.tokens.reviewer)).images).toHaveLength(3);
  });

  it('pages with the cursor, each photo once', async () => {
    const first = await page(api.tokens.reviewer, '?limit=2');
    expect(first.images).toHaveLength(2);
    const rest = await page(api.tokens.reviewer, `?limit=2&cursor=${first.nextCursor}`);
    expect(rest.images).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const urls = [...first.images, ...rest.images].map((i) => `${i.itemId} ${i.url}`);
    expect(new Set(urls).size).toBe(3);
  });

  it('leaves out photos hashed by another hash version', async () => {
    const [stale] = await api.store.images.references(HASH_VERSION, { holder: api.holderIds.b });
    await api.store.images.saveReference({
      itemId: stale!.itemId,
      url: stale!.url,
      sha256: stale!.sha256,
      width: 1,
      height: 1,
      hash: { ...stale!.hash, whole: { ...stale!.hash.whole, version: HASH_VERSION + 1 } },
    });
    expect((await page(api.tokens.holderB)).images).toEqual([]);
  });
});

describe('GET /v1/hits/:id/photos/:side', () => {
  const jpegOf = async (token: string, id: number, side: string) => {
    const res = await as(token, { method: 'GET', url: `/v1/hits/${id}/photos/${side}` });
    return res;
  };

  it('serves both halves of a flag’s pair: the uploaded reference and the flagger’s photo', async () => {
    const copy = await TRANSFORMS.resize_50!(reference, 1);
    const up = await as(api.tokens.holderA, evidenceUpload(copy, { kind: 'screenshot' }, 'shot', 'image/png'));
    expect(up.statusCode, up.body).toBe(201);
    const res = await as(api.tokens.holderA, flag(aItem, { evidence: [sha256Of(copy)] }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().hit.id as number;
    for (const side of ['reference', 'listing']) {
      const got = await jpegOf(api.tokens.holderA, id, side);
      expect(got.statusCode, got.body).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.headers['content-security-policy']).toContain('sandbox');
      const meta = await sharp(got.rawPayload).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(160);
    }
    // The reference half is the photo the holder uploaded: its thumbnail hashes close to the reference.
    const thumb = (await jpegOf(api.tokens.holderA, id, 'reference')).rawPayload;
    const near = hashImage(await decodeImage(thumb)).views[0]!.bits;
    const ref = hashImage(await decodeImage(reference)).views[0]!.bits;
    const bitsApart = near.reduce((d, w, i) => d + popcount(w ^ ref[i]!), 0);
    expect(bitsApart).toBeLessThan(32);
    expect((await jpegOf(api.tokens.holderB, id, 'reference')).statusCode).toBe(404);
    expect((await jpegOf(api.tokens.holderA, id, 'other')).statusCode).toBe(400);
  });

  it('serves the thumbnail kept when a sweep hashed the listing photo, and 404 for a hit without a pair', async () => {
    const imageUrl = `http://127.0.0.1:8401/img/${randomUUID()}.png`;
    const pixels = await decodeImage(await TRANSFORMS.resize_50!(second, 2));
    const thumbSha256 = await keepPhotoThumbnail(api.store, pixels);
    await api.store.images.saveListingImage({
      listingUrl: 'http://127.0.0.1:8401/item/swept',
      imageUrl,
      sha256: sha256Of(Buffer.from(imageUrl)),
      hash: hashImage(pixels),
      thumbSha256,
    });
    const res = await as(api.tokens.holderA, flag(aItem, { images: [imageUrl] }));
    expect(res.statusCode, res.body).toBe(201);
    const hit = res.json().hit as { id: number; signals: { name: string; evidence: string }[] };
    expect(hit.signals.find((s) => s.name === 'image_match')?.evidence).toContain(imageUrl);
    const got = await jpegOf(api.tokens.holderA, hit.id, 'listing');
    expect(got.statusCode, got.body).toBe(200);
    expect(sha256Of(got.rawPayload)).toBe(thumbSha256);

    const plain = await as(api.tokens.holderA, flag(aItem, {}));
    const none = await jpegOf(api.tokens.holderA, plain.json().hit.id, 'listing');
    expect(none.statusCode).toBe(404);
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}
