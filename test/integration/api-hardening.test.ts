/**
 * Hostile input and hostile clients on PGlite and on PostgreSQL: made-up
 * tokens must not lock out real ones (and the proxy setting decides which
 * address is limited), rate limits answer 429 on every route, and tampered
 * cursors, NUL characters and lone surrogates are refused (400, naming the
 * field) or cleaned, never a 500.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../crawler/config';
import { noticeRegimes } from '../../shared/notices';
import { seedHits, startTestApi, type StoreKind, type TestApi } from './helpers/api';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe.each<StoreKind>(['pglite', 'postgres'])('hostile clients and input on %s', (kind) => {
  describe('failed-token limit', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ store: kind, config: { apiAuthFailureLimit: 30 } });
    });
    afterAll(async () => api?.close());
    const from = (remoteAddress: string, token: string, headers: Record<string, string> = {}) =>
      api.app.inject({
        method: 'GET',
        url: '/v1/me',
        remoteAddress,
        headers: { authorization: `Bearer ${token}`, ...headers },
      });

    it('35 made-up tokens from an address do not lock out a valid token from it', async () => {
      const statuses = [];
      for (let i = 0; i < 35; i++) statuses.push((await from('198.51.100.7', `cs_madeup_${randomUUID()}`)).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      // A token this process has never seen before, then one it has.
      for (const token of [api.tokens.holderB, api.tokens.holderB, api.tokens.reviewer]) {
        const res = await from('198.51.100.7', token);
        expect(res.statusCode, res.body).toBe(200);
      }
      // A token issued after the address was blocked (as by another API process) works too.
      const fresh = await api.store.tokens.create({ name: 'issued during the flood', role: 'reviewer' });
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await from('198.51.100.7', fresh.token)).statusCode).toBe(200);
      // Strangers from that address still get 429, other addresses are unaffected.
      expect((await from('198.51.100.7', 'cs_madeup_again')).statusCode).toBe(429);
      expect((await from('198.51.100.8', 'cs_madeup_again')).statusCode).toBe(401);
    });

    it('a revoked token is refused even from a blocked address', async () => {
      const t = await api.store.tokens.create({ name: 'to revoke', role: 'reviewer' });
      // The live-token set is reloaded at most once a second.
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await from('198.51.100.7', t.token)).statusCode).toBe(200);
      await api.store.tokens.revoke(t.record.tokenId);
      expect((await from('198.51.100.7', t.token)).statusCode).toBe(401);
    });

    it('without a trusted proxy, X-Forwarded-For does not pick the address that is limited', async () => {
      for (let i = 0; i < 30; i++) await from('203.0.113.1', `cs_madeup_${i}`, { 'x-forwarded-for': `192.0.2.${i}` });
      expect((await from('203.0.113.1', 'cs_madeup_x', { 'x-forwarded-for': '192.0.2.200' })).statusCode).toBe(429);
    });
  });

  describe('behind a trusted proxy', () => {
    let api: TestApi;
    beforeAll(async () => {
      const { apiTrustProxy } = loadConfig({ COUNTERSCAN_API_TRUST_PROXY: '10.0.0.0/8' });
      api = await startTestApi({ store: kind, config: { apiAuthFailureLimit: 30, apiTrustProxy } });
    });
    afterAll(async () => api?.close());

    it('limits the client address the proxy names, so one flooding client does not block the others', async () => {
      const via = (client: string, token: string) =>
        api.app.inject({
          method: 'GET',
          url: '/v1/me',
          remoteAddress: '10.1.2.3',
          headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client },
        });
      for (let i = 0; i < 30; i++) await via('192.0.2.10', `cs_madeup_${i}`);
      expect((await via('192.0.2.10', 'cs_madeup_more')).statusCode).toBe(429);
      expect((await via('192.0.2.11', 'cs_madeup_more')).statusCode).toBe(401);
      expect((await via('192.0.2.10', api.tokens.admin)).statusCode).toBe(200);
    });
  });

  describe('rate limits', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ store: kind, config: { apiRateLimit: 1 } });
    });
    afterAll(async () => api?.close());

    for (const url of [
      '/v1/notices',
      '/v1/notices/accuracy',
      '/v1/notices/1',
      '/v1/regimes',
      '/v1/channels',
      '/v1/hits',
    ]) {
      it(`${url} answers 429 over the limit, with the error body`, async () => {
        // Each test uses its own token: the limit is per token.
        const { token } = await api.store.tokens.create({ name: `rate ${url}`, role: 'reviewer' });
        const get = () => api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect((await get()).statusCode).not.toBe(429);
        const res = await get();
        expect(res.statusCode, res.body).toBe(429);
        expect(json(res).error.code).toBe('rate_limited');
        expect(res.headers['retry-after']).toBeDefined();
      });
    }
  });

  describe('input the store cannot take', () => {
    let api: TestApi;
    let caseId: number;
    const asAdmin = (req: InjectOptions) =>
      api.app.inject({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${api.tokens.admin}` } });
    beforeAll(async () => {
      api = await startTestApi({ store: kind });
      await seedHits(api.store, [api.holderIds.a], { items: 2, perItem: 2 });
      caseId = json(
        await asAdmin({ method: 'POST', url: '/v1/cases', payload: { title: 'hardening', holderId: api.holderIds.a } }),
      ).id;
    });
    afterAll(async () => api?.close());

    const refused: [string, string, string][] = [
      ['score cursor with a string value', `/v1/hits?cursor=${cursorOf({ v: 'abc', id: 1 })}`, 'cursor'],
      ['date cursor with a number value', `/v1/hits?sort=date&cursor=${cursorOf({ v: 5, id: 1 })}`, 'cursor'],
      [
        'date cursor that is no date',
        `/v1/hits?sort=date&cursor=${cursorOf({ v: '2026-02-30T00:00:00Z', id: 1 })}`,
        'cursor',
      ],
      ['risk cursor out of range', `/v1/hits?sort=risk&cursor=${cursorOf({ v: 1e300, id: 1 })}`, 'cursor'],
      ['item cursor with a NUL', `/v1/items?cursor=${cursorOf({ id: 'a\u0000' })}`, 'cursor'],
      ['NUL in a hits filter', '/v1/hits?site=demo%00market', 'site'],
      ['NUL in an item filter', '/v1/hits?itemId=x%00', 'itemId'],
      ['NUL in a counts filter', '/v1/hits/counts?holderId=%00', 'holderId'],
      ['NUL in a case filter', '/v1/cases?assignee=a%00b', 'assignee'],
      ['NUL in a path parameter', '/v1/items/item%00x', 'itemId'],
      ['NUL in a holder path parameter', '/v1/holders/a%00', 'holderId'],
    ];
    for (const [name, url, field] of refused) {
      it(`${name}: 400 naming ${field}`, async () => {
        const res = await asAdmin({ method: 'GET', url });
        expect(res.statusCode, res.body).toBe(400);
        expect(json(res).error).toMatchObject({ code: 'invalid_request', field });
      });
    }

    it('a cursor the API gave out still pages, in every sort', async () => {
      for (const sort of ['score', 'date', 'risk']) {
        const first = json(await asAdmin({ method: 'GET', url: `/v1/hits?sort=${sort}&limit=1` }));
        expect(first.nextCursor).toBeTruthy();
        const next = await asAdmin({ method: 'GET', url: `/v1/hits?sort=${sort}&limit=1&cursor=${first.nextCursor}` });
        expect(next.statusCode, next.body).toBe(200);
        expect(json(next).hits[0].id).not.toBe(first.hits[0].id);
      }
    });

    it('JSON bodies are cleaned: NUL removed, a lone surrogate becomes U+FFFD', async () => {
      const raw = (url: string, body: string) =>
        asAdmin({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: body });
      const comment = await raw(`/v1/cases/${caseId}/comments`, '{"body":"seller \\ud800 says \\u0000hello"}');
      expect(comment.statusCode, comment.body).toBe(201);
      expect(json(comment).comments.at(-1).body).toBe('seller \ufffd says hello');
      const made = await raw('/v1/cases', `{"title":"nul\\u0000 title \\udc00","holderId":"${api.holderIds.a}"}`);
      expect(made.statusCode, made.body).toBe(201);
      expect(json(made).title).toBe('nul title \ufffd');
      // Keys too: a record's keys are stored as jsonb keys.
      const item = await raw(
        '/v1/items',
        JSON.stringify({
          id: `clean-${randomUUID().slice(0, 8)}`,
          holder: api.holderIds.a,
          ipType: 'trademark',
          title: 'Clean\u0000 item',
        }),
      );
      expect(item.statusCode, item.body).toBe(201);
      expect(json(item).title).toBe('Clean item');
    });
  });

  describe('regimes', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ store: kind });
    });
    afterAll(async () => api?.close());

    it('GET /v1/regimes names each regime by its human title, not its id', async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: '/v1/regimes',
        headers: { authorization: `Bearer ${api.tokens.reviewer}` },
      });
      const regimes = json(res).regimes as { id: string; name: string }[];
      expect(regimes.length).toBeGreaterThan(3);
      for (const r of regimes) {
        expect(r.name).toBe(noticeRegimes[r.id as keyof typeof noticeRegimes].title);
        expect(r.name).not.toBe(r.id);
      }
      expect(regimes.find((r) => r.id === 'dmca')?.name).toMatch(/DMCA/);
    });
  });
});
