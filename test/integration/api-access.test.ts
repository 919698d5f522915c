/**
 * Route × role matrix of the review API, on PGlite and on PostgreSQL: every
 * route is called as no token, a revoked token, admin, reviewer, holder A and
 * holder B, against holder A's records. Holder B must not read, change or
 * infer anything of A's: its answers on A's ids equal its answers on ids that
 * do not exist, and its lists and counts are B's alone.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeForCase, recordCounterNotice } from '../../crawler/notices';
import { refreshSellers } from '../../crawler/sellers';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng, TRANSFORMS } from '../fixtures/images/transforms';
import {
  evidenceUpload,
  multipart,
  seedHits,
  sha256Of,
  startTestApi,
  type StoreKind,
  type TestApi,
} from './helpers/api';

type Role = 'anon' | 'revoked' | 'admin' | 'reviewer' | 'holderA' | 'holderB';
const ROLES: Role[] = ['anon', 'revoked', 'admin', 'reviewer', 'holderA', 'holderB'];

interface Fixture {
  api: TestApi;
  a: string;
  b: string;
  aItem: string;
  bItem: string;
  aHits: number[];
  bHits: number[];
  aCase: number;
  aEvidence: string;
  revoked: string;
  /** A fresh case of A's over one confirmed hit with evidence, ready for a notice. */
  noticeCase(): Promise<number>;
  /** A fresh notice of A's, as a draft or already sent. */
  notice(state: 'draft' | 'sent'): Promise<number>;
  aNotice: number;
  aSite: number;
  aWatch(): Promise<number>;
  aCounter(): Promise<number>;
}

type Check = number | ((res: LightMyRequestResponse, f: Fixture) => void | Promise<void>);
interface RouteCase {
  route: string;
  /** Builds the request for one role (may prepare records first). */
  request: (f: Fixture, role: Role) => InjectOptions | Promise<InjectOptions>;
  /** Expected status or check per role; anon and revoked default to 401. */
  expect: Partial<Record<Role, Check>>;
}

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const ok = (status: number) => (res: LightMyRequestResponse) => expect(res.statusCode, res.body).toBe(status);
/** Holder B's view of A's record: exactly what a made-up id gets. */
const notFound = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(404);
  expect(json(res).error.code).toBe('not_found');
};
const unknownEvidence = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(422);
  expect(json(res).error.code).toBe('unknown_evidence');
};
const nothingOfA = (res: LightMyRequestResponse, f: Fixture) => {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).not.toContain(`"${f.a}"`);
  expect(res.body).not.toContain(f.aItem);
};

const flagBody = (f: Fixture, itemId: string) => ({
  flagId: randomUUID(),
  url: `http://127.0.0.1:8401/item/flagged-${randomUUID()}`,
  listing: { title: 'Replica listing 1:1', price: 9.5, currency: 'USD' },
  itemId,
  reason: 'counterfeit',
  capturedAt: '2026-11-26T10:00:00Z',
});

const photoHits = new WeakMap<Fixture, Promise<number>>();
/** A hit of A's with an image pair: a reference photo uploaded for A's item, a flag whose evidence photo reuses it. */
function aPhotoHit(f: Fixture): Promise<number> {
  let made = photoHits.get(f);
  if (made) return made;
  made = (async () => {
    const as = (req: InjectOptions) =>
      f.api.app.inject({ ...req, headers: { ...req.headers, authorization: `Bearer ${f.api.tokens.holderA}` } });
    const photo = await toPng(syntheticPhoto(41));
    const up = await as({
      ...multipart({}, { name: 'p.png', type: 'image/png', bytes: photo }),
      url: `/v1/items/${f.aItem}/images`,
    });
    expect(up.statusCode, up.body).toBe(201);
    const copy = await TRANSFORMS.resize_50!(photo, 1);
    expect((await as(evidenceUpload(copy, { kind: 'screenshot' }, 'shot', 'image/png'))).statusCode).toBe(201);
    const res = await as({
      method: 'POST',
      url: '/v1/flags',
      payload: { ...flagBody(f, f.aItem), evidence: [sha256Of(copy)] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).hit.id as number;
  })();
  photoHits.set(f, made);
  return made;
}

/** A fresh, undecided discovery candidate. */
async function candidate(f: Fixture, name: string): Promise<number> {
  const r = await f.api.store.discovery.noteFound({
    domain: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}.example`,
    unicode: name,
    source: { source: 'referral', detail: 'test' },
    nameReasons: [],
    holderIds: [],
  });
  return r.candidate.id;
}

const CASES: RouteCase[] = [
  {
    route: 'GET /health',
    request: () => ({ method: 'GET', url: '/health' }),
    expect: { anon: 200, revoked: 200, admin: 200, reviewer: 200, holderA: 200, holderB: 200 },
  },
  {
    route: 'GET /v1/me',
    request: () => ({ method: 'GET', url: '/v1/me' }),
    expect: {
      admin: 200,
      reviewer: 200,
      holderA: (r, f) => expect(json(r).holderId).toBe(f.a),
      holderB: (r, f) => expect(json(r).holderId).toBe(f.b),
    },
  },
  {
    route: 'GET /v1/tokens',
    request: () => ({ method: 'GET', url: '/v1/tokens' }),
    expect: { admin: 200, reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'POST /v1/tokens',
    request: () => ({ method: 'POST', url: '/v1/tokens', payload: { name: 'made in test', role: 'reviewer' } }),
    expect: { admin: (r) => expect(json(r).token).toMatch(/^cs_/), reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'DELETE /v1/tokens/:tokenId',
    request: async (f) => ({
      method: 'DELETE',
      url: `/v1/tokens/${(await f.api.store.tokens.create({ name: 'to revoke', role: 'reviewer' })).record.tokenId}`,
    }),
    expect: { admin: (r) => expect(json(r).revokedAt).not.toBeNull(), reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/holders',
    request: () => ({ method: 'GET', url: '/v1/holders' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  {
    route: 'GET /v1/holders/:holderId',
    request: (f) => ({ method: 'GET', url: `/v1/holders/${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/holders/:holderId/readiness',
    request: (f) => ({ method: 'GET', url: `/v1/holders/${f.a}/readiness` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'PUT /v1/holders/:holderId',
    request: (f) => ({
      method: 'PUT',
      url: `/v1/holders/${f.a}`,
      payload: { ...A_CONTACT, id: f.a, name: 'Holder A (renamed)' },
    }),
    expect: { admin: 200, reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/items',
    request: () => ({ method: 'GET', url: '/v1/items?limit=500' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  {
    route: 'GET /v1/items?holderId=A',
    request: (f) => ({ method: 'GET', url: `/v1/items?holderId=${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/items/:itemId',
    request: (f) => ({ method: 'GET', url: `/v1/items/${f.aItem}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/items',
    request: (f, role) => ({
      method: 'POST',
      url: '/v1/items',
      payload: {
        id: `new-${role}-${randomUUID().slice(0, 8)}`,
        holder: f.a,
        ipType: 'trademark',
        title: `New item by ${role}`,
      },
    }),
    expect: { admin: 201, reviewer: 403, holderA: 201, holderB: 403 },
  },
  {
    route: 'PATCH /v1/items/:itemId',
    request: (f) => ({ method: 'PATCH', url: `/v1/items/${f.aItem}`, payload: { category: 'patched' } }),
    expect: { admin: 200, reviewer: 403, holderA: 200, holderB: notFound },
  },
  {
    // The options page adds reference photo URLs this way; the API keeps them and fetches none.
    route: 'PATCH /v1/items/:itemId (imageUrls)',
    request: (f, role) => ({
      method: 'PATCH',
      url: `/v1/items/${f.aItem}`,
      payload: { imageUrls: [`https://photos.example.org/${role}.png`] },
    }),
    expect: { admin: 200, reviewer: 403, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/items/:itemId/images',
    request: async (f) => ({
      ...multipart({}, { name: 'photo.png', type: 'image/png', bytes: await toPng(syntheticPhoto(7)) }),
      url: `/v1/items/${f.aItem}/images`,
    }),
    expect: { admin: 201, reviewer: 403, holderA: 201, holderB: notFound },
  },
  {
    // What the options page sends: adds on the list as it is, so concurrent adds do not overwrite each other.
    route: 'POST /v1/items/:itemId/image-urls',
    request: (f, role) => ({
      method: 'POST',
      url: `/v1/items/${f.aItem}/image-urls`,
      payload: { add: [`https://photos.example.org/added-${role}.png`] },
    }),
    expect: { admin: 200, reviewer: 403, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/items/:itemId/images',
    request: (f) => ({ method: 'GET', url: `/v1/items/${f.aItem}/images` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'DELETE /v1/items/:itemId/images/:sha256',
    request: async (f, role) => {
      // Each role gets its own upload of A's to take off (the photo differs per role, so its hash does).
      const photo = await toPng(syntheticPhoto(60 + ROLES.indexOf(role)));
      const upload = multipart({}, { name: 'p.png', type: 'image/png', bytes: photo });
      const up = await f.api.app.inject({
        ...upload,
        url: `/v1/items/${f.aItem}/images`,
        headers: { ...upload.headers, authorization: `Bearer ${f.api.tokens.holderA}` },
      });
      expect(up.statusCode, up.body).toBe(201);
      return { method: 'DELETE', url: `/v1/items/${f.aItem}/images/${sha256Of(photo)}` };
    },
    expect: { admin: 204, reviewer: 403, holderA: 204, holderB: notFound },
  },
  {
    route: 'POST /v1/catalogue/import',
    request: (f, role) => ({
      method: 'POST',
      url: '/v1/catalogue/import',
      headers: { 'content-type': 'text/csv' },
      payload: `id,holder,ip_type,title\nimported-${role}-${randomUUID().slice(0, 8)},${f.a},trademark,Imported item\n`,
    }),
    expect: { admin: 200, reviewer: 403, holderA: 200, holderB: 403 },
  },
  {
    route: 'GET /v1/hits',
    request: () => ({ method: 'GET', url: '/v1/hits?limit=200' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  {
    route: 'GET /v1/hits?holderId=A',
    request: (f) => ({ method: 'GET', url: `/v1/hits?holderId=${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/hits?itemId=A-item',
    request: (f) => ({ method: 'GET', url: `/v1/hits?itemId=${f.aItem}` }),
    expect: {
      admin: (r) => expect(json(r).hits.length).toBeGreaterThan(0),
      reviewer: (r) => expect(json(r).hits.length).toBeGreaterThan(0),
      holderA: (r) => expect(json(r).hits.length).toBeGreaterThan(0),
      holderB: (r) => expect(json(r)).toEqual({ hits: [], nextCursor: null }),
    },
  },
  {
    route: 'POST /v1/hits/lookup',
    request: async (f) => {
      const urls = await Promise.all(
        f.aHits.slice(0, 2).map(async (id) => (await f.api.store.inbox.get(id, { holderId: null }))!.listingUrl),
      );
      return { method: 'POST', url: '/v1/hits/lookup', payload: { urls } };
    },
    expect: {
      admin: (r) => expect(json(r).hits).toHaveLength(2),
      reviewer: (r) => expect(json(r).hits).toHaveLength(2),
      holderA: (r) => expect(json(r).hits).toHaveLength(2),
      // B learns nothing of A's listings: exactly what unknown URLs get.
      holderB: (r) => expect(json(r)).toEqual({ hits: [], blacklistedSellers: [] }),
    },
  },
  {
    route: 'GET /v1/hits/counts',
    request: () => ({ method: 'GET', url: '/v1/hits/counts' }),
    expect: {
      admin: 200,
      reviewer: 200,
      holderA: async (r, f) => expect(json(r).total).toBe(await hitsOf(f, f.a)),
      holderB: async (r, f) => expect(json(r).total).toBe(await hitsOf(f, f.b)),
    },
  },
  {
    route: 'GET /v1/hits/:id',
    request: (f) => ({ method: 'GET', url: `/v1/hits/${f.aHits[0]}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/hits/:id/photos/:side',
    request: async (f) => ({ method: 'GET', url: `/v1/hits/${await aPhotoHit(f)}/photos/reference` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/reference-images',
    request: async (f) => {
      await aPhotoHit(f);
      return { method: 'GET', url: '/v1/reference-images' };
    },
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  {
    route: 'GET /v1/hits/:id/history',
    request: (f) => ({ method: 'GET', url: `/v1/hits/${f.aHits[0]}/history` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/hits/status',
    request: (f, role) => ({
      method: 'POST',
      url: '/v1/hits/status',
      payload: { ids: [f.aHits[1]], status: role === 'reviewer' ? 'dismissed' : 'confirmed', reason: `by ${role}` },
    }),
    expect: {
      admin: (r) => expect(json(r).results[0].applied).toBe(true),
      reviewer: (r) => expect(json(r).results[0].applied).toBe(true),
      holderA: (r) => expect(json(r).results[0].applied).toBe(true),
      holderB: async (r, f) => {
        expect(json(r).results[0]).toMatchObject({ applied: false, status: null, error: { code: 'not_found' } });
        expect((await f.api.store.inbox.get(f.aHits[1]!, { holderId: null }))!.status).toBe('confirmed');
      },
    },
  },
  {
    route: 'POST /v1/flags',
    request: (f) => ({ method: 'POST', url: '/v1/flags', payload: flagBody(f, f.aItem) }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'POST /v1/flags citing A evidence',
    request: (f) => ({
      method: 'POST',
      url: '/v1/flags',
      payload: { ...flagBody(f, f.bItem), evidence: [f.aEvidence] },
    }),
    // Only the uploader (or its holder) may cite evidence: citing it would hand it to B.
    expect: {
      admin: unknownEvidence,
      reviewer: unknownEvidence,
      holderA: notFound /* B's item */,
      holderB: unknownEvidence,
    },
  },
  {
    route: 'POST /v1/evidence',
    request: (_f, role) => evidenceUpload(Buffer.from(`<html>evidence by ${role} ${randomUUID()}</html>`)),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: 201 },
  },
  {
    route: 'GET /v1/evidence/:sha256',
    request: (f) => ({ method: 'GET', url: `/v1/evidence/${f.aEvidence}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/cases',
    request: () => ({ method: 'GET', url: '/v1/cases' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  {
    route: 'POST /v1/cases',
    request: (f) => ({ method: 'POST', url: '/v1/cases', payload: { title: 'A case', hitIds: [f.aHits[2]] } }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'GET /v1/cases/:id',
    request: (f) => ({ method: 'GET', url: `/v1/cases/${f.aCase}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'PATCH /v1/cases/:id',
    request: (f, role) => ({ method: 'PATCH', url: `/v1/cases/${f.aCase}`, payload: { title: `renamed by ${role}` } }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/cases/:id/hits',
    request: (f) => ({ method: 'POST', url: `/v1/cases/${f.aCase}/hits`, payload: { hitIds: [f.aHits[3]] } }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'DELETE /v1/cases/:id/hits/:hitId',
    request: async (f) => {
      await f.api.store.cases.addHits(f.aCase, [f.aHits[4]!], 'test', { holderId: null });
      return { method: 'DELETE', url: `/v1/cases/${f.aCase}/hits/${f.aHits[4]}` };
    },
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/cases/:id/comments',
    request: (f) => ({ method: 'POST', url: `/v1/cases/${f.aCase}/comments`, payload: { body: 'seen' } }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'GET /v1/cases/:id/history',
    request: (f) => ({ method: 'GET', url: `/v1/cases/${f.aCase}/history` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/audit',
    request: () => ({ method: 'GET', url: '/v1/audit' }),
    expect: { admin: 200, reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/figures',
    request: () => ({ method: 'GET', url: '/v1/figures' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: nothingOfA },
  },
  // Enforcement: notices, channels, counter-notices.
  {
    route: 'GET /v1/regimes',
    request: () => ({ method: 'GET', url: '/v1/regimes' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: 200 },
  },
  {
    route: 'GET /v1/channels',
    request: () => ({ method: 'GET', url: '/v1/channels' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: 200 },
  },
  {
    route: 'PUT /v1/channels/:id',
    request: () => ({
      method: 'PUT',
      url: '/v1/channels/other-market',
      payload: { id: 'other-market', name: 'Other', email: 'ip@other.example' },
    }),
    expect: { admin: 200, reviewer: 403, holderA: 403, holderB: 403 },
  },
  {
    route: 'POST /v1/cases/:id/notices',
    request: async (f) => ({
      method: 'POST',
      url: `/v1/cases/${await f.noticeCase()}/notices`,
      payload: NOTICE_REQUEST,
    }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'GET /v1/notices',
    request: () => ({ method: 'GET', url: '/v1/notices' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: (r) => expect(json(r).notices).toEqual([]) },
  },
  {
    route: 'GET /v1/notices/accuracy',
    request: () => ({ method: 'GET', url: '/v1/notices/accuracy' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: (r) => expect(json(r).channels).toEqual([]) },
  },
  {
    route: 'GET /v1/notices/:id',
    request: (f) => ({ method: 'GET', url: `/v1/notices/${f.aNotice}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/notices/:id/evidence.zip',
    request: (f) => ({ method: 'GET', url: `/v1/notices/${f.aNotice}/evidence.zip` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/notices/:id/lumen',
    request: (f) => ({ method: 'GET', url: `/v1/notices/${f.aNotice}/lumen` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'PATCH /v1/notices/:id',
    request: async (f) => ({
      method: 'PATCH',
      url: `/v1/notices/${await f.notice('draft')}`,
      payload: { ...NOTICE_REQUEST, explanation: 'edited in the side panel' },
    }),
    expect: {
      admin: (r) => expect(json(r).text).toContain('edited in the side panel'),
      reviewer: 200,
      holderA: 200,
      holderB: notFound,
    },
  },
  {
    route: 'DELETE /v1/notices/:id',
    request: async (f) => ({ method: 'DELETE', url: `/v1/notices/${await f.notice('draft')}` }),
    expect: { admin: 204, reviewer: 204, holderA: 204, holderB: notFound },
  },
  {
    route: 'POST /v1/notices/:id/send',
    request: async (f) => ({ method: 'POST', url: `/v1/notices/${await f.notice('draft')}/send` }),
    expect: { admin: (r) => expect(json(r).state).toBe('queued'), reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/notices/:id/events',
    request: async (f) => ({
      method: 'POST',
      url: `/v1/notices/${await f.notice('sent')}/events`,
      payload: { event: 'acknowledged' },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/notices/:id/counter-notices',
    request: async (f) => ({
      method: 'POST',
      url: `/v1/notices/${await f.notice('sent')}/counter-notices`,
      payload: { receivedAt: '2026-11-20T15:00:00Z', sender: 'seller', statement: 'mine' },
    }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'GET /v1/notices/:id/counter-notices',
    request: (f) => ({ method: 'GET', url: `/v1/notices/${f.aNotice}/counter-notices` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'PATCH /v1/counter-notices/:id',
    request: async (f) => ({
      method: 'PATCH',
      url: `/v1/counter-notices/${await f.aCounter()}`,
      payload: { outcome: 'action_filed' },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  // Early warning.
  {
    route: 'GET /v1/watches',
    request: () => ({ method: 'GET', url: '/v1/watches' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: (r) => expect(json(r).watches).toEqual([]) },
  },
  {
    route: 'POST /v1/watches',
    request: (f) => ({ method: 'POST', url: '/v1/watches', payload: { itemId: f.aItem, email: 'alerts@a.example' } }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: notFound },
  },
  {
    route: 'DELETE /v1/watches/:id',
    request: async (f) => ({ method: 'DELETE', url: `/v1/watches/${await f.aWatch()}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  // Site blocking (RDAP points at a closed loopback port here: no addressee, 502).
  {
    route: 'GET /v1/pirate-sites',
    request: () => ({ method: 'GET', url: '/v1/pirate-sites' }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: (r) => expect(json(r).sites).toEqual([]) },
  },
  {
    route: 'POST /v1/pirate-sites',
    request: (_f, role) => ({
      method: 'POST',
      url: '/v1/pirate-sites',
      payload: { name: `site by ${role}`, domain: `${role.toLowerCase()}-pirate.example` },
    }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: 201 },
  },
  {
    route: 'GET /v1/pirate-sites/:id',
    request: (f) => ({ method: 'GET', url: `/v1/pirate-sites/${f.aSite}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/pirate-sites/:id/mirrors',
    request: (f, role) => ({
      method: 'POST',
      url: `/v1/pirate-sites/${f.aSite}/mirrors`,
      payload: { domain: `mirror-${role.toLowerCase()}.example`, reason: 'same player page and poster CDN' },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/pirate-sites/:id/mirror-suggestions/:suggestionId',
    request: async (f, role) => {
      // A holder's mirror for a shared site waits for a reviewer: only reviewers and admins decide.
      const blocking = f.api.store.blocking;
      const shared = await blocking.create({
        name: `shared for ${role}`,
        domain: `shared-${role.toLowerCase()}.example`,
        actor: 'test',
        holderId: null,
      });
      const s = await blocking.suggestMirror({
        siteId: shared.id,
        domain: `suggested-${role.toLowerCase()}.example`,
        reasons: [{ signal: 'holder', detail: 'same player' }],
        holderId: f.a,
        actor: 'test',
      });
      return {
        method: 'POST',
        url: `/v1/pirate-sites/${shared.id}/mirror-suggestions/${s.id}`,
        payload: { decision: 'accept', reason: 'checked the player page' },
      };
    },
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'POST /v1/pirate-sites/:id/blocking-requests',
    request: (f) => ({
      method: 'POST',
      url: `/v1/pirate-sites/${f.aSite}/blocking-requests`,
      payload: { legalGround: 'Copyright infringement on a commercial scale.' },
    }),
    expect: { admin: 502, reviewer: 502, holderA: 502, holderB: notFound },
  },
  {
    route: 'GET /v1/blocking-requests/:id',
    request: () => ({ method: 'GET', url: '/v1/blocking-requests/99999' }),
    expect: { admin: notFound, reviewer: notFound, holderA: notFound, holderB: notFound },
  },
  // Verification and repeat infringers.
  {
    route: 'GET /v1/hits/:id/verifications',
    request: (f) => ({ method: 'GET', url: `/v1/hits/${f.aHits[0]}/verifications` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/verification/figures',
    request: (f) => ({ method: 'GET', url: `/v1/verification/figures?holderId=${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/sellers',
    request: () => ({ method: 'GET', url: '/v1/sellers' }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/sellers/top',
    request: (f) => ({ method: 'GET', url: `/v1/sellers/top?holderId=${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'GET /v1/sellers/:site/:key',
    request: (f) => ({ method: 'GET', url: `/v1/sellers/demo-market/seller-${f.a}-0` }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'POST /v1/sellers/blacklist',
    request: (f) => ({
      method: 'POST',
      url: '/v1/sellers/blacklist',
      payload: { site: 'demo-market', key: `seller-${f.a}-1`, reason: 'four confirmed fakes' },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'POST /v1/sellers/unblacklist',
    request: (f) => ({
      method: 'POST',
      url: '/v1/sellers/unblacklist',
      payload: { site: 'demo-market', key: `seller-${f.a}-1`, reason: 'authorised after all' },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/figures/enforcement',
    request: (f) => ({ method: 'GET', url: `/v1/figures/enforcement?holderId=${f.a}` }),
    expect: { admin: 200, reviewer: 200, holderA: 200, holderB: notFound },
  },
  {
    route: 'POST /v1/sellers/refresh',
    request: () => ({ method: 'POST', url: '/v1/sellers/refresh' }),
    expect: { admin: 200, reviewer: 403, holderA: 403, holderB: 403 },
  },
  // Discovery: the triage queue spans every holder's terms, so only reviewers and admins see and decide it.
  {
    route: 'GET /v1/discovery/candidates',
    request: () => ({ method: 'GET', url: '/v1/discovery/candidates' }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  {
    route: 'GET /v1/discovery/candidates/:id',
    request: async (f, role) => ({
      method: 'GET',
      url: `/v1/discovery/candidates/${await candidate(f, `get-${role}`)}`,
    }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
  ...(['accept', 'reject', 'official'] as const).map((decision): RouteCase => ({
    route: `POST /v1/discovery/candidates/:id/${decision}`,
    request: async (f, role) => ({
      method: 'POST',
      url: `/v1/discovery/candidates/${await candidate(f, `${decision}-${role}`)}/${decision}`,
      payload: {},
    }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  })),
  {
    route: 'POST /v1/discovery/referrals',
    request: (_f, role) => ({
      method: 'POST',
      url: '/v1/discovery/referrals',
      payload: { url: `https://referred-${role.toLowerCase()}.example/shop`, note: 'whole site' },
    }),
    expect: { admin: 201, reviewer: 201, holderA: 201, holderB: 201 },
  },
  {
    route: 'POST /v1/discovery/blocklists',
    request: (_f, role) => ({
      method: 'POST',
      url: '/v1/discovery/blocklists',
      payload: { list: 'partner', text: `listed-${role.toLowerCase()}.example,sells fakes\n` },
    }),
    expect: { admin: 200, reviewer: 200, holderA: 403, holderB: 403 },
  },
];
/** The holder's hits, counted in the store itself. */
const hitsOf = async (f: Fixture, holder: string) =>
  (
    await f.api.store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hits h JOIN items i ON i.id = h.item_id WHERE i.holder_id = $1',
      [holder],
    )
  ).rows[0]!.n;

const A_CONTACT = {
  address: '1 Main St',
  city: 'Dublin',
  country: 'IE',
  phone: '+353 1 555 0100',
  email: 'legal@a.example',
};
const NOTICE_REQUEST = {
  regime: 'dmca',
  channelId: 'demo-market',
  signature: { name: 'Ada Holder' },
  statements: { goodFaith: true, accurate: true, complete: true, authorised: true },
};

/** "GET /v1/hits/:id?x=1 as …" → "GET /v1/hits/{id}", the OpenAPI document's spelling. */
const routeKey = (route: string) => {
  const [method, path] = route.split(' ');
  return `${method} ${path!.split('?')[0]!.replace(/:([A-Za-z0-9]+)/g, '{$1}')}`;
};

const STORES: StoreKind[] = ['pglite', 'postgres'];
let ran = 0;

describe.each(STORES)('route × role matrix on %s', (kind) => {
  let f: Fixture;

  beforeAll(async () => {
    const api = await startTestApi({ store: kind });
    const seeded = await seedHits(api.store, [api.holderIds.a, api.holderIds.b], { items: 2, perItem: 3 });
    const aHits = seeded.get(api.holderIds.a)!;
    const bHits = seeded.get(api.holderIds.b)!;
    const revoked = await api.store.tokens.create({ name: 'revoked', role: 'admin' });
    await api.store.tokens.revoke(revoked.record.tokenId);
    const aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!.id;
    const bItem = (await api.store.catalogue.items({ holder: api.holderIds.b }))[0]!.id;
    const aCase = (await api.store.cases.create({ title: "A's case", hitIds: [aHits[0]!] }, 'test', { holderId: null }))
      .id;
    const req = evidenceUpload(Buffer.from('<html>A evidence</html>'));
    const upload = await api.app.inject({
      ...req,
      headers: { ...req.headers, authorization: `Bearer ${api.tokens.holderA}` },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    // What notices need: the holder's full contact, a channel, confirmed hits with evidence.
    const holderA = (await api.store.catalogue.holder(api.holderIds.a))!;
    await api.store.catalogue.upsert({ holders: [{ ...holderA, ...A_CONTACT }], items: [] });
    const { notices, counterNotices: counters } = api.store;
    await notices.putChannel({ id: 'demo-market', name: 'Demo Market IP', email: 'ip@market.example', party: {} });
    let n = 0;
    const noticeCase = async () => {
      const url = `http://127.0.0.1:8401/item/matrix-${++n}-${randomUUID().slice(0, 6)}`;
      await api.store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: 'cracked copy',
        images: [],
        fetchedAt: '2026-11-20T00:00:00Z',
      });
      const evidence = await api.store.evidence.save(Buffer.from(`<html>${url}</html>`), {
        kind: 'html',
        contentType: 'text/html',
        capturedAt: '2026-11-20T00:00:00Z',
      });
      const hit = await api.store.hits.upsert({
        listingUrl: url,
        itemId: aItem,
        score: 0.9,
        signals: [{ name: 'piracy_words', weight: 0.25, evidence: 'cracked' }],
        evidenceSha256: evidence,
      });
      await api.store.inbox.setStatus([hit], 'confirmed', 'seen', 'test', { holderId: null });
      return (await api.store.cases.create({ title: 'notice case', hitIds: [hit] }, 'test', { holderId: null })).id;
    };
    const notice = async (state: 'draft' | 'sent') => {
      const made = await createNoticeForCase(api.store, {
        caseId: await noticeCase(),
        regime: 'dmca',
        channelId: 'demo-market',
        request: NOTICE_REQUEST,
        actor: 'test',
        scope: { holderId: null },
        now: new Date(),
      });
      if (state === 'sent') {
        await notices.queue(made!.id, 'test', { holderId: null });
        await notices.markSent(made!.id, '<test@local>', new Date());
      }
      return made!.id;
    };
    const aCounter = async () =>
      (
        await recordCounterNotice(counters, {
          noticeId: await notice('sent'),
          regime: 'dmca',
          receivedAt: new Date('2026-11-20T15:00:00Z'),
          sender: 's',
          statement: 'x',
          actor: 'test',
        })
      ).id;
    const watches = api.store.watches;
    const aWatch = async () =>
      (
        await watches.create({
          holderId: api.holderIds.a,
          itemId: aItem,
          minScore: 0.8,
          email: 'a@a.example',
          intervalSeconds: 60,
          actor: 'test',
        })
      ).watch.id;
    const aSite = (
      await api.store.blocking.create({
        name: "A's pirate site",
        domain: 'a-pirate.example',
        actor: 'test',
        holderId: api.holderIds.a,
      })
    ).id;
    await refreshSellers(api.store);
    f = {
      api,
      a: api.holderIds.a,
      b: api.holderIds.b,
      aItem,
      bItem,
      aHits,
      bHits,
      aCase,
      aEvidence: json(upload).sha256,
      revoked: revoked.token,
      noticeCase,
      notice,
      aNotice: await notice('sent'),
      aSite,
      aWatch,
      aCounter,
    };
  });
  afterAll(async () => f?.api.close());

  for (const c of CASES) {
    it(c.route, async () => {
      for (const role of ROLES) {
        const token = role === 'anon' ? undefined : role === 'revoked' ? f.revoked : f.api.tokens[role];
        const req = await c.request(f, role);
        const res = await f.api.app.inject({
          ...req,
          headers: { ...(req.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
        const check = c.expect[role] ?? 401;
        try {
          if (typeof check === 'number') ok(check)(res);
          else await check(res, f);
          if (role === 'anon' || role === 'revoked') {
            if (check === 401) expect(json(res).error.code).toBe('unauthenticated');
          }
        } catch (e) {
          throw new Error(`${c.route} as ${role}: ${(e as Error).message}`);
        }
        ran++;
      }
    });
  }

  it('covers every route the API serves', async () => {
    const spec = (await f.api.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(CASES.map((c) => routeKey(c.route)));
    const missing = served.filter((r) => !covered.has(r));
    expect(missing, `routes without a matrix case: ${missing.join(', ')}`).toEqual([]);
  });

  it("holder B's answers on A's ids are those of ids that do not exist", async () => {
    const asB = (url: string) =>
      f.api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${f.api.tokens.holderB}` } });
    const pairs: [string, string][] = [
      [`/v1/hits/${f.aHits[0]}`, '/v1/hits/99999999'],
      [`/v1/cases/${f.aCase}`, '/v1/cases/99999999'],
      [`/v1/evidence/${f.aEvidence}`, `/v1/evidence/${'0'.repeat(64)}`],
      [`/v1/items/${f.aItem}`, '/v1/items/no-such-item'],
      [`/v1/hits?holderId=${f.a}`, '/v1/hits?holderId=no-such-holder'],
    ];
    for (const [real, fake] of pairs) {
      const [r, x] = await Promise.all([asB(real), asB(fake)]);
      expect(r.statusCode).toBe(x.statusCode);
      // Same code; the message names the id asked for, which the caller already knows.
      expect(json(r).error.code).toBe(json(x).error.code);
    }
  });
});

afterAll(() => {
  const routes = new Set(CASES.map((c) => routeKey(c.route))).size;
  console.log(
    `api access matrix: ${ran} route × role cases ran (${CASES.length} cases over ${routes} routes × ` +
      `${ROLES.length} roles × ${STORES.length} stores)`,
  );
});
