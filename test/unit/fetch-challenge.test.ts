/** Challenge pages answered with an error status, over real HTTP on loopback: kept, classified, never retried. */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChallengeResponseError, PermanentFetchError, RetryableFetchError } from '../../crawler/fetch/errors';
import { fetchPage } from '../../crawler/fetch/http-fetcher';
import { OutboundPolicy } from '../../crawler/fetch/outbound-policy';
import { assertReadable, BlockedPageError, fetchAndRead } from '../../crawler/pipeline';

const challenge = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'classify', 'cloudflare.html'), 'utf8');
const routes: Record<string, { status: number; body: string; headers?: Record<string, string | string[]> }> = {
  '/challenge': { status: 403, body: challenge, headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' } },
  '/forbidden': { status: 403, body: '<html><title>403 Forbidden</title></html>' },
  '/slow-down': { status: 429, body: 'Too many requests', headers: { 'retry-after': '1' } },
  '/ok': {
    status: 200,
    body: '<html><head><title>Fixture</title></head><body><h1>Fixture</h1></body></html>',
    headers: { 'set-cookie': ['a=1; Path=/', 'datadome=x; Path=/'], 'cf-ray': '8a-AMS' },
  },
};

describe('fetchPage and the classify stage on challenge responses', () => {
  let server: Server;
  let base: string;
  const outbound = new OutboundPolicy({ allow: ['127.0.0.1'] });
  const options = { userAgent: 'counterscan-test', outbound };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const r = routes[req.url ?? ''] ?? { status: 404, body: 'no' };
      res.writeHead(r.status, { 'content-type': 'text/html; charset=utf-8', ...r.headers });
      res.end(r.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('keeps the headers of a page, cookies as a list', async () => {
    const page = await fetchPage(`${base}/ok`, options);
    expect(page.headers).toMatchObject({ 'cf-ray': '8a-AMS', 'set-cookie': ['a=1; Path=/', 'datadome=x; Path=/'] });
  });

  it('a challenge at 403 is a ChallengeResponseError carrying the page, not a retry', async () => {
    const err = await fetchPage(`${base}/challenge`, options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChallengeResponseError);
    expect(err).not.toBeInstanceOf(RetryableFetchError);
    const e = err as ChallengeResponseError;
    expect(e.classification).toMatchObject({ verdict: 'block', provider: 'cloudflare' });
    expect(e.page.body).toContain('Just a moment');
    expect(e.page.headers?.['cf-mitigated']).toBe('challenge');
  });

  it('a bare 403 stays a permanent error and a plain 429 a retry', async () => {
    const forbidden = await fetchPage(`${base}/forbidden`, options).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(PermanentFetchError);
    expect(forbidden).not.toBeInstanceOf(ChallengeResponseError);
    expect(await fetchPage(`${base}/slow-down`, options).catch((e: unknown) => e)).toBeInstanceOf(RetryableFetchError);
  });

  it('the pipeline reads the challenge page as a block to count and keep', async () => {
    const { page, read } = await fetchAndRead(
      { get: (url) => fetchPage(url, options) },
      `${base}/challenge`,
      undefined,
    );
    expect(read.classification).toMatchObject({ verdict: 'block', provider: 'cloudflare' });
    expect(() => assertReadable(page, read)).toThrow(BlockedPageError);
  });
});
