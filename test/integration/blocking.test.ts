/**
 * Site-blocking requests for a pirate video site and its mirror, addressed
 * through RDAP against the local fixture server (IANA bootstrap → registry →
 * registrar abuse desk; IP network abuse desks), with a slow registry to show
 * that a timeout is reported with its URL.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdapClient, type Resolver } from '../../crawler/blocking/rdap';
import { startRdapFixtureServer, type RdapFixtureServer } from '../fixtures/rdap/server';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';
import { loopbackOutbound } from './helpers/outbound';

const DNS: Record<string, string[]> = {
  'streamvault.com': ['192.0.2.10'],
  'reelmirror.com': ['2001:db8::20'],
  'slowcinema.video': ['192.0.2.10'],
};
const resolve: Resolver = async (host) => {
  const ips = DNS[host];
  if (!ips) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return ips;
};
const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const TEMPLATE = (title: string) =>
  `<html><head><title>${title}</title></head><body><div class="nav"><a class="logo">SV</a><ul class="menu">` +
  `<li>Movies</li><li>Series</li></ul></div>` +
  `<div class="grid">${'<div class="card"><img class="poster"><span class="name">x</span></div>'.repeat(12)}</div>` +
  `<footer class="foot">dmca</footer></body></html>`;

describe.each<StoreKind>(['pglite', 'postgres'])('site-blocking requests on %s', (kind) => {
  let rdapServer: RdapFixtureServer;
  let api: TestApi;
  const reviewer = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.app.inject({
      method,
      url,
      payload: payload as never,
      headers: { authorization: `Bearer ${api.tokens.reviewer}` },
    });

  beforeAll(async () => {
    rdapServer = await startRdapFixtureServer({ slowMs: 3000 });
    api = await startTestApi({
      store: kind,
      rdap: new RdapClient({
        bootstrapBaseUrl: rdapServer.bootstrapBaseUrl,
        resolve,
        timeoutMs: 500,
        outbound: loopbackOutbound,
      }),
    });
    // Confirmed pirate copies of holder A's work on the site and on its mirror.
    const item = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!;
    for (const url of [
      'https://streamvault.com/watch/1',
      'https://www.streamvault.com/watch/2',
      'https://reelmirror.com/v/3',
    ]) {
      await api.store.listings.upsert({
        url,
        site: 'streamvault',
        kind: 'video',
        title: `${item.title} full movie free`,
        images: [],
        views: 1000,
        fetchedAt: '2026-11-01T00:00:00.000Z',
      });
      const sha = await api.store.evidence.save(Buffer.from(`<html>${url} ${randomUUID()}</html>`), {
        kind: 'html',
        contentType: 'text/html',
        listingUrl: url,
        capturedAt: '2026-11-01T00:00:00.000Z',
      });
      const id = await api.store.hits.upsert({
        listingUrl: url,
        itemId: item.id,
        score: 0.95,
        signals: [{ name: 'piracy_words', weight: 0.25, evidence: 'full movie' }],
        evidenceSha256: sha,
      });
      await api.store.inbox.setStatus([id], 'confirmed', 'pirate copy', 'test', { holderId: null });
    }
  });
  afterAll(async () => {
    await api?.close();
    await rdapServer?.close();
  });

  it(
    'names the registrar and host abuse contacts of the site ' + 'and its mirror, with the works and evidence',
    async () => {
      const site = json(await reviewer('POST', '/v1/pirate-sites', { name: 'StreamVault', domain: 'streamvault.com' }));
      const notAlike = await reviewer('POST', `/v1/pirate-sites/${site.id}/mirrors`, {
        domain: 'reelmirror.com',
        sitePage: { title: 'StreamVault - watch free', html: TEMPLATE('StreamVault') },
        mirrorPage: { title: 'Garden tips', html: '<html><body><p>roses</p></body></html>' },
      });
      expect(notAlike.statusCode).toBe(422);
      expect(json(notAlike).error.code).toBe('not_a_mirror');
      const linked = await reviewer('POST', `/v1/pirate-sites/${site.id}/mirrors`, {
        domain: 'reelmirror.com',
        sitePage: { title: 'StreamVault - watch free movies', html: TEMPLATE('StreamVault') },
        mirrorPage: { title: 'StreamVault - watch free movies', html: TEMPLATE('StreamVault') },
      });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(
        json(linked)
          .domains.find((d: any) => d.domain === 'reelmirror.com')
          .reasons.map((r: any) => r.signal),
      ).toContain('template');

      const res = await reviewer('POST', `/v1/pirate-sites/${site.id}/blocking-requests`, {
        legalGround:
          'Copyright infringement on a commercial scale; ' +
          'Art. 8(3) InfoSoc Directive injunction against intermediaries.',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { package: pkg, text } = json(res);
      const emails = pkg.addressees.map((a: any) => `${a.role}:${a.email}`).sort();
      expect(emails).toEqual([
        'host:abuse@fixture-hosting.example',
        'host:abuse@offshore-vps.example',
        'registrar:abuse-reports@tidewater.example',
        'registrar:abuse@harbour-names.example',
      ]);
      for (const e of [
        'abuse@harbour-names.example',
        'abuse-reports@tidewater.example',
        'abuse@fixture-hosting.example',
        'IANA Registrar ID 4058',
      ])
        expect(text).toContain(e);
      const urls = pkg.works.flatMap((w: any) => w.urls.map((u: any) => u.url)).sort();
      expect(urls).toEqual([
        'https://reelmirror.com/v/3',
        'https://streamvault.com/watch/1',
        'https://www.streamvault.com/watch/2',
      ]);
      expect(pkg.works[0].urls.every((u: any) => /^[0-9a-f]{64}$/.test(u.evidence[0].sha256))).toBe(true);
      expect(pkg.traffic).toMatchObject({ listings: 3, views: 3000 });
      expect(pkg.sources).toEqual(
        expect.arrayContaining([`${rdapServer.origin}/verisign/com/v1/domain/streamvault.com`]),
      );
      expect((await reviewer('GET', `/v1/blocking-requests/${json(res).id}`)).statusCode).toBe(200);
    },
  );

  it('reports an RDAP timeout with the URL that timed out, in the package when the host was still found', async () => {
    const site = json(await reviewer('POST', '/v1/pirate-sites', { name: 'SlowCinema', domain: 'slowcinema.video' }));
    const started = Date.now();
    const res = await reviewer('POST', `/v1/pirate-sites/${site.id}/blocking-requests`, {
      legalGround: 'Copyright infringement on a commercial scale.',
    });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(res.statusCode, res.body).toBe(201);
    const { package: pkg, text } = json(res);
    expect(pkg.addressees.map((a: any) => `${a.role}:${a.email}`)).toEqual(['host:abuse@fixture-hosting.example']);
    expect(pkg.domains[0].lookupErrors.join(' ')).toMatch(/no RDAP answer within 500 ms/);
    expect(text).toMatch(new RegExp(`RDAP look-up failed: .*${rdapServer.origin.replace(/[.]/g, '\\.')}.*`, 'i'));
  });

  it('refuses a request no one can be found to receive, naming the timeout', async () => {
    const site = json(await reviewer('POST', '/v1/pirate-sites', { name: 'Nowhere', domain: 'nowhere.movie' }));
    const res = await reviewer('POST', `/v1/pirate-sites/${site.id}/blocking-requests`, {
      legalGround: 'Copyright infringement on a commercial scale.',
    });
    expect(res.statusCode, res.body).toBe(502);
    expect(json(res).error.code).toBe('no_addressee');
    expect(json(res).error.message).toMatch(/no RDAP answer within 500 ms/);
    expect(json(res).error.message).toContain(rdapServer.origin);
  });

  it("a holder's request lists only its own works", async () => {
    const site = json(await reviewer('POST', '/v1/pirate-sites', { name: 'StreamVault B', domain: 'streamvault.com' }));
    const res = await api.app.inject({
      method: 'POST',
      url: `/v1/pirate-sites/${site.id}/blocking-requests`,
      payload: { legalGround: 'Copyright infringement on a commercial scale.' },
      headers: { authorization: `Bearer ${api.tokens.holderB}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).package.works).toEqual([]);
  });
});
