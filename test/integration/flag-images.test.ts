/**
 * Reference photos uploaded through the API, and a flag's photos: the
 * flagger's uploaded evidence image that reuses a holder's reference photo
 * (watermarked and re-encoded) adds the `image_match` signal to the
 * flag's hit; a photo of something else adds nothing; hostile uploads are
 * refused with the reason; no holder's photo reaches another's flags.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_VERSION } from '../../shared/image';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng, TRANSFORMS } from '../fixtures/images/transforms';
import { evidenceUpload, multipart, sha256Of, startTestApi, type TestApi } from './helpers/api';

let api: TestApi;
let aItem: string;
let reference: Buffer;
const as = (token: string, req: InjectOptions) =>
  api.app.inject({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
const photoUpload = (itemId: string, bytes: Buffer, type = 'image/png') => ({
  ...multipart({}, { name: 'photo', type, bytes }),
  url: `/v1/items/${itemId}/images`,
});

async function uploadEvidence(token: string, bytes: Buffer, type: string): Promise<string> {
  const res = await as(token, evidenceUpload(bytes, { kind: 'screenshot' }, 'shot', type));
  expect(res.statusCode, res.body).toBe(201);
  return sha256Of(bytes);
}

const flag = (itemId: string | undefined, evidence: string[]) => ({
  method: 'POST' as const,
  url: '/v1/flags',
  payload: {
    flagId: randomUUID(),
    url: `http://127.0.0.1:8401/item/flag-${randomUUID()}`,
    listing: { title: 'Nice bag for sale' },
    ...(itemId ? { itemId } : {}),
    reason: 'counterfeit',
    evidence,
    capturedAt: '2026-12-01T10:00:00Z',
  },
});

beforeAll(async () => {
  api = await startTestApi();
  aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
  reference = await toPng(syntheticPhoto(11, { width: 640, height: 480 }));
}, 60_000);
afterAll(() => api?.close());

describe('reference photos through the API', () => {
  it('hashes an uploaded photo and keeps it as the item’s reference image', async () => {
    const res = await as(api.tokens.holderA, photoUpload(aItem, reference));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.url).toBe(`upload:${sha256Of(reference)}`);
    expect(body.quality).toBeGreaterThanOrEqual(50);
    const refs = await api.store.images.references(HASH_VERSION);
    expect(refs.some((r) => r.itemId === aItem && r.url === body.url)).toBe(true);
  });

  it('refuses SVG, corrupt and plain photos with the reason, and another holder’s item', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await as(api.tokens.holderA, photoUpload(aItem, svg, 'image/svg+xml'))).statusCode).toBe(415);
    const truncated = reference.subarray(0, 200);
    const bad = await as(api.tokens.holderA, photoUpload(aItem, truncated));
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().error.code).toBe('unreadable_image');
    const flat = await toPng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4).fill(200) });
    const plain = await as(api.tokens.holderA, photoUpload(aItem, flat));
    expect(plain.json().error.code).toBe('plain_image');
    expect((await as(api.tokens.holderB, photoUpload(aItem, reference))).statusCode).toBe(404);
  });
});

describe('a flag with photos', () => {
  it('adds image_match when an uploaded evidence image reuses the reference photo', async () => {
    const copy = await TRANSFORMS.jpeg_q30!(await TRANSFORMS.watermark!(reference, 3), 3);
    const sha = await uploadEvidence(api.tokens.holderA, copy, 'image/jpeg');
    const res = await as(api.tokens.holderA, flag(aItem, [sha]));
    expect(res.statusCode, res.body).toBe(201);
    const signals = res.json().hit.signals as { name: string; evidence?: string }[];
    const image = signals.find((s) => s.name === 'image_match');
    expect(image?.evidence).toContain(`evidence:${sha}`);
  });

  it('shortlists the item on an exact photo reuse alone, with no item named', async () => {
    const sha = await uploadEvidence(api.tokens.holderA, await TRANSFORMS.resize_50!(reference, 1), 'image/png');
    const res = await as(api.tokens.holderA, flag(undefined, [sha]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().hit.itemId).toBe(aItem);
  });

  it('adds nothing for an unrelated photo, nor for another holder’s reference photo', async () => {
    const other = await uploadEvidence(api.tokens.holderA, await toPng(syntheticPhoto(12)), 'image/png');
    const res = await as(api.tokens.holderA, flag(aItem, [other]));
    expect(res.json().hit.signals.some((s: { name: string }) => s.name === 'image_match')).toBe(false);
    const bItem = (await api.store.catalogue.items({ holder: api.holderIds.b }))[0]!.id;
    const shaB = await uploadEvidence(api.tokens.holderB, await TRANSFORMS.resize_50!(reference, 2), 'image/png');
    const resB = await as(api.tokens.holderB, flag(bItem, [shaB]));
    expect(resB.statusCode, resB.body).toBe(201);
    expect(resB.json().hit.signals.some((s: { name: string }) => s.name === 'image_match')).toBe(false);
  });
});
