/**
 * The outbound-request policy: the address classifier on every form of an
 * internal address, and the dispatcher on real loopback servers — DNS
 * rebinding (a resolver injected to answer 127.0.0.1 for a public-looking
 * name), a redirect into loopback, a webhook-style request that does not
 * follow a 302, and the allow-list letting loopback through.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutboundPolicy,
  OutboundRefusedError,
  outboundRefusal,
  parseAllowEntry,
  refusedRange,
  type ResolvedAddress,
} from '../../crawler/fetch/outbound-policy';

describe('refusedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['2130706433', 'loopback'], // decimal
    ['0x7f.1', 'loopback'], // hex, two parts
    ['0x7f000001', 'loopback'],
    ['0177.0.0.1', 'loopback'], // octal
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], // AWS, GCP, Azure metadata
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'], // Alibaba Cloud metadata
    ['168.63.129.16', 'metadata'], // Azure wire server
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.251', 'multicast'],
    ['192.0.0.192', 'reserved'], // Oracle Cloud metadata
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'], // AWS metadata over IPv6
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped linkLocal'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['64:ff9b::a00:1', 'NAT64 private'],
    ['2002:7f00:1::', '6to4 loopback'],
    ['::7f00:1', 'reserved'], // IPv4-compatible, deprecated
    ['example.com', 'not an IP address'],
  ])('%s is refused as %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
  ])('%s is public', (address) => {
    expect(refusedRange(address)).toBeUndefined();
  });
});

describe('checkUrl', () => {
  const policy = new OutboundPolicy();
  afterAll(() => policy.close());

  it.each([
    ['http://2130706433/', '127.0.0.1 is loopback'],
    ['http://0x7f.1/', '127.0.0.1 is loopback'],
    ['http://0177.0.0.1:6379/', '127.0.0.1 is loopback'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is IPv4-mapped loopback'],
    ['http://[::1]:6379/', '::1 is loopback'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is linkLocal'],
    ['http://localhost:5432/', 'localhost is loopback'],
    ['http://LOCALHOST./', 'localhost is loopback'],
    ['http://db.localhost/', 'db.localhost is loopback'],
    ['file:///etc/passwd', 'scheme file: is not http(s)'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme gopher: is not http(s)'],
    ['not a url', 'not a URL'],
  ])('%s is refused before any connection', (url, detail) => {
    let err: unknown;
    try {
      policy.checkUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as OutboundRefusedError).message).toBe('refused by outbound policy');
    expect((err as OutboundRefusedError).detail).toBe(detail);
  });

  it('lets public and unresolved names through to the connection-time check', () => {
    expect(policy.checkUrl('https://www.example.com/item/1').hostname).toBe('www.example.com');
    expect(policy.checkUrl('http://8.8.8.8/').hostname).toBe('8.8.8.8');
  });
});

describe('allow-list entries', () => {
  it('reads names, wildcards, addresses and CIDR ranges, and refuses anything else', () => {
    expect(parseAllowEntry('hooks.corp.example')).toEqual({ name: 'hooks.corp.example' });
    expect(parseAllowEntry('*.corp.example')).toEqual({ suffix: '.corp.example' });
    expect(parseAllowEntry('127.0.0.1')).toMatchObject({ range: [expect.anything(), 32] });
    expect(parseAllowEntry('[::1]')).toMatchObject({ range: [expect.anything(), 128] });
    expect(parseAllowEntry('10.0.0.0/8')).toMatchObject({ range: [expect.anything(), 8] });
    for (const bad of ['http://x/', '10.0.0.0/33', 'a b', '*.', '']) expect(parseAllowEntry(bad), bad).toBeUndefined();
    expect(() => new OutboundPolicy({ allow: ['http://x/'] })).toThrow(/not a host name/);
  });
});

describe('connections', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.socket.localAddress} ${req.url}`);
      if (req.url === '/to-loopback')
        return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      res.end('ok');
    });
    // Every loopback address, so 127.0.0.2 can stand for an allowed site and 127.0.0.1 for the internal one.
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const resolver =
    (answers: Record<string, string>) =>
    async (host: string): Promise<ResolvedAddress[]> => {
      const address = answers[host];
      if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    };

  async function refusal(p: Promise<unknown>): Promise<OutboundRefusedError | undefined> {
    try {
      await p;
    } catch (err) {
      return outboundRefusal(err);
    }
    return undefined;
  }

  it('refuses a public-looking name that resolves to loopback at connection time (DNS rebinding)', async () => {
    const policy = new OutboundPolicy({ resolve: resolver({ 'shop.example': '127.0.0.1' }) });
    const before = seen.length;
    policy.checkUrl(`http://shop.example:${port}/`); // nothing to see before DNS
    const refused = await refusal(policy.fetch(`http://shop.example:${port}/`));
    expect(refused?.detail).toBe('shop.example resolves to 127.0.0.1 (loopback)');
    expect(seen.length).toBe(before);
    await policy.close();
  });

  it('refuses a redirect from an allowed site into loopback, and never connects there', async () => {
    const policy = new OutboundPolicy({ allow: ['127.0.0.2'], resolve: resolver({ 'shop.example': '127.0.0.2' }) });
    expect((await policy.fetch(`http://shop.example:${port}/page`)).status).toBe(200);
    const refused = await refusal(policy.fetch(`http://shop.example:${port}/to-loopback`));
    expect(refused?.detail).toBe('127.0.0.1 is loopback');
    expect(seen.filter((s) => s.endsWith('/secret'))).toEqual([]);
    await policy.close();
  });

  it('a webhook-style request (redirect: manual) sees the 302 and does not follow it', async () => {
    const policy = new OutboundPolicy({ allow: ['127.0.0.2'] });
    const res = await policy.fetch(`http://127.0.0.2:${port}/to-loopback`, {
      method: 'POST',
      body: '{}',
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(seen.filter((s) => s.endsWith('/secret'))).toEqual([]);
    await policy.close();
  });

  it('refuses loopback by default and lets it through when the allow-list names it', async () => {
    const closed = new OutboundPolicy();
    expect((await refusal(closed.fetch(`http://127.0.0.1:${port}/`)))?.detail).toBe('127.0.0.1 is loopback');
    expect((await refusal(closed.fetch(`http://[::ffff:127.0.0.1]:${port}/`)))?.detail).toBe(
      '::ffff:7f00:1 is IPv4-mapped loopback',
    );
    await closed.close();
    for (const allow of ['127.0.0.1', '127.0.0.0/8', 'localhost']) {
      const open = new OutboundPolicy({ allow: [allow] });
      const url = allow === 'localhost' ? `http://localhost:${port}/allowed` : `http://127.0.0.1:${port}/allowed`;
      expect((await open.fetch(url)).status, allow).toBe(200);
      await open.close();
    }
  });

  it('checkHost judges every address a name resolves to', async () => {
    const policy = new OutboundPolicy({
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    });
    await expect(policy.checkHost('mixed.example')).rejects.toMatchObject({
      detail: 'mixed.example resolves to 10.0.0.7 (private)',
    });
    await policy.close();
  });
});
