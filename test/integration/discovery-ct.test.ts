/**
 * The CT client against a local RFC 6962 log: entries read in pages as the
 * log serves them, the position stored after each batch so a restarted
 * reader goes on without re-reading, and 429/5xx answers backed off
 * (Retry-After honoured, else exponential) before the read goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CtLogClient, CtLogError, retryAfterMs } from '../../crawler/discovery/ct/client';
import { followLog } from '../../crawler/discovery/ct/follow';
import { openStore } from '../../crawler/store';
import { certMaker, merkleLeaf } from './helpers/discovery-sim/certs';
import { startCtLog, type CtLogServer } from './helpers/discovery-sim/ct-log';
import { loopbackOutbound } from './helpers/outbound';

type Store = Awaited<ReturnType<typeof openStore>>;

describe('CT log client', () => {
  let log: CtLogServer;
  let store: Store;
  const waits: number[] = [];
  const client = (o: { maxRetries?: number } = {}) =>
    new CtLogClient({
      url: log.url,
      outbound: loopbackOutbound,
      userAgent: 'counterscan-test',
      minIntervalMs: 0,
      baseDelayMs: 100,
      maxRetries: o.maxRetries ?? 5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

  beforeAll(async () => {
    const maker = await certMaker();
    const entries = Array.from({ length: 250 }, (_, i) =>
      merkleLeaf(maker.leaf([`site${i}.example.com`, `www.site${i}.example.com`], i + 1), {
        precert: i % 2 === 0,
        timestamp: 1_770_000_000_000 + i,
        issuerKeyHash: maker.issuerKeyHash,
      }),
    );
    log = await startCtLog(entries, { pageSize: 32 });
    store = await openStore({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await store?.close();
    await log?.close();
  });

  it(
    'reads x509 and precert entries, resumes after a restart ' + 'without re-reading, and picks up new entries',
    async () => {
      log.treeSize = 200;
      const names: string[] = [];
      const collect = async (found: { name: string }[]) => void names.push(...found.map((f) => f.name));
      const first = await followLog(client(), store.discovery, collect, { batchSize: 64, maxEntries: 90 });
      expect(first).toMatchObject({ from: 0, to: 90, entries: 90, unreadable: 0 });
      expect(names).toContain('site0.example.com'); // a precert entry
      expect(names).toContain('www.site1.example.com'); // an x509 entry's SAN

      // A new client (a restarted process) over the same store: on from entry 90, nothing read twice.
      const second = await followLog(client(), store.discovery, collect, { batchSize: 64 });
      expect(second).toMatchObject({ from: 90, to: 200 });
      log.treeSize = 250;
      const third = await followLog(client(), store.discovery, collect, { batchSize: 64 });
      expect(third).toMatchObject({ from: 200, to: 250, entries: 50 });
      expect(log.served).toHaveLength(250);
      expect(new Set(log.served).size).toBe(250);
      expect(new Set(names).size).toBe(500);
      expect((await store.discovery.ctPosition(log.url)).nextIndex).toBe(250);
    },
  );

  it('backs off on 429 and 5xx, honouring Retry-After, then reads on', async () => {
    waits.length = 0;
    const c = client();
    log.fail(429, 1, '7');
    log.fail(503, 2);
    const sth = await c.getSth();
    expect(sth.treeSize).toBe(250);
    expect(c.backoffs.map((b) => b.status)).toEqual([429, 503, 503]);
    expect(waits).toEqual([7000, 200, 400]); // Retry-After, then base × 2^attempt
    log.fail(500, 1, new Date(Date.now() + 3000).toUTCString());
    expect(await c.getEntries(0, 1)).toHaveLength(2);
    expect(c.backoffs.at(-1)!.waitMs).toBeGreaterThan(1000);
    expect(c.backoffs.at(-1)!.waitMs).toBeLessThanOrEqual(3000);
  });

  it('spaces its requests to a log by the interval it was given', async () => {
    const paced = new CtLogClient({ url: log.url, outbound: loopbackOutbound, userAgent: 't', minIntervalMs: 150 });
    const before = log.log.length;
    // Measured where the pacing happens, in the client: the server's arrival times also carry each request's
    // transit, which a loaded machine stretches for one request and not the next.
    const start = performance.now();
    for (let i = 0; i < 5; i++) await paced.getSth();
    expect(performance.now() - start).toBeGreaterThanOrEqual(4 * 150);
    expect(log.log.length - before).toBe(5);
  });

  it('gives up after its retries, and does not retry a 4xx other than 429', async () => {
    log.fail(503, 3);
    await expect(client({ maxRetries: 2 }).getSth()).rejects.toThrow(CtLogError);
    const before = log.log.length;
    await expect(client().getEntries(5, 1)).rejects.toThrow(/HTTP 400/);
    expect(log.log.length - before).toBe(1);
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
