/**
 * What keeps the inbox, counts and figures fast at a year's volume (issue 17), checked for
 * what it must not change, on PGlite and on PostgreSQL: keyset pages over ties return every
 * hit once; the risk rank stored on a hit follows its seller's risk and only its seller's
 * hits are rewritten; the tallies and kept medians equal a count from scratch after hits move.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blacklistSeller, refreshSellers, unblacklistSeller } from '../../crawler/sellers';
import { seedHits, startTestApi, type StoreKind, type TestApi } from './helpers/api';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;

describe.each<StoreKind>(['pglite', 'postgres'])('inbox at scale, on %s', (kind) => {
  let api: TestApi;
  let ids: number[];
  const as = (token: string, req: InjectOptions) =>
    api.app.inject({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${token}` } });
  const get = async (token: string, url: string) => json(await as(token, { method: 'GET', url }));

  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    const seeded = await seedHits(api.store, [api.holderIds.a, api.holderIds.b], { items: 3, perItem: 6 });
    ids = [...seeded.values()].flat();
    // Three scores and two first-seen times for 36 hits: every page boundary falls inside a tie.
    await api.store.db.query(
      `UPDATE hits SET score = (ARRAY[0.5, 0.7, 0.9])[1 + id % 3],
                       first_seen_at = CASE WHEN id % 2 = 0 THEN '2026-01-01T00:00:00Z'::timestamptz
                                            ELSE '2026-02-01T00:00:00Z'::timestamptz END`,
    );
  });
  afterAll(async () => api?.close());

  /** Every page of `query` (limit 5), in order. */
  async function pages(token: string, query: string): Promise<any[]> {
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const body = await get(token, `/v1/hits?limit=5&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...body.hits);
      cursor = body.nextCursor;
    } while (cursor);
    return all;
  }

  it.each([
    ['score, desc', 'sort=score', (h: any) => h.score, -1],
    ['score, asc', 'sort=score&order=asc', (h: any) => h.score, 1],
    ['date, desc', 'sort=date', (h: any) => Date.parse(h.firstSeenAt), -1],
    ['date, asc', 'sort=date&order=asc', (h: any) => Date.parse(h.firstSeenAt), 1],
    ['risk, desc', 'sort=risk', (h: any) => h.score + 0.5 * (h.sellerRisk ?? 0), -1],
  ] as const)('pages by %s return every hit once across ties, in (value, id) order', async (_, query, value, dir) => {
    for (const [token, expected] of [
      [api.tokens.admin, ids.length],
      [api.tokens.holderA, ids.length / 2],
    ] as const) {
      const all = await pages(token, query);
      expect(all.length).toBe(expected);
      expect(new Set(all.map((h) => h.id)).size).toBe(expected);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        const order = Math.sign(value(b) - value(a)) || Math.sign(b.id - a.id);
        expect(order).toBe(dir);
      }
    }
    // A filter pages the same way: only its hits, each once.
    const oneItem = await pages(
      api.tokens.admin,
      `${query}&itemId=${(await pages(api.tokens.admin, query))[0].itemId}`,
    );
    expect(new Set(oneItem.map((h) => h.id)).size).toBe(oneItem.length);
    expect(oneItem.length).toBe(6);
  });

  it('streams every hit for the CSV export page by page, past any cap, each once', async () => {
    const seen: { id: number; score: number }[] = [];
    for await (const page of api.store.hits.pages({}, 5)) {
      expect(page.length).toBeLessThanOrEqual(5);
      seen.push(...page);
    }
    expect(seen.map((h) => h.id).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    for (let i = 1; i < seen.length; i++)
      expect(Math.sign(seen[i]!.score - seen[i - 1]!.score) || Math.sign(seen[i]!.id - seen[i - 1]!.id)).toBe(-1);
  });

  it("keeps the risk rank with the seller's risk, rewriting only that seller's hits", async () => {
    await refreshSellers(api.store);
    const ranks = async () =>
      (
        await api.store.db.query<{ id: number; risk: number; expected: number; version: string; seller: string }>(
          `SELECT h.id::int AS id, h.risk_all AS risk, h.xmin::text AS version, l.seller_id AS seller,
                  h.score::numeric::float8 + 0.5 * COALESCE(CASE WHEN ss.blacklisted
                    THEN GREATEST(ss.score::numeric, 0.5)::float8 ELSE ss.score::numeric::float8 END, 0) AS expected
             FROM hits h JOIN listings l ON l.url = h.listing_url
             LEFT JOIN seller_scores ss ON ss.site = l.site AND ss.seller_key = l.seller_id ORDER BY h.id`,
        )
      ).rows;
    const before = await ranks();
    for (const r of before) expect(r.risk).toBe(r.expected);
    const seller = `seller-${api.holderIds.b}-1`;
    await blacklistSeller(api.store, 'demo-market', seller, 'confirmed fakes in three sweeps', 'test');
    const after = await ranks();
    for (const r of after) expect(r.risk).toBe(r.expected);
    const moved = after.filter((r, i) => r.version !== before[i]!.version);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((r) => r.seller === seller)).toBe(true);
    const theirs = after.filter((r) => r.seller === seller);
    expect(theirs.every((r, i) => r.risk > before.find((b) => b.id === theirs[i]!.id)!.risk)).toBe(true);
    // The API ranks by it: the blacklisted seller's hits lead their score.
    const top = (await pages(api.tokens.admin, 'sort=risk')).find((h) => h.sellerBlacklisted);
    expect(top).toBeDefined();
    await unblacklistSeller(api.store, 'demo-market', seller, 'listed by mistake', 'test');
    for (const r of await ranks()) expect(r.risk).toBe(r.expected);
  });

  it('keeps counts, figures and enforcement figures equal to a count from scratch as hits move', async () => {
    const [a, b, c, d] = ids;
    const move = (hitIds: number[], status: string) =>
      as(api.tokens.admin, {
        method: 'POST',
        url: '/v1/hits/status',
        payload: { ids: hitIds, status, reason: 'test' },
      });
    await move([a!, b!, c!, d!], 'confirmed');
    await move([a!, b!, c!], 'notice_sent');
    await move([ids[5]!], 'dismissed');
    const noticedAt = new Date(Date.now() - 3_600_000).toISOString();
    for (const [hitId, outcome, moveTo, hours] of [
      [a!, 'removed', 'removed', 1],
      [b!, 'still_up', undefined, 2],
      [c!, 'removed', 'removed', 3],
    ] as const) {
      await api.store.verifications.record(
        {
          hitId,
          url: 'http://127.0.0.1:8401/x',
          checkedAt: new Date(Date.parse(noticedAt) + hours * 600_000).toISOString(),
          httpStatus: outcome === 'removed' ? 404 : 200,
          outcome,
          reason: 'test',
          noticedAt,
          expected: 'notice_sent',
          moveTo,
        },
        'verifier',
      );
    }
    // From scratch: the definitions the tallies replace, over the hits themselves.
    const scratch = async (holderId: string | null) =>
      (
        await api.store.db.query<Record<string, number>>(
          `SELECT count(*)::int AS hits,
                  count(*) FILTER (WHERE h.status IN ('confirmed', 'notice_sent', 'removed', 'rejected',
                                                      'relisted'))::int
                    AS confirmed,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_log x WHERE x.target = 'hit:' || h.id
                                                   AND x.after->>'status' = 'notice_sent'))::int AS noticed,
                  count(*) FILTER (WHERE h.status = 'new')::int AS "new",
                  (SELECT count(*) FROM verifications v JOIN hits hv ON hv.id = v.hit_id
                     JOIN items iv ON iv.id = hv.item_id WHERE $1::text IS NULL OR iv.holder_id = $1)::int AS checks,
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v.time_to_removal_ms)
                     FROM verifications v JOIN hits hv ON hv.id = v.hit_id JOIN items iv ON iv.id = hv.item_id
                    WHERE v.time_to_removal_ms IS NOT NULL
                      AND ($1::text IS NULL OR iv.holder_id = $1))::float8 AS median
             FROM hits h JOIN items i ON i.id = h.item_id WHERE $1::text IS NULL OR i.holder_id = $1`,
          [holderId],
        )
      ).rows[0]!;
    for (const [token, holderId] of [
      [api.tokens.admin, null],
      [api.tokens.holderA, api.holderIds.a],
    ] as const) {
      const want = await scratch(holderId);
      const counts = await get(token, '/v1/hits/counts');
      expect(counts.total).toBe(want.hits);
      expect(counts.counts.new).toBe(want.new);
      const figures = await get(token, '/v1/figures');
      expect(figures.byStatus.reduce((n: number, s: any) => n + s.hits, 0)).toBe(want.hits);
      expect(figures.bySite.reduce((n: number, s: any) => n + s.confirmed, 0)).toBe(want.confirmed);
      const { overall } = await get(token, '/v1/figures/enforcement');
      expect(overall).toMatchObject({
        hits: want.hits,
        confirmed: want.confirmed,
        noticed: want.noticed,
        checks: want.checks,
        medianTimeToRemovalMs: want.median,
      });
      // The live path (a site filter counts the hits) agrees with the tallies.
      const live = await get(token, '/v1/figures/enforcement?site=demo-market');
      expect(live.overall).toEqual(overall);
    }
    const { overall } = await get(api.tokens.admin, '/v1/figures/enforcement');
    expect(overall).toMatchObject({ removed: 2, stillUp: 1, checks: 3 });
  });
});

describe('heavy reads, bounded', () => {
  it('answers a figure read beyond the bound 503 with Retry-After, and a cheap read as usual', async () => {
    const api = await startTestApi({ heavyReads: 1 });
    try {
      await seedHits(api.store, [api.holderIds.a], { items: 2, perItem: 2 });
      const get = (url: string) =>
        api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${api.tokens.admin}` } });
      const [first, second, cheap] = await Promise.all([
        get('/v1/figures/enforcement'),
        get('/v1/sellers/top'),
        get('/v1/hits?limit=1'),
      ]);
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(503);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.json().error.code).toBe('busy');
      expect(cheap.statusCode).toBe(200);
      // The slot is given back when the answer goes out.
      expect((await get('/v1/sellers/top')).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});
