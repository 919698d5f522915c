/**
 * Issue 10, items 3 and 4, as reported, on PGlite and on PostgreSQL: server-side
 * request forgery through watch webhooks and through verification. Internal
 * services are real loopback servers that record every request; "public" names
 * are played by a resolver injected into the outbound policy, so DNS rebinding
 * is tested without a DNS server. Also the two workflow rules of item 4: a
 * holder cannot move a hit to notice_sent or removed by hand, and a notice
 * that was never sent cannot be countered.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../crawler/config';
import { runAlerts } from '../../crawler/alerts';
import { runVerification } from '../../crawler/runner/verification';
import { OutboundPolicy, type ResolvedAddress } from '../../crawler/fetch/outbound-policy';
import { politeFetcher } from '../../crawler/commands/sweep-setup';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { completeHolderProfile, injectAs, putDemoMarketChannel, storedHit } from './helpers/enforcement';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';

/** What a holder reads for any target that gave no HTTP answer: refused, unknown or silent look alike. */
const UNREACHABLE = 'not checked: no answer, unknown host, robots.txt, or refused by the outbound policy';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

/**
 * An internal service: answers 200 to everything, remembers what reached it, or (but for robots.txt) 302s to
 * `redirectTo`.
 */
async function service(
  host: string,
  port = 0,
  redirectTo?: () => string,
): Promise<{ server: Server; port: number; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    seen.push(`${req.method} ${req.socket.localAddress} ${req.url}`);
    if (redirectTo && req.url === '/robots.txt') return void res.writeHead(404).end();
    if (redirectTo) return void res.writeHead(302, { location: redirectTo() }).end();
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<html><head><title>secret admin</title></head><body><h1>secret admin</h1></body></html>');
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => resolve());
    });
  await listen(port).catch(() => listen(0));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A resolver that answers `address` for every name, as an attacker's DNS would. */
const resolvesTo = (address: string) => async (): Promise<ResolvedAddress[]> => [{ address, family: 4 }];

describe.each<StoreKind>(['pglite', 'postgres'])('outbound policy on %s', (kind) => {
  let api: TestApi;
  let internal: Awaited<ReturnType<typeof service>>;
  const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    injectAs(api, token, method, url, payload);
  const holderA = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    as(api.tokens.holderA, method, url, payload);

  beforeAll(async () => {
    // The API as configured out of the box: no allow-list.
    api = await startTestApi({ store: kind });
    internal = await service('127.0.0.1', 18471);
  });
  afterAll(async () => {
    await internal?.close();
    await api?.close();
  });

  describe('item 3: watch webhooks', () => {
    async function newHit(itemId: string): Promise<number> {
      const url = `https://shop.example/item/${randomUUID()}`;
      await api.store.listings.upsert({
        url,
        site: 'shop.example',
        kind: 'product',
        title: `listing for ${itemId} AAA replica`,
        images: [],
        price: 12,
        currency: 'USD',
        seller: { name: 'Fake Outlet' },
        fetchedAt: new Date().toISOString(),
      });
      return api.store.hits.upsert({
        listingUrl: url,
        itemId,
        score: 0.95,
        signals: [{ name: 'counterfeit_words', weight: 0.25, evidence: 'AAA' }],
      });
    }

    it.each([
      ['http://127.0.0.1:18471/', '127.0.0.1 is loopback'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is linkLocal'],
      ['http://[::1]:6379/', '::1 is loopback'],
      ['http://localhost:5432/', 'localhost is loopback'],
      ['http://2130706433/', '127.0.0.1 is loopback'],
      ['http://0x7f.1/', '127.0.0.1 is loopback'],
      ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
      ['http://10.0.0.5/hook', '10.0.0.5 is private'],
    ])('POST /v1/watches refuses %s with a 400 naming webhookUrl', async (webhookUrl, detail) => {
      const [item] = await api.store.catalogue.items({ holder: api.holderIds.a });
      const res = await holderA('POST', '/v1/watches', { itemId: item!.id, webhookUrl, intervalSeconds: 60 });
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).error).toMatchObject({ code: 'invalid_request', field: 'webhookUrl' });
      expect(json(res).error.message).toContain('refused by outbound policy');
      expect(json(res).error.message).toContain(detail);
    });

    it(
      'a name that resolves inside at delivery time, a 302 into loopback, and a closed internal port all fail ' +
        'alike, and nothing internal is contacted',
      async () => {
        const [item] = await api.store.catalogue.items({ holder: api.holderIds.a });
        const relay = await service('127.0.0.2', 0, () => `http://127.0.0.1:${internal.port}/redirected`);
        const watch = async (webhookUrl: string) => {
          const res = await holderA('POST', '/v1/watches', { itemId: item!.id, webhookUrl, intervalSeconds: 60 });
          expect(res.statusCode, res.body).toBe(201);
          return json(res).watch.id as number;
        };
        try {
          // Registration sees only names; every one of these passes it.
          const up = await watch(`http://hooks.example:${internal.port}/alerts`);
          const down = await watch(`http://hooks-down.example:${await closedPort()}/alerts`);
          const redirected = await watch(`http://relay.example:${relay.port}/alerts`);
          const hitId = await newHit(item!.id);
          // hooks*.example rebind to 127.0.0.1; relay.example is an allowed site (127.0.0.2) that answers 302 into
          // 127.0.0.1.
          const outbound = new OutboundPolicy({
            allow: ['relay.example'],
            resolve: async (host) =>
              host === 'relay.example' ? [{ address: '127.0.0.2', family: 4 }] : resolvesTo('127.0.0.1')(),
          });
          const runs = await runAlerts(api.store.watches, {
            from: 'x@y.test',
            outbound,
            now: () => new Date(Date.now() + 3_600_000),
          });
          await outbound.close();
          const byId = new Map(runs.map((r) => [r.watchId, r]));
          for (const id of [up, down, redirected]) expect(byId.get(id)).toMatchObject({ hits: 1, failed: ['webhook'] });
          // The operator's log says why; the holder's view does not.
          expect(byId.get(up)!.refused).toBe('hooks.example resolves to 127.0.0.1 (loopback)');
          expect(byId.get(down)!.refused).toBe('hooks-down.example resolves to 127.0.0.1 (loopback)');
          expect(byId.get(redirected)!.refused).toBeUndefined(); // not refused: a 302 is simply not followed
          expect(relay.seen).toEqual([`POST 127.0.0.2 /alerts`]);
          expect(internal.seen).toEqual([]);

          // Whether the internal target answers makes no difference the holder can see: the cursor stays for all three.
          const seen = json(await holderA('GET', '/v1/watches')).watches.filter((w: { id: number }) =>
            [up, down, redirected].includes(w.id),
          );
          expect(seen).toHaveLength(3);
          for (const w of seen) expect(w.lastHitId).toBeLessThan(hitId);
          const [a, b] = seen
            .filter((w: { id: number }) => w.id !== redirected)
            .map(({ id: _id, webhookUrl: _url, ...rest }: Record<string, unknown>) => rest);
          expect(a).toEqual(b);
          const deliveries = api.store.watches;
          expect((await deliveries.deliveries(up)).map((d) => d.error)).toEqual(
            (await deliveries.deliveries(down)).map((d) => d.error),
          );
          expect((await deliveries.deliveries(up))[0]).toMatchObject({
            ok: false,
            error: 'refused by outbound policy',
          });
          expect((await deliveries.deliveries(redirected))[0]).toMatchObject({
            ok: false,
            error: 'webhook answered 302',
          });
        } finally {
          await relay.close();
        }
      },
    );
  });

  describe('item 4: verification of a holder-flagged internal URL', () => {
    const secretUrl = () => `http://127.0.0.1:${internal.port}/internal-only/secret-admin`;
    let hitId: number;

    async function flag(url: string): Promise<number> {
      const [item] = await api.store.catalogue.items({ holder: api.holderIds.a });
      const res = await holderA('POST', '/v1/flags', {
        flagId: randomUUID(),
        url,
        itemId: item!.id,
        reason: 'counterfeit',
        capturedAt: '2026-11-20T08:00:00Z',
        listing: { title: `${item!.title} replica`, price: 10, currency: 'USD' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return json(res).hit.id as number;
    }

    it('a holder confirms its flagged hit but cannot move it to notice_sent or removed by hand', async () => {
      hitId = await flag(secretUrl());
      const confirm = await holderA('POST', '/v1/hits/status', {
        ids: [hitId],
        status: 'confirmed',
        reason: 'looks fake',
      });
      expect(json(confirm).results[0]).toMatchObject({ applied: true, status: 'confirmed' });
      for (const status of ['notice_sent', 'removed']) {
        const res = await holderA('POST', '/v1/hits/status', { ids: [hitId], status, reason: 'skip the notice' });
        expect(res.statusCode, res.body).toBe(403);
        expect(json(res).error).toMatchObject({ code: 'forbidden', field: 'status' });
        expect(json(res).error.message).toContain(`cannot set ${status} by hand`);
      }
      expect(json(await holderA('GET', `/v1/hits/${hitId}`)).status).toBe('confirmed');
      const history = json(await holderA('GET', `/v1/hits/${hitId}/history`)).entries;
      expect(
        history
          .filter((e: { action: string }) => e.action === 'hit.status')
          .map((e: { after: { status: string } }) => e.after.status),
      ).toEqual(['confirmed']);
    });

    it("the operator's verify never fetches it, and the holder sees only that the policy refused it", async () => {
      // A reviewer may still record a notice sent outside the tool; the fetch is what must not happen.
      const moved = await as(api.tokens.reviewer, 'POST', '/v1/hits/status', {
        ids: [hitId],
        status: 'notice_sent',
        reason: 'notice sent by web form',
      });
      expect(json(moved).results[0]).toMatchObject({ applied: true, status: 'notice_sent' });
      const fetcher = politeFetcher(loadConfig({}, { timeoutMs: 2000, retries: 0 }));
      try {
        const summary = await runVerification({ store: api.store, fetcher, hitIds: [hitId], force: true });
        expect(summary.results[0]).toMatchObject({ outcome: 'error', statusAfter: 'notice_sent' });
      } finally {
        await fetcher.close();
      }
      expect(internal.seen).toEqual([]);
      const { verifications } = json(await holderA('GET', `/v1/hits/${hitId}/verifications`));
      expect(verifications).toHaveLength(1);
      expect(verifications[0]).toMatchObject({ outcome: 'error', httpStatus: null, reason: UNREACHABLE });
    });

    it(
      'a public-looking name that rebinds inside, an allowed site redirecting inside and a name that does not ' +
        'resolve look the same to the holder',
      async () => {
        const relay = await service('127.0.0.2', 0, () => `${secretUrl()}?via=redirect`);
        try {
          const rebound = await flag(`http://intranet.example:${internal.port}/internal-only/secret-admin`);
          const redirected = await flag(`http://listing.example:${relay.port}/item/1`);
          const missing = await flag('http://nowhere.example/item/1');
          for (const id of [rebound, redirected, missing]) {
            await holderA('POST', '/v1/hits/status', { ids: [id], status: 'confirmed', reason: 'fake' });
            await as(api.tokens.reviewer, 'POST', '/v1/hits/status', {
              ids: [id],
              status: 'notice_sent',
              reason: 'noticed',
            });
          }
          const outbound = new OutboundPolicy({
            allow: ['listing.example'],
            resolve: async (host) => {
              if (host === 'nowhere.example')
                throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
              return host === 'listing.example' ? [{ address: '127.0.0.2', family: 4 }] : resolvesTo('127.0.0.1')();
            },
          });
          const fetcher = new PoliteFetcher({
            userAgent: 'counterscan-test',
            timeoutMs: 2000,
            hostConcurrency: 2,
            hostDelayMs: 0,
            retries: 0,
            retryBaseDelayMs: 0,
            outbound,
          });
          try {
            const summary = await runVerification({
              store: api.store,
              fetcher,
              hitIds: [rebound, redirected, missing],
              force: true,
            });
            expect(summary.results.map((r) => r.outcome)).toEqual(['error', 'error', 'error']);
          } finally {
            await fetcher.close();
            await outbound.close();
          }
          // The allowed site was asked (robots.txt, then the page); the internal service never.
          expect(relay.seen.map((s) => s.split(' ').at(-1))).toEqual(['/robots.txt', '/item/1']);
          expect(internal.seen).toEqual([]);
          for (const id of [rebound, redirected, missing]) {
            const { verifications } = json(await holderA('GET', `/v1/hits/${id}/verifications`));
            expect(
              verifications.map(({ outcome, httpStatus, reason }: Record<string, unknown>) => ({
                outcome,
                httpStatus,
                reason,
              })),
            ).toEqual([{ outcome: 'error', httpStatus: null, reason: UNREACHABLE }]);
          }
        } finally {
          await relay.close();
        }
      },
    );
  });

  describe('item 4: counter-notices', () => {
    it('are refused on a notice that was never sent, and accepted once it was', async () => {
      const holder = api.holderIds.a;
      await completeHolderProfile(api, holder);
      await putDemoMarketChannel(api);
      const item = (await api.store.catalogue.items({ holder }))[0]!;
      const { id } = await storedHit(api.store, item.id, {
        prefix: 'counter',
        title: `${item.title} cracked keygen`,
        seller: { id: 's-counter', name: 'Seller' },
      });
      await as(api.tokens.reviewer, 'POST', '/v1/hits/status', { ids: [id], status: 'confirmed', reason: 'checked' });
      const caseId = json(await as(api.tokens.reviewer, 'POST', '/v1/cases', { title: 'counter', hitIds: [id] })).id;
      const drafted = await as(api.tokens.reviewer, 'POST', `/v1/cases/${caseId}/notices`, {
        regime: 'dmca',
        channelId: 'demo-market',
        signature: { name: 'Amélie Dufresne' },
        statements: STATEMENTS,
      });
      expect(drafted.statusCode, drafted.body).toBe(201);
      const noticeId = json(drafted).id as number;
      const counter = {
        receivedAt: '2026-11-20T15:00:00Z',
        sender: 'Seller <s@shop.example>',
        statement: 'I own a licence.',
      };

      for (const token of [api.tokens.holderA, api.tokens.reviewer]) {
        const res = await as(token, 'POST', `/v1/notices/${noticeId}/counter-notices`, counter);
        expect(res.statusCode, res.body).toBe(409);
        expect(json(res).error).toMatchObject({ code: 'invalid_state' });
        expect(json(res).error.message).toContain('never sent');
      }
      // Queued for the outbox is not sent either.
      expect((await as(api.tokens.reviewer, 'POST', `/v1/notices/${noticeId}/send`)).statusCode).toBe(200);
      expect(
        (await as(api.tokens.reviewer, 'POST', `/v1/notices/${noticeId}/counter-notices`, counter)).statusCode,
      ).toBe(409);
      expect(
        json(await as(api.tokens.reviewer, 'GET', `/v1/notices/${noticeId}/counter-notices`)).counterNotices,
      ).toEqual([]);
      expect(json(await as(api.tokens.reviewer, 'GET', `/v1/notices/${noticeId}`)).outcome).toBeNull();

      await api.store.db.query(`UPDATE notices SET state = 'sent', sent_at = now() WHERE id = $1`, [noticeId]);
      const accepted = await as(api.tokens.reviewer, 'POST', `/v1/notices/${noticeId}/counter-notices`, counter);
      expect(accepted.statusCode, accepted.body).toBe(201);
    });
  });
});
