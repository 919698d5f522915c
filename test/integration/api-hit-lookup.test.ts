/**
 * POST /v1/hits/lookup, the extension's one question per page: which of these
 * listing URLs are hits (with their status) and which of these sellers are
 * blacklisted — each holder's token answered from that holder's hits only.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blacklistSeller, refreshSellers } from '../../crawler/sellers';
import { seedHits, startTestApi, type TestApi } from './helpers/api';

let api: TestApi;
let hitsA: number[];
let hitsB: number[];
const url = (hit: { listingUrl: string }) => hit.listingUrl;

beforeAll(async () => {
  api = await startTestApi();
  const seeded = await seedHits(api.store, [api.holderIds.a, api.holderIds.b], { items: 1, perItem: 3 });
  hitsA = seeded.get(api.holderIds.a)!;
  hitsB = seeded.get(api.holderIds.b)!;
});
afterAll(async () => api?.close());

const as = (token: string, req: InjectOptions) =>
  api.app.inject({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${token}` } });
const lookup = (token: string, payload: object) =>
  as(token, { method: 'POST', url: '/v1/hits/lookup', payload }).then((r) => ({
    status: r.statusCode,
    body: r.json(),
  }));

async function urlOf(id: number): Promise<string> {
  const r = await as(api.tokens.admin, { method: 'GET', url: `/v1/hits/${id}` });
  return url(r.json() as { listingUrl: string });
}

describe('POST /v1/hits/lookup', () => {
  it("gives the status of each known URL, in the caller's scope only", async () => {
    const [a0, a1] = [await urlOf(hitsA[0]!), await urlOf(hitsA[1]!)];
    const b0 = await urlOf(hitsB[0]!);
    await as(api.tokens.reviewer, {
      method: 'POST',
      url: '/v1/hits/status',
      payload: { ids: [hitsA[1]], status: 'confirmed', reason: 'Counterfeit goods' },
    });
    const unknown = 'http://127.0.0.1:8401/item/nothing-here';
    const mine = await lookup(api.tokens.holderA, { urls: [a0, a1, b0, unknown] });
    expect(mine.status).toBe(200);
    expect(mine.body.hits.map((h: any) => [h.url, h.status]).sort()).toEqual(
      [
        [a0, 'new'],
        [a1, 'confirmed'],
      ].sort(),
    );
    // Holder B's listing is not A's to know about.
    expect(mine.body.hits.some((h: any) => h.url === b0)).toBe(false);
    const all = await lookup(api.tokens.reviewer, { urls: [a0, b0, unknown] });
    expect(all.body.hits.map((h: any) => h.id).sort()).toEqual([hitsA[0], hitsB[0]].sort());
  });

  it('says which sellers are blacklisted, by id or by name', async () => {
    const seller = `seller-${api.holderIds.a}-2`;
    await blacklistSeller(api.store, 'demo-market', seller, 'three confirmed fakes', 'test');
    await refreshSellers(api.store);
    const sellers = [
      { site: 'demo-market', id: seller, name: 'Seller 2' },
      { site: 'demo-market', id: `seller-${api.holderIds.a}-0` },
      { site: 'demo-market', name: 'Nobody' },
    ];
    const r = await lookup(api.tokens.holderA, { urls: [await urlOf(hitsA[2]!)], sellers });
    expect(r.body.blacklistedSellers).toEqual([{ site: 'demo-market', key: seller }]);
    expect(r.body.hits[0].sellerBlacklisted).toBe(true);
  });

  it('refuses a bad body with the field named', async () => {
    const r = await lookup(api.tokens.holderA, { urls: Array.from({ length: 501 }, (_, i) => `http://x/${i}`) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('urls');
    const s = await lookup(api.tokens.holderA, { urls: [], sellers: [{ id: 'x' }] });
    expect(s.status).toBe(400);
    expect(JSON.stringify(s.body)).toContain('sellers');
  });
});
