/**
 * Discovery end to end on the simulated internet (a CT log with thousands of
 * certificates, a DNS server, shops, streaming networks with mirrors, torrent
 * indexes, parked and unrelated sites, a search engine, all on loopback):
 * the run's precision and recall against the world's truth, then the triage
 * queue in the review API — a pirate streaming site accepted, swept, showing
 * hits, and a site-blocking request built for it with its mirrors; a
 * rejection remembered across runs; roles enforced.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matcher } from '../../shared/match';
import { RdapClient } from '../../crawler/blocking/rdap';
import { sweepAcceptedSites } from '../../crawler/runner/discovered-sweeps';
import { startRdapFixtureServer, type RdapFixtureServer } from '../fixtures/rdap/server';
import { startTestApi, type TestApi } from './helpers/api';
import {
  discoverOnce,
  figureLine,
  startSimulation,
  type DiscoveryFigures,
  type Simulation,
} from './helpers/discovery-sim/simulate';
import { loopbackOutbound } from './helpers/outbound';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;

describe('discovery on a simulated internet', () => {
  let sim: Simulation;
  let rdap: RdapFixtureServer;
  let api: TestApi;
  let figures: DiscoveryFigures;
  const as = (token: string) => (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    sim = await startSimulation({ unrelatedCerts: 2000 });
    rdap = await startRdapFixtureServer({ slowMs: 10 });
    api = await startTestApi({
      catalogue: sim.world.catalogue,
      // Every simulated site is hosted in the fixture's ARIN network, whose abuse desk the request goes to.
      rdap: new RdapClient({
        bootstrapBaseUrl: rdap.bootstrapBaseUrl,
        resolve: async () => ['192.0.2.10'],
        timeoutMs: 2000,
        outbound: loopbackOutbound,
      }),
    });
    figures = await discoverOnce(sim, api.store);
    console.log(figureLine(figures));
  });
  afterAll(async () => {
    await api?.close();
    await rdap?.close();
    await sim?.close();
  });

  it('finds the infringing sites with precision and recall of at least 0.9', () => {
    expect(figures.summary.ct[0]!.entries).toBeGreaterThan(2000);
    expect(figures.infringingFound, figures.missed.join('; ')).toBeGreaterThan(20);
    expect(figures.precision, figures.falsePositives.join('; ')).toBeGreaterThanOrEqual(0.9);
    expect(figures.recall, figures.missed.join('; ')).toBeGreaterThanOrEqual(0.9);
  });

  it('finds each site the way it can be found, and says how', async () => {
    const all = await api.store.discovery.list({ status: 'all', limit: 10_000 });
    const via = (source: string) => all.filter((c) => c.infringing && c.sources.some((s) => s.source === source));
    for (const source of ['ct', 'lookalike', 'search', 'blocklist', 'referral'])
      expect(via(source).length).toBeGreaterThan(0);
    expect(all.some((c) => c.infringing && c.domain.startsWith('xn--'))).toBe(true); // an IDN (维洛兰官方.com…)
    const kinds = new Set(all.filter((c) => c.infringing).map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['shop', 'streaming', 'torrent']);
    expect(all.filter((c) => c.kind === 'parked').length).toBeGreaterThan(0);
    // Official names in the log are never candidates.
    for (const o of ['veloran.example', 'lumisette.example']) expect(all.some((c) => c.domain === o)).toBe(false);
  });

  it('lets a reviewer accept a pirate site: swept, hits shown, blocking request with its mirrors', async () => {
    const reviewer = as(api.tokens.reviewer);
    const queue = json(await reviewer('GET', '/v1/discovery/candidates?limit=500')).candidates as any[];
    // Ranked: infringing first, each group by score.
    const firstNot = queue.findIndex((c) => !c.infringing);
    expect(queue.slice(firstNot).every((c) => !c.infringing)).toBe(true);
    const [primary = '', ...mirrors] = sim.world.networks[0]!;
    const c = queue.find((x) => x.domain === primary);
    expect(c).toMatchObject({ kind: 'streaming', template: 'wordpress-video-theme', infringing: true });
    expect(c.mirrorOf.map((m: any) => m.domain).sort()).toEqual([...mirrors].sort());

    const accepted = await reviewer('POST', `/v1/discovery/candidates/${c.id}/accept`, { reason: 'streams our films' });
    expect(accepted.statusCode).toBe(200);
    const a = json(accepted);
    expect(a).toMatchObject({ adapter: 'pirate-streaming', sweepQueued: true });
    expect(a.mirrors.sort()).toEqual([...mirrors].sort());
    expect(json(await reviewer('POST', `/v1/discovery/candidates/${c.id}/accept`, {})).error?.code ?? '').toBe(
      'already_decided',
    );

    const items = await api.store.catalogue.items();
    const swept = await sweepAcceptedSites({
      store: api.store,
      fetcher: sim.fetcher,
      items,
      matcher: new Matcher(items, { threshold: 0.5 }),
      concurrency: 4,
      maxSearchPages: 1,
    });
    const own = swept.find((s) => s.domain === primary)!;
    expect(own.error).toBeNull();
    const hits = (await api.store.hits.list({ sweepIds: [own.sweepId!] })).filter((h) =>
      h.listingUrl.includes(primary),
    );
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.itemId)).toContain(
      sim.world.catalogue.items.find((i) =>
        primary.includes(
          i.title
            .toLowerCase()
            .replace(/^the /, '')
            .replace(/[^a-z0-9]/g, ''),
        ),
      )!.id,
    );
    expect((await api.store.discovery.byId(c.id))!.sweepStatus).toBe('done');

    // The reviewer confirms the hits, then asks for the site and its mirrors to be blocked.
    const confirmed = await reviewer('POST', '/v1/hits/status', {
      ids: hits.map((h) => h.id),
      status: 'confirmed',
      reason: 'pirate stream',
    });
    expect(confirmed.statusCode).toBe(200);
    const request = await reviewer('POST', a.blockingRequest, {
      legalGround: 'Copyright infringement by communication to the public (Art. 3 InfoSoc Directive).',
    });
    expect(request.statusCode, request.body).toBe(201);
    const pkg = json(request).package;
    expect(pkg.domains.map((d: any) => d.domain).sort()).toEqual([primary, ...mirrors].sort());
    expect(pkg.domains.filter((d: any) => d.role === 'mirror').every((d: any) => d.reasons.length > 0)).toBe(true);
    expect(pkg.works.length).toBeGreaterThan(0);
    expect(pkg.addressees.some((x: any) => x.email)).toBe(true);
  });

  it('accepts a counterfeit shop on WooCommerce: read by the template adapter, swept, hits shown', async () => {
    const reviewer = as(api.tokens.reviewer);
    const all = await api.store.discovery.list({ status: 'new', limit: 10_000 });
    const shop = all.find((c) => sim.world.wooShops.includes(c.domain) && c.infringing)!;
    expect(shop).toMatchObject({ kind: 'shop', template: 'woocommerce' });
    const a = json(await reviewer('POST', `/v1/discovery/candidates/${shop.id}/accept`, {}));
    expect(a).toMatchObject({ adapter: 'woocommerce', sweepQueued: true });
    const items = await api.store.catalogue.items();
    const swept = await sweepAcceptedSites({
      store: api.store,
      fetcher: sim.fetcher,
      items,
      matcher: new Matcher(items, { threshold: 0.5 }),
      concurrency: 4,
      maxSearchPages: 1,
    });
    const own = swept.find((x) => x.domain === shop.domain)!;
    expect(own.error).toBeNull();
    const hits = await api.store.hits.list({ sweepIds: [own.sweepId!] });
    expect(hits.length).toBeGreaterThan(0);
    const named = new Set((shop.named ?? []).flatMap((n) => n.holderIds));
    expect(hits.every((h) => items.find((i) => i.id === h.itemId && named.has(i.holder)))).toBe(true);
  });

  it('remembers a rejection: found again by the next run, the site stays off the queue', async () => {
    const reviewer = as(api.tokens.reviewer);
    const parked = (await api.store.discovery.list({ status: 'new', limit: 10_000 })).find((x) => x.kind === 'parked')!;
    const r = await reviewer('POST', `/v1/discovery/candidates/${parked.id}/reject`, { reason: 'parked page' });
    expect(json(r)).toMatchObject({ status: 'rejected', decisionReason: 'parked page' });
    const served = sim.log.served.length;
    await discoverOnce(sim, api.store);
    expect(sim.log.served.length).toBe(served); // the log is not read again
    const again = (await api.store.discovery.byId(parked.id))!;
    expect(again.status).toBe('rejected');
    const queue = json(await reviewer('GET', '/v1/discovery/candidates?limit=500')).candidates as any[];
    expect(queue.some((x) => x.id === parked.id)).toBe(false);
  });

  it('keeps triage to reviewers and admins; a holder may refer a whole site', async () => {
    const holder = as(api.tokens.holderA);
    expect((await holder('GET', '/v1/discovery/candidates')).statusCode).toBe(403);
    const some = (await api.store.discovery.list({ status: 'new', limit: 1 }))[0]!;
    expect((await holder('POST', `/v1/discovery/candidates/${some.id}/reject`, {})).statusCode).toBe(403);
    const referred = await holder('POST', '/v1/discovery/referrals', {
      url: 'https://shop.fake-veloran-store.com/bags',
    });
    expect(referred.statusCode).toBe(201);
    expect(json(referred)).toMatchObject({ domain: 'fake-veloran-store.com', created: true });
    const bad = await holder('POST', '/v1/discovery/referrals', { url: 'not a site' });
    expect(bad.statusCode).toBe(400);
    const list = await as(api.tokens.reviewer)('POST', '/v1/discovery/blocklists', {
      list: 'x',
      text: 'ok.com\n%%%\n',
    });
    expect(list.statusCode).toBe(400);
    expect(json(list).error.message).toMatch(/line 2/);
  });
});
