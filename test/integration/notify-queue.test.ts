/**
 * The fleet's outbox: a notice queued through the API is delivered by
 * `worker --queues notify` processes working the notify queue's job
 * scheduler — exactly once with two workers — to a real SMTP server, from a
 * shared PostgreSQL store. Real Redis, own queue prefix.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../crawler/queue/registry';
import { startTestApi, type TestApi } from './helpers/api';
import { completeHolderProfile, injectAs, putDemoMarketChannel, storedHit } from './helpers/enforcement';
import { FleetProcesses, REDIS_URL, tearDownFleetTest, until } from './helpers/fleet';
import { startSmtp } from './helpers/smtp';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

describe('the notify queue in the fleet', () => {
  const prefix = `test-${randomUUID()}`;
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let fleet: FleetProcesses;
  let connection: Redis;
  let dataDir: string;

  const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    injectAs(api, token, method, url, payload);

  /** A confirmed hit in a case, its DMCA notice drafted and queued; returns the notice id. */
  async function queuedNotice(): Promise<number> {
    const holder = api.holderIds.a;
    await completeHolderProfile(api, holder);
    await putDemoMarketChannel(api);
    const item = (await api.store.catalogue.items({ holder }))[0]!;
    const { id: hitId } = await storedHit(api.store, item.id, {
      prefix: 'notify',
      title: `${item.title} cracked keygen`,
      seller: { id: 'seller-n', name: 'Seller N' },
    });
    const reviewer = (m: 'POST', u: string, body?: unknown) => as(api.tokens.reviewer, m, u, body);
    expect(
      json(await reviewer('POST', '/v1/hits/status', { ids: [hitId], status: 'confirmed', reason: 'checked the page' }))
        .results[0].applied,
    ).toBe(true);
    const caseId = json(await reviewer('POST', '/v1/cases', { title: 'notify case', hitIds: [hitId] })).id as number;
    const drafted = await reviewer('POST', `/v1/cases/${caseId}/notices`, {
      regime: 'dmca',
      channelId: 'demo-market',
      signature: { name: 'Amélie Dufresne' },
      statements: STATEMENTS,
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const id = json(drafted).id as number;
    expect(json(await reviewer('POST', `/v1/notices/${id}/send`)).state).toBe('queued');
    return id;
  }

  beforeAll(async () => {
    api = await startTestApi({ store: 'postgres' });
    smtp = await startSmtp();
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    dataDir = await mkdtemp(join(tmpdir(), 'cs-notify-'));
    fleet = new FleetProcesses({
      redisUrl: REDIS_URL,
      databaseUrl: api.databaseUrl!,
      prefix,
      dataDir,
      env: { COUNTERSCAN_SMTP_URL: smtp.url },
    });
  }, 120_000);
  afterAll(async () => {
    await tearDownFleetTest({ fleet, connection, prefix, dataDir });
    await smtp?.close();
    await api?.close();
  });

  it('two workers on the notify queue deliver a queued notice exactly once', async () => {
    const id = await queuedNotice();
    await Promise.all([fleet.spawnWorker({ queues: 'notify' }), fleet.spawnWorker({ queues: 'notify' })]);
    await until(
      'the notice to be sent',
      async () => (await api.store.notices.get(id, { holderId: null }))?.state === 'sent',
      60_000,
      200,
    );
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['ip-notices@market.example']);

    // More rounds run (the scheduler fires every 15 s) and none sends it again.
    const queue = new Queue(QUEUES.notify, { connection, prefix });
    const rounds = async () => (await queue.getJobCounts('completed')).completed ?? 0;
    const after = await rounds();
    await until('another outbox round', async () => (await rounds()) > after, 40_000, 500);
    await queue.close();
    expect(smtp.mails).toHaveLength(1);
    const sentBy = fleet.workers.filter((w) =>
      w.output.some((line) => line.includes('"msg":"outbox"') && line.includes(`"sent":[${id}]`)),
    );
    expect(sentBy).toHaveLength(1);
    expect(fleet.workers.every((w) => w.alive())).toBe(true);
  }, 150_000);
});
