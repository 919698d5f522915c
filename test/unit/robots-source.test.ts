import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundPolicy } from '../../crawler/fetch/outbound-policy';
import { RobotsCache } from '../../crawler/fetch/robots-cache';
import { fetchRobots } from '../../crawler/fetch/robots-source';

/** RFC 9309 §2.5: at least the first 500 KiB are parsed. */
const MAX_ROBOTS_BYTES = 500 * 1024;

/** A robots.txt over the 500 KiB cap whose cut falls inside "Allow: /private/open-later". */
function largeRobots(): string {
  const head = 'User-agent: *\nDisallow: /private\n';
  const fillerLine = `# ${'x'.repeat(98)}\n`;
  let body = head + fillerLine.repeat(Math.floor((MAX_ROBOTS_BYTES - head.length) / fillerLine.length));
  body += '#'.repeat(MAX_ROBOTS_BYTES - body.length - 12) + '\n';
  // The cap falls after "Allow: /priv": read shortened, it would allow /private/*.
  body += 'Allow: /private/open-later\nDisallow: /late\n';
  return body + fillerLine.repeat(2000);
}

describe('robots.txt over 500 KiB, fetched over HTTP', () => {
  let server: Server;
  let origin: string;
  const outbound = new OutboundPolicy({ allow: ['127.0.0.1'] });
  const fetcher = { userAgent: 'counterscan-test', outbound };

  beforeAll(async () => {
    const body = largeRobots();
    server = createServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    return outbound.dispatcher.close();
  });

  it('keeps the first 500 KiB, whole lines only, and obeys them', async () => {
    const snapshot = await fetchRobots(origin, fetcher);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.length).toBeLessThanOrEqual(MAX_ROBOTS_BYTES);
    expect(snapshot.body.length).toBeGreaterThan(MAX_ROBOTS_BYTES - 100);
    expect(snapshot.body).not.toContain('Allow: /priv');

    const rules = await new RobotsCache(fetcher).rulesFor(`${origin}/`);
    expect(rules.isAllowed(`${origin}/private/open-later`, 'counterscan')).toBe(false);
    expect(rules.isAllowed(`${origin}/private/x`, 'counterscan')).toBe(false);
    expect(rules.isAllowed(`${origin}/late`, 'counterscan')).toBe(true);
    expect(rules.isAllowed(`${origin}/public`, 'counterscan')).toBe(true);
  });
});
