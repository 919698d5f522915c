/**
 * The RDAP client against the local fixture server (test/fixtures/rdap):
 * bootstrap → registry → registrar, DNS → bootstrap → RIR, with the cache,
 * the timeout and every failure the client names. DNS is a fixed table so
 * nothing leaves 127.0.0.1 (the RIR look-ups only use the addresses as keys).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdapClient, RdapError, type RdapClientOptions, type Resolver } from '../../crawler/blocking/rdap';
import { startRdapFixtureServer, type RdapFixtureServer } from '../fixtures/rdap/server';
import { loopbackOutbound } from './helpers/outbound';

const DNS: Record<string, string[]> = {
  'streamvault.com': ['192.0.2.10', '198.51.100.7'],
  'www.streamvault.com': ['192.0.2.10'],
  'reelmirror.com': ['2001:db8::20'],
  'pirate-cinema.to': ['192.0.2.20'],
  'flaky-registrar.com': ['198.51.100.9'],
  'stray-host.com': ['203.0.113.5'],
};
const resolve: Resolver = async (host) => {
  const ips = DNS[host];
  if (!ips) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return ips;
};

let server: RdapFixtureServer;
const client = (options: RdapClientOptions = {}): RdapClient =>
  new RdapClient({
    bootstrapBaseUrl: server.bootstrapBaseUrl,
    resolve,
    timeoutMs: 2000,
    outbound: loopbackOutbound,
    ...options,
  });

/** The RdapError `promise` rejects with (fails the test if it resolves or throws something else). */
async function rdapError(promise: Promise<unknown>): Promise<RdapError> {
  const err = await promise.then(
    () => new Error('expected an RdapError, got a result'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RdapError);
  return err as RdapError;
}

beforeAll(async () => {
  server = await startRdapFixtureServer({ slowMs: 5000 });
});
afterAll(async () => {
  await server?.close();
});

describe('registrar and hosting abuse contacts', () => {
  it('follows a .com domain from the registry to the registrar and reads the nested abuse vCard', async () => {
    const found = await client().siteAbuseContacts('StreamVault.com');

    expect(found.domain).toBe('streamvault.com');
    expect(found.registrar).toEqual({
      name: 'Harbour Names, Inc.',
      ianaId: '4058',
      // The name is only in the registrar's own record (Verisign's copy has fn ""): proof the related link was
      // followed.
      abuse: { name: 'Harbour Names Abuse Desk', email: 'abuse@harbour-names.example', phone: '+1.5555550142' },
    });
    expect(found.problems).toEqual([]);
    expect(new Date(found.fetchedAt).getTime()).not.toBeNaN();
    expect(found.sources).toEqual(
      expect.arrayContaining([
        `${server.origin}/verisign/com/v1/domain/streamvault.com`,
        `${server.origin}/registrars/harbour-names/rdap/domain/STREAMVAULT.COM`,
        `${server.origin}/arin/registry/ip/192.0.2.10`,
        `${server.origin}/ripe/ip/198.51.100.7`,
      ]),
    );
    expect(server.accepts.every((a) => a.includes('application/rdap+json'))).toBe(true);
  });

  it('reads each host network from its RIR: abuse under the registrant at ARIN, top level at RIPE', async () => {
    const { hosts } = await client().siteAbuseContacts('streamvault.com');
    const byIp = Object.fromEntries(hosts.map((h) => [h.ip, h]));

    expect(byIp['192.0.2.10']).toEqual({
      ip: '192.0.2.10',
      network: { name: 'FIXTURE-HOSTING-01', handle: 'NET-192-0-2-0-1', country: null },
      abuse: { name: 'Abuse Department', email: 'abuse@fixture-hosting.example', phone: '+1-555-555-0123' },
    });
    // 198.51.100.0/24 is inside ARIN's 198.0.0.0/8 in the bootstrap too: the longer prefix (RIPE) wins.
    expect(byIp['198.51.100.7']).toEqual({
      ip: '198.51.100.7',
      network: { name: 'OFFSHORE-VPS-NET', handle: '198.51.100.0 - 198.51.100.255', country: 'NL' },
      abuse: { name: 'Abuse contact', email: 'abuse@offshore-vps.example', phone: null },
    });
  });

  it(
    'finds a registrar abuse contact nested two levels deep ' + '(registrar → reseller → abuse) and an IPv6 host',
    async () => {
      const found = await client().siteAbuseContacts('reelmirror.com');

      expect(found.registrar).toEqual({
        name: 'Tidewater Domains Ltd',
        ianaId: '3977',
        abuse: { name: 'Tidewater Abuse Team', email: 'abuse-reports@tidewater.example', phone: '+44.2079460123' },
      });
      expect(found.hosts).toEqual([
        {
          ip: '2001:db8::20',
          network: { name: 'NL-OFFSHORE-VPS-V6', handle: '2001:db8::/32', country: 'NL' },
          abuse: { name: 'Abuse contact', email: 'abuse@offshore-vps.example', phone: null },
        },
      ]);
    },
  );

  it('asks the registry for the registered name when given a subdomain', async () => {
    server.resetCounts();
    const registrar = await client().registrar('https://www.streamvault.com/watch/12345');

    expect(registrar.ianaId).toBe('4058');
    expect(server.counts.get('/verisign/com/v1/domain/www.streamvault.com')).toBe(1); // 404, then one label up
    expect(server.counts.get('/verisign/com/v1/domain/streamvault.com')).toBe(1);
  });

  it("falls back to the registry's copy of the registrar when the registrar's server fails, and says so", async () => {
    const found = await client().siteAbuseContacts('flaky-registrar.com');

    expect(found.registrar?.abuse.email).toBe('abuse@harbour-names.example');
    expect(found.problems).toEqual([
      expect.objectContaining({
        reason: 'http-status',
        url: `${server.origin}/registrars/down/rdap/domain/FLAKY-REGISTRAR.COM`,
      }),
    ]);
    expect(found.problems[0]!.message).toContain('503');
  });
});

describe('caching', () => {
  it('answers a second look-up of the same site with no new requests', async () => {
    const rdap = client();
    server.resetCounts();
    await rdap.siteAbuseContacts('streamvault.com');
    const first = server.requests();
    // dns + ipv4 bootstrap, registry, registrar, ARIN, RIPE
    expect(first).toBe(6);

    const again = await rdap.siteAbuseContacts('streamvault.com');
    expect(server.requests()).toBe(first);
    expect(again.registrar?.abuse.email).toBe('abuse@harbour-names.example');
    expect(again.hosts).toHaveLength(2);
  });

  it('shares one request between concurrent look-ups of the same URL', async () => {
    const rdap = client();
    server.resetCounts();
    await Promise.all([
      rdap.registrar('streamvault.com'),
      rdap.registrar('streamvault.com'),
      rdap.registrar('streamvault.com'),
    ]);
    for (const count of server.counts.values()) expect(count).toBe(1);
  });

  it('fetches RDAP answers again after their TTL but keeps the bootstrap file longer', async () => {
    let now = 1_000_000;
    const rdap = client({ now: () => now, cacheTtlMs: 60_000, bootstrapTtlMs: 3_600_000 });
    server.resetCounts();
    await rdap.registrar('streamvault.com');
    now += 61_000;
    await rdap.registrar('streamvault.com');

    expect(server.counts.get('/iana/rdap/dns.json')).toBe(1);
    expect(server.counts.get('/verisign/com/v1/domain/streamvault.com')).toBe(2);
  });
});

describe('failures name what failed', () => {
  it('times out within the configured timeout with an RdapError naming the URL', async () => {
    const started = performance.now();
    const err = await rdapError(client({ timeoutMs: 300 }).registrar('cinema-stream.video'));
    const elapsed = performance.now() - started;

    expect(err.reason).toBe('timeout');
    expect(err.url).toBe(`${server.origin}/identitydigital/rdap/domain/cinema-stream.video`);
    expect(err.message).toContain('300 ms');
    expect(err.message).toContain(err.url);
    expect(err.retryable).toBe(true);
    expect(elapsed).toBeLessThan(2000); // the server would have answered after 5 s
  });

  it('throws the timeout from siteAbuseContacts when neither registrar nor host could be found', async () => {
    const err = await rdapError(client({ timeoutMs: 300 }).siteAbuseContacts('cinema-stream.video'));
    expect(err.reason).toBe('timeout');
  });

  it(
    'reports a domain the registry does not have as not-found, ' + 'with the registry URL and its error title',
    async () => {
      const err = await rdapError(client().registrar('nosuch-site.com'));

      expect(err.reason).toBe('not-found');
      expect(err.status).toBe(404);
      expect(err.url).toBe(`${server.origin}/verisign/com/v1/domain/nosuch-site.com`);
      expect(err.message).toContain('Not Found');
      expect(err.retryable).toBe(false);
    },
  );

  it('reports a TLD without an RDAP service in the bootstrap, naming the TLD and the bootstrap file', async () => {
    const err = await rdapError(client().registrar('pirate-cinema.to'));

    expect(err.reason).toBe('no-bootstrap-entry');
    expect(err.url).toBe(`${server.bootstrapBaseUrl}dns.json`);
    expect(err.message).toContain('".to"');
  });

  it('still finds the host of a site whose TLD has no RDAP, with the registrar failure in problems', async () => {
    const found = await client().siteAbuseContacts('pirate-cinema.to');

    expect(found.registrar).toBeNull();
    expect(found.hosts.map((h) => h.abuse.email)).toEqual(['abuse@fixture-hosting.example']);
    expect(found.problems.map((p) => p.reason)).toEqual(['no-bootstrap-entry']);
  });

  it('reports a truncated body as malformed JSON', async () => {
    const err = await rdapError(client().registrar('broken-json.com'));

    expect(err.reason).toBe('malformed-json');
    expect(err.url).toBe(`${server.origin}/verisign/com/v1/domain/broken-json.com`);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('refuses an HTML page where RDAP JSON was expected', async () => {
    const err = await rdapError(client().registrar('parked-portal.com'));

    expect(err.reason).toBe('bad-content-type');
    expect(err.message).toContain('text/html');
  });

  it('reports a registrar without an abuse entity, naming the registrar', async () => {
    const err = await rdapError(client().registrar('no-abuse.com'));

    expect(err.reason).toBe('no-abuse-entity');
    expect(err.url).toBe(`${server.origin}/verisign/com/v1/domain/no-abuse.com`);
    expect(err.message).toContain('Silent Registrar SA (IANA 5120)');
  });

  it('reports an address outside every bootstrap block and a hostname that does not resolve', async () => {
    const rdap = client();
    const stray = await rdapError(rdap.host('203.0.113.5'));
    expect(stray.reason).toBe('no-bootstrap-entry');
    expect(stray.url).toBe(`${server.bootstrapBaseUrl}ipv4.json`);

    const found = await rdap.siteAbuseContacts('no-abuse.com').catch((e: unknown) => e);
    expect(found).toBeInstanceOf(RdapError); // neither registrar abuse nor a host: nothing to address
    const hosts = await rdapError(rdap.hosts('no-abuse.com'));
    expect(hosts.reason).toBe('unresolvable');
    expect(hosts.message).toContain('ENOTFOUND');
  });

  it('rejects input that is not a domain name', async () => {
    const err = await rdapError(client().registrar('localhost'));
    expect(err.reason).toBe('invalid-query');
  });
});
