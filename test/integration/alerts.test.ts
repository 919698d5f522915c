/**
 * Early warning: a watch on an item alerts once per interval with the new
 * high-scoring hits, by a signed webhook (a real HTTP server on loopback) and
 * by email (a real SMTP server); a failing webhook keeps the hits for the next
 * batch. Fake clock, PGlite store.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlerts, signBody } from '../../crawler/alerts';
import { smtpTransport } from '../../crawler/notices';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';
import { LOOPBACK_ALLOW, loopbackOutbound } from './helpers/outbound';
import { decoded, startSmtp } from './helpers/smtp';

describe.each<StoreKind>(['pglite', 'postgres'])('alerts for watched items on %s', (kind) => {
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Server;
  let hookUrl: string;
  let failHook = false;
  const received: { body: string; signature: string }[] = [];

  async function hit(itemId: string, score: number): Promise<number> {
    const url = `http://127.0.0.1:8401/item/alert-${randomUUID()}`;
    await api.store.listings.upsert({
      url,
      site: 'demo-market',
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
      score,
      signals: [{ name: 'counterfeit_words', weight: 0.25, evidence: 'AAA' }],
    });
  }

  beforeAll(async () => {
    // The webhook receiver is on loopback: allowed explicitly, as an operator would.
    api = await startTestApi({ store: kind, config: { outboundAllow: LOOPBACK_ALLOW } });
    smtp = await startSmtp();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failHook) {
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers['x-counterscan-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
  });
  afterAll(async () => {
    await new Promise((r) => hook?.close(r));
    await smtp?.close();
    await api?.close();
  });

  it('batches new high-score hits per interval, signed, and keeps them when the webhook fails', async () => {
    const [watched, other] = await api.store.catalogue.items({ holder: api.holderIds.a });
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/watches',
      headers: { authorization: `Bearer ${api.tokens.holderA}` },
      payload: {
        itemId: watched!.id,
        minScore: 0.8,
        webhookUrl: hookUrl,
        email: 'alerts@holder-a.example',
        intervalSeconds: 60,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { watch, webhookSecret } = created.json() as { watch: { id: number }; webhookSecret: string };
    // Holder B cannot watch A's item.
    const foreign = await api.app.inject({
      method: 'POST',
      url: '/v1/watches',
      headers: { authorization: `Bearer ${api.tokens.holderB}` },
      payload: { itemId: watched!.id, email: 'b@b.example' },
    });
    expect(foreign.statusCode).toBe(404);

    const watches = api.store.watches;
    const transport = smtpTransport(smtp.url);
    const t0 = new Date('2026-11-26T10:00:00Z');
    const at = (s: number) => () => new Date(t0.getTime() + s * 1000);

    const high1 = await hit(watched!.id, 0.95);
    const high2 = await hit(watched!.id, 0.85);
    await hit(watched!.id, 0.6); // under the watch's score
    await hit(other!.id, 0.99); // another item
    expect(
      await runAlerts(watches, { transport, from: 'alerts@counterscan.test', outbound: loopbackOutbound, now: at(0) }),
    ).toEqual([{ watchId: watch.id, hits: 2, failed: [] }]);
    expect(received).toHaveLength(1);
    const batch = JSON.parse(received[0]!.body) as { hits: { id: number; reasons: string[] }[] };
    expect(batch.hits.map((h) => h.id)).toEqual([high1, high2]);
    expect(batch.hits[0]!.reasons[0]).toContain('counterfeit_words');
    expect(received[0]!.signature).toBe(signBody(webhookSecret, received[0]!.body));
    expect(smtp.mails.at(-1)!.to).toEqual(['alerts@holder-a.example']);
    expect(decoded(smtp.mails.at(-1)!.raw)).toContain('2 new suspect listing');

    // Within the interval: nothing, however many hits appear.
    const high3 = await hit(watched!.id, 0.9);
    expect(await runAlerts(watches, { transport, from: 'x@y.test', outbound: loopbackOutbound, now: at(30) })).toEqual(
      [],
    );
    // Next interval, webhook down: recorded as failed, hits kept.
    failHook = true;
    expect(await runAlerts(watches, { transport, from: 'x@y.test', outbound: loopbackOutbound, now: at(61) })).toEqual([
      { watchId: watch.id, hits: 1, failed: ['webhook'] },
    ]);
    failHook = false;
    expect(await runAlerts(watches, { transport, from: 'x@y.test', outbound: loopbackOutbound, now: at(122) })).toEqual(
      [{ watchId: watch.id, hits: 1, failed: [] }],
    );
    expect(JSON.parse(received.at(-1)!.body).hits.map((h: { id: number }) => h.id)).toEqual([high3]);
    const log = await watches.deliveries(watch.id);
    expect(log.filter((d) => d.channel === 'webhook').map((d) => d.ok)).toEqual([true, false, true]);
    // Nothing new: no alert at all.
    const before = received.length;
    await runAlerts(watches, { transport, from: 'x@y.test', outbound: loopbackOutbound, now: at(300) });
    expect(received.length).toBe(before);
  });
});
