/**
 * Campaigns against real Redis (BullMQ job schedulers) and a real PostgreSQL
 * (a throwaway database for this file): ticks fire on schedule and stop at
 * the end date, `stop` removes the schedulers and later ticks are refused,
 * the store refuses a duplicate name and counts sweeps and hits, and the CLI
 * — create, list, stop and a spawned `scheduler` — end to end, with its
 * validation messages. Every Redis key is under a prefix of this run.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  CampaignError,
  CampaignSchema,
  campaignSchedulers,
  scheduleCampaign,
  startCampaignScheduler,
  stopCampaign,
  type TickResult,
} from '../../crawler/queue/campaigns';
import { campaignFromFlags, type CampaignCreateOptions } from '../../crawler/commands/campaign';
import { redisConnection } from '../../crawler/queue/connection';
import { Queues } from '../../crawler/queue/queues';
import type { SweepJob } from '../../crawler/queue/registry';
import { DuplicateCampaignError, openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';

import { PG_ADMIN_URL, REDIS_URL } from '../setup/services';
import { childEnv, startCommand } from './helpers/command';
const RUN = randomUUID().slice(0, 8);
const PREFIX = `cs-campaign-test-${RUN}`;
/** The spawned CLI's own prefix, so the in-process scheduler does not take its ticks. */
const CLI_PREFIX = `${PREFIX}-cli`;
const DB_NAME = `counterscan_campaign_${RUN}`;
const DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const ORIGIN = 'http://127.0.0.1:9';

let tmp: string;
let store: Store;
let queues: Queues;
let scheduler: ReturnType<typeof startCampaignScheduler>;
const ticks: { campaign: string; at: number; result: TickResult }[] = [];
const children = new Set<ChildProcess>();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'counterscan-campaign-'));
  await admin(`CREATE DATABASE ${DB_NAME}`);
  store = await openStore({ dataDir: tmp, databaseUrl: DATABASE_URL });
  queues = new Queues(redisConnection(REDIS_URL, 'campaign-test'), PREFIX);
  scheduler = startCampaignScheduler({ queues, store });
  scheduler.worker.on('completed', (job: Job, result: TickResult) =>
    ticks.push({ campaign: job.data.campaign, at: Date.now(), result }),
  );
  await scheduler.worker.waitUntilReady();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await scheduler?.close();
  if (queues) {
    await queues.close();
    const redis = queues.connection;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
  await store?.close();
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const campaignSweeps = async (q: Queues, name: string) =>
  (await q.tracker.recent(1000)).filter((id) => id.startsWith(`${name}-`)).sort();
const queuedSweeps = async (q: Queues, name: string) =>
  (await q.queues.sweep.getJobs(['waiting', 'prioritized', 'delayed', 'active']))
    .map((j) => j.data as SweepJob)
    .filter((d) => d.campaign === name);

function start(args: string[], env: Record<string, string> = {}) {
  const run = startCommand(
    args,
    childEnv({ COUNTERSCAN_DATA_DIR: join(tmp, 'cli-data'), COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.1', ...env }),
  );
  children.add(run.child);
  void run.done.finally(() => children.delete(run.child)).catch(() => {});
  return run;
}
const cli = (args: string[], env: Record<string, string> = {}) => start(args, env).done;
const FLEET_ENV = { REDIS_URL, DATABASE_URL, COUNTERSCAN_QUEUE_PREFIX: CLI_PREFIX, LOG_LEVEL: 'info' };

describe.concurrent('campaigns', () => {
  it('fires every 2 s until the end date, then no more ticks are processed', async ({ expect }) => {
    const t0 = Date.now();
    const campaign = CampaignSchema.parse({
      name: 'fire',
      sites: [{ site: 'demo-market', origin: ORIGIN }],
      scope: { items: ['x1'] },
      schedule: { everyMs: 2000 },
      maxSearchPages: 3,
      startsAt: new Date(t0),
      endsAt: new Date(t0 + 7000),
    });
    await store.campaigns.create(campaign);
    expect(await scheduleCampaign(queues, campaign)).toEqual(['fire@demo-market']);
    const [sched] = await campaignSchedulers(queues, 'fire');
    expect(sched).toMatchObject({ every: 2000, endDate: t0 + 7000 });

    await until('the end date to pass', async () => Date.now() > t0 + 7000 + 2500);
    const sweeps = await campaignSweeps(queues, 'fire');
    // Ticks at about 0, 2, 4 and 6 s; at least two whatever the machine's pace.
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
    expect(sweeps.length).toBeLessThanOrEqual(4);
    const queued = await queuedSweeps(queues, 'fire');
    expect(queued.map((d) => d.sweepId).sort()).toEqual(sweeps);
    for (const d of queued)
      expect(d).toMatchObject({
        site: 'demo-market',
        origin: ORIGIN,
        scope: { items: ['x1'] },
        campaign: 'fire',
        maxSearchPages: 3,
      });
    for (const id of sweeps)
      expect((await queues.tracker.progress(id)).meta).toMatchObject({ campaign: 'fire', site: 'demo-market' });
    // Each sweep comes from a tick due before the end date (the sweep id carries its due time).
    const due = (id: string) =>
      Date.parse(id.slice(-17).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d{3})$/, '$1-$2-$3T$4:$5:$6.$7Z'));
    for (const id of sweeps) expect(due(id)).toBeLessThan(t0 + 7000);

    expect((await store.campaigns.get('fire'))?.status).toBe('ended');
    expect((await store.campaigns.figures(['fire'])).get('fire')).toEqual({
      sweeps: sweeps.length,
      finished: 0,
      hits: 0,
    });

    await sleep(3000);
    expect(await campaignSweeps(queues, 'fire')).toEqual(sweeps);
    const fired = ticks.filter((t) => t.campaign === 'fire');
    expect(fired.filter((t) => 'sweepId' in t.result)).toHaveLength(sweeps.length);
    // Any tick after that was refused.
    for (const t of fired)
      if (!('sweepId' in t.result)) expect(t.result).toEqual({ refused: 'ended', campaign: 'fire' });
    expect(await campaignSchedulers(queues, 'fire')).toEqual([]);
  });

  it('stop removes the schedulers; a tick still in flight is refused', async ({ expect }) => {
    const later = new Date(Date.now() + 3600_000);
    const campaign = CampaignSchema.parse({
      name: 'halt',
      sites: [
        { site: 'demo-market', origin: ORIGIN },
        { site: 'demo-video', origin: ORIGIN },
      ],
      schedule: { pattern: '0 */6 * * *', tz: 'Europe/Berlin' },
      startsAt: later,
    });
    await store.campaigns.create(campaign);
    await scheduleCampaign(queues, campaign);
    // Upserting again replaces, it does not add.
    await scheduleCampaign(queues, campaign);
    const before = await campaignSchedulers(queues, 'halt');
    expect(before.map((s) => s.key).sort()).toEqual(['halt@demo-market', 'halt@demo-video']);
    expect(before[0]).toMatchObject({ pattern: '0 */6 * * *', tz: 'Europe/Berlin', startDate: later.getTime() });
    expect(before[0]!.next).toBeGreaterThanOrEqual(later.getTime());

    const stopped = await stopCampaign(queues, store, 'halt');
    expect(stopped).toMatchObject({ changed: true, removed: 2, campaign: { name: 'halt', status: 'stopped' } });
    expect(stopped.campaign.stoppedAt).toBeInstanceOf(Date);
    expect(await campaignSchedulers(queues, 'halt')).toEqual([]);
    const delayed = (await queues.campaign.getJobs(['delayed', 'waiting'])).filter((j) => j.data.campaign === 'halt');
    expect(delayed).toEqual([]);

    // As if a tick had been taken just before the stop.
    const job = await queues.campaign.add('tick', {
      campaign: 'halt',
      site: 'demo-market',
      origin: ORIGIN,
      scope: {},
      maxSearchPages: 1,
    });
    const done = await until('the late tick', async () =>
      (await queues.campaign.getJob(job.id!))?.finishedOn ? queues.campaign.getJob(job.id!) : undefined,
    );
    expect(done?.returnvalue).toEqual({ refused: 'stopped', campaign: 'halt' });
    expect(await campaignSweeps(queues, 'halt')).toEqual([]);

    expect(await stopCampaign(queues, store, 'halt')).toMatchObject({
      changed: false,
      removed: 0,
      campaign: { status: 'stopped' },
    });
    await expect(stopCampaign(queues, store, 'nobody')).rejects.toThrow(CampaignError);
  });

  it('a tick of an active campaign is idempotent; a bad payload fails without retries', async ({ expect }) => {
    const campaign = CampaignSchema.parse({
      name: 'manual',
      sites: [{ site: 'demo-video', origin: ORIGIN }],
      schedule: { everyMs: 3600_000 },
      startsAt: new Date(Date.now() - 1000),
    });
    await store.campaigns.create(campaign);
    const data = {
      campaign: 'manual',
      site: 'demo-video',
      origin: ORIGIN,
      scope: { categories: ['film'] },
      maxSearchPages: 2,
    };
    const a = await queues.campaign.add('tick', data, { jobId: 'repeat:manual@demo-video:1750000000000' });
    const finished = (id: string) =>
      until(`job ${id}`, async () =>
        (await queues.campaign.getJob(id))?.finishedOn ? queues.campaign.getJob(id) : undefined,
      );
    expect((await finished(a.id!))?.returnvalue).toEqual({ sweepId: 'manual-demo-video-20250615150640000' });
    // The same tick again (a redelivery) queues no second sweep.
    await (await queues.campaign.getJob(a.id!))!.remove();
    const b = await queues.campaign.add('tick', data, { jobId: a.id! });
    expect((await finished(b.id!))?.returnvalue).toEqual({ sweepId: 'manual-demo-video-20250615150640000' });
    expect(await campaignSweeps(queues, 'manual')).toEqual(['manual-demo-video-20250615150640000']);
    expect(await queuedSweeps(queues, 'manual')).toHaveLength(1);

    const bad = await queues.campaign.add(
      'tick',
      { campaign: 'manual', site: 'demo-video', origin: 'ftp://x' },
      { attempts: 3 },
    );
    const failed = await until('the bad tick', async () =>
      (await queues.campaign.getJob(bad.id!))?.failedReason ? queues.campaign.getJob(bad.id!) : undefined,
    );
    expect(failed?.failedReason).toMatch(/^bad campaign tick payload: field origin:/);
    expect(failed?.attemptsMade).toBe(1);
  });

  it('the store refuses a duplicate name and counts sweeps and hits per campaign', async ({ expect }) => {
    const def = CampaignSchema.parse({
      name: 'dup',
      sites: [{ site: 'demo-market', origin: ORIGIN }],
      schedule: { everyMs: 60_000 },
      startsAt: new Date('2030-01-01T00:00:00Z'),
      endsAt: new Date('2030-02-01T00:00:00Z'),
    });
    const created = await store.campaigns.create(def);
    expect(created).toMatchObject({ ...def, status: 'active' });
    await expect(store.campaigns.create({ ...def, schedule: { everyMs: 1000 } })).rejects.toThrow(
      DuplicateCampaignError,
    );
    await expect(store.campaigns.create(def)).rejects.toThrow('campaign "dup" already exists (active');
    expect((await store.campaigns.get('dup'))?.schedule).toEqual({ everyMs: 60_000 });

    const catalogue = exampleCatalogue();
    await store.catalogue.upsert(catalogue);
    for (const id of ['dup-1', 'dup-2', 'other-1'])
      await store.sweeps.start({
        id,
        site: 'demo-market',
        origin: ORIGIN,
        campaign: id.startsWith('dup') ? 'dup' : 'other',
      });
    await store.sweeps.finish('dup-1', {
      searchPages: 1,
      listingsFound: 2,
      fetched: 2,
      extracted: 2,
      hits: 2,
      skippedByRobots: 0,
      failed: 0,
      errors: {},
    });
    const hit = async (n: number, sweepId: string) => {
      const url = `${ORIGIN}/item/dup-${n}`;
      await store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: `t${n}`,
        images: [],
        fetchedAt: new Date().toISOString(),
      });
      await store.hits.upsert({ listingUrl: url, itemId: catalogue.items[0]!.id, score: 0.8, signals: [], sweepId });
    };
    await hit(1, 'dup-1');
    await hit(2, 'dup-2');
    await hit(3, 'other-1');
    expect((await store.campaigns.figures()).get('dup')).toEqual({ sweeps: 2, finished: 1, hits: 2 });
    expect((await store.campaigns.list()).map((c) => c.name)).toContain('dup');
  });

  // The CLI tests start Node several times: a generous timeout for a busy machine.
  it(
    'CLI: create, a spawned scheduler runs the ticks, list, stop; SIGTERM ends it cleanly',
    { timeout: 120_000 },
    async ({ expect }) => {
      // Far enough that a slow machine stops the campaign before its end removes the schedulers itself.
      const end = new Date(Date.now() + 15 * 60_000).toISOString();
      const created = await cli(
        [
          'campaign',
          'create',
          '--name',
          'cli-run',
          '--site',
          'demo-market,demo-video',
          '--origin',
          ORIGIN,
          '--origin',
          'http://127.0.0.1:10',
          '--holder',
          'acme',
          '--every',
          '1s',
          '--end',
          end,
          '--max-pages',
          '2',
        ],
        FLEET_ENV,
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain('campaign: created cli-run: demo-market, demo-video; every 1s;');
      expect(created.stdout).toContain('2 schedulers');

      const cliQueues = new Queues(redisConnection(REDIS_URL, 'campaign-test-cli'), CLI_PREFIX);
      try {
        const proc = start(['scheduler'], FLEET_ENV);
        const first = await until(
          'sweeps from the spawned scheduler',
          async () => {
            const s = await campaignSweeps(cliQueues, 'cli-run');
            return (
              s.some((id) => id.startsWith('cli-run-demo-market-')) &&
              s.some((id) => id.startsWith('cli-run-demo-video-')) &&
              s
            );
          },
          60_000,
        );
        // The tracker counts a sweep just before its job is added: wait for the job itself.
        const video = await until(
          'the demo-video sweep job',
          async () => (await queuedSweeps(cliQueues, 'cli-run')).find((d) => d.site === 'demo-video'),
          10_000,
        );
        expect(video).toMatchObject({ origin: 'http://127.0.0.1:10', scope: { holders: ['acme'] }, maxSearchPages: 2 });

        const list = await cli(['campaign', 'list'], FLEET_ENV);
        expect(list.code, list.stderr).toBe(0);
        const [header, row] = list.stdout
          .trim()
          .split('\n')
          .filter((l) => /^(name|cli-run)\s/.test(l));
        expect(header).toMatch(/^name\s+sites\s+schedule\s+window\s+status\s+sweeps\s+hits$/);
        expect(row).toMatch(
          /^cli-run\s+demo-market,demo-video\s+every 1s\s+\S+ \S+ → \S+ \S+\s+active\s+\d+ \(0 done\)\s+0$/,
        );
        expect(Number(/active\s+(\d+) \(/.exec(row!)![1])).toBeGreaterThanOrEqual(first.length);

        const stop = await cli(['campaign', 'stop', 'cli-run'], FLEET_ENV);
        expect(stop.code, stop.stderr).toBe(0);
        expect(stop.stdout.trim()).toBe('campaign: stopped cli-run (2 schedulers removed)');
        expect(await cliQueues.campaign.getJobSchedulers()).toEqual([]);
        await sleep(300); // a tick in flight at the stop may still land
        const afterStop = await campaignSweeps(cliQueues, 'cli-run');
        await sleep(2500);
        expect(await campaignSweeps(cliQueues, 'cli-run')).toEqual(afterStop);

        proc.child.kill('SIGTERM');
        const exit = await proc.done;
        expect(exit.code, exit.stderr).toBe(0);
        expect(exit.stderr).toContain('scheduler started');
        expect(exit.stderr).toContain('scheduler stopped');
        expect(exit.stderr).not.toContain('"level":50');

        // Same database as the store here.
        expect(await store.campaigns.get('cli-run')).toMatchObject({
          status: 'stopped',
          maxSearchPages: 2,
          scope: { holders: ['acme'] },
        });
        expect((await store.campaigns.figures(['cli-run'])).get('cli-run')).toEqual({
          sweeps: afterStop.length,
          finished: 0,
          hits: 0,
        });
      } finally {
        await cliQueues.close();
        cliQueues.connection.disconnect();
      }
    },
  );

  it('CLI validation errors name the flag, exit 1, one line', { timeout: 120_000 }, async ({ expect }) => {
    const future = (ms: number) => new Date(Date.now() + ms).toISOString();
    const spawned: [string[], RegExp][] = [
      [['--site', 'demo-market', '--every', 'x'], /^counterscan: --every: expected e\.g\. 30m, 90s or 2h, got "x"$/],
      [
        ['--site', 'demo-market', '--every', '2h', '--start', future(86_400_000), '--end', future(3600_000)],
        /^counterscan: --end: \S+ is not after --start \S+$/,
      ],
      [
        ['--site', 'demo-market,nowhere', '--every', '2h'],
        /^counterscan: --site: no adapter named "nowhere" \(known: [^)]*\bdemo-market\b[^)]*\) and not a URL$/,
      ],
    ];
    const runs = await Promise.all(
      spawned.map(([args]) => cli(['campaign', 'create', '--name', 'bad', ...args], FLEET_ENV)),
    );
    runs.forEach((run, i) => {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(spawned[i]![1]);
    });
    expect(await store.campaigns.get('bad')).toBeUndefined();

    // The rest of the checks, in process (the same function the command runs before it opens anything).
    const flags = (over: Partial<CampaignCreateOptions>): CampaignCreateOptions => ({
      name: 'bad',
      site: 'demo-market',
      ...over,
    });
    const config = { maxSearchPages: 20 };
    const inProcess: [Partial<CampaignCreateOptions>, string][] = [
      [{ cron: '61 * * * *' }, '--cron: "61 * * * *": Constraint error, got value 61 expected range 0-59'],
      [
        { cron: '* * *' },
        '--cron: "* * *": expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first',
      ],
      [
        { cron: '0 * * * *', tz: 'Mars/Olympus' },
        '--tz: expected an IANA time zone such as Europe/Berlin, got "Mars/Olympus"',
      ],
      [{ every: '2h', cron: '0 * * * *' }, '--every and --cron: give one of them, not both'],
      [{}, 'campaign create: give a schedule, --every 30m (or 90s, 2h, 1d) or --cron "0 */6 * * *"'],
      [{ every: '500ms' }, '--every: at least 1s, got "500ms"'],
      [{ every: '2h', tz: 'UTC' }, '--tz: only with --cron (an interval does not depend on the time zone)'],
      [
        { site: 'demo-market,demo-video', origin: [ORIGIN], every: '2h' },
        '--origin: got 1 for 2 sites; give one --origin per site, in the order of --site',
      ],
      [{ site: 'demo-market,demo-market', every: '2h' }, '--site: demo-market given twice'],
      [
        { every: '2h', end: 'soon' },
        '--end: expected an ISO date such as 2025-06-01 or 2025-06-01T08:00:00Z, got "soon"',
      ],
      [{ every: '2h', end: '2020-01-01' }, '--end: 2020-01-01T00:00:00.000Z has already passed'],
      [{ every: '2h', maxPages: '0' }, '--max-pages: expected an integer ≥ 1 and ≤ 1000, got "0"'],
      [
        { name: 'no spaces', every: '2h' },
        '--name: expected letters, digits, "_", "." or "-" (at most 48, starting with a letter or digit), got ' +
          '"no spaces"',
      ],
    ];
    for (const [over, message] of inProcess) expect(() => campaignFromFlags(flags(over), config)).toThrow(message);

    const ok = campaignFromFlags(
      flags({
        site: 'demo-market,demo-video',
        origin: [ORIGIN, 'http://127.0.0.1:10/x'],
        every: '90s',
        item: ['i1'],
        start: '2030-01-01',
        end: '2030-01-02T12:00:00Z',
      }),
      config,
    );
    expect(ok).toEqual({
      name: 'bad',
      sites: [
        { site: 'demo-market', origin: ORIGIN },
        { site: 'demo-video', origin: 'http://127.0.0.1:10' },
      ],
      scope: { items: ['i1'] },
      schedule: { everyMs: 90_000 },
      maxSearchPages: 20,
      startsAt: new Date('2030-01-01T00:00:00Z'),
      endsAt: new Date('2030-01-02T12:00:00Z'),
    });
    expect(campaignFromFlags(flags({ cron: ' 0 */6 * * * ', tz: 'Europe/Berlin' }), config).schedule).toEqual({
      pattern: '0 */6 * * *',
      tz: 'Europe/Berlin',
    });
  });
});
