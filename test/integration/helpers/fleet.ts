/**
 * Helpers for the distributed-runner integration tests: a throwaway
 * PostgreSQL database, worker processes (`node --import tsx crawler/cli.ts
 * worker`) spawned as children in their own process groups, a throwaway
 * redis-server, queueing a sweep and following it to the end, the embedded
 * runner's result over the same fixtures as the reference, and hits and
 * listings read back as site-relative keys (origins differ between runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Queues } from '../../../crawler/queue/queues';
import type { CatalogueScope } from '../../../crawler/queue/registry';
import type { SweepProgress } from '../../../crawler/queue/sweep-tracker';
import { runSweep, type SweepResult } from '../../../crawler/runner/embedded';
import { PoliteFetcher } from '../../../crawler/stages/polite-fetcher';
import { openStore, type Queryable } from '../../../crawler/store';
import { Matcher } from '../../../shared/match';
import type { Catalogue } from '../../../shared/model';
import { adapterById } from '../../../shared/sites';
import { startDemoSites, type DemoSites } from '../../../demo/server';

import { PG_ADMIN_URL, REDIS_URL } from '../../setup/services';
import { childEnv, ROOT } from './command';
import { loopbackOutbound } from './outbound';

export { PG_ADMIN_URL, REDIS_URL };
export const USER_AGENT = 'counterscan-fleet-test/1.0 (+loopback)';
export const THRESHOLD = 0.5;
export const MAX_SEARCH_PAGES = 20;
export const SITES = ['demo-market', 'demo-video'] as const;
export type SiteId = (typeof SITES)[number];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- PostgreSQL

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE cs_test_<random>; `drop()` removes it (forcing out any sessions left). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

// ---------------------------------------------------------------- Redis

/** Deletes every key under `prefix:` (the test's queues, tracker, host stats). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) n += await redis.del(...keys);
  } while (cursor !== '0');
  return n;
}

/**
 * A redis-server of the test's own, persisting every write (AOF, fsync
 * always) in a temp folder, so `stop()` then `start()` on the same port and
 * folder is a restart that loses nothing.
 */
export class OwnRedis {
  private proc: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<OwnRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'cs-redis-'));
    const r = new OwnRedis(await freePort(), dir);
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.dir,
        '--save',
        '',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    this.proc = proc;
    liveChildren.add(proc);
    proc.once('exit', () => liveChildren.delete(proc));
    await until(
      `redis-server on port ${this.port}`,
      async () => {
        if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
        const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => {});
        try {
          await probe.connect();
          // Ready only once the AOF is loaded.
          return (await probe.info('persistence')).includes('loading:0');
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      50,
    );
  }

  /** SIGTERM: Redis fsyncs its AOF and exits. Resolves once the process is gone. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await exited;
    this.proc = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- worker processes

const liveChildren = new Set<ChildProcess>();
let exitHookSet = false;
/** Last resort if the test process goes away without afterAll: no orphans left behind. */
function setExitHook(): void {
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const c of liveChildren) {
      try {
        if (c.pid) process.kill(-c.pid, 'SIGKILL');
      } catch {
        c.kill('SIGKILL');
      }
    }
  });
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** stderr (pino JSON lines) and stdout, kept for diagnosis. */
  output: string[];
  exited: Promise<number | string | null>;
  alive(): boolean;
}

export interface FleetOptions {
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
  /** COUNTERSCAN_DATA_DIR (evidence files) for the workers. */
  dataDir: string;
  env?: Record<string, string>;
}

/** The worker processes of one test file; `stopAll()` in afterAll ends every one (and its process group). */
export class FleetProcesses {
  readonly workers: WorkerProcess[] = [];
  private n = 0;

  constructor(private readonly o: FleetOptions) {
    setExitHook();
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return childEnv({
      REDIS_URL: this.o.redisUrl,
      DATABASE_URL: this.o.databaseUrl,
      COUNTERSCAN_QUEUE_PREFIX: this.o.prefix,
      COUNTERSCAN_DATA_DIR: this.o.dataDir,
      // A fleet shares its evidence through the database, not one machine's disk.
      COUNTERSCAN_EVIDENCE_STORE: 'database',
      COUNTERSCAN_REPORT_DIR: join(this.o.dataDir, 'reports'),
      COUNTERSCAN_USER_AGENT: USER_AGENT,
      COUNTERSCAN_HOST_DELAY_MS: '2',
      COUNTERSCAN_HOST_CONCURRENCY: '4',
      COUNTERSCAN_RETRY_BASE_MS: '200',
      COUNTERSCAN_THRESHOLD: String(THRESHOLD),
      // The demo sites are on loopback, which the outbound policy refuses unless allowed.
      COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...this.o.env,
      ...extra,
    });
  }

  /** Spawns `worker` and resolves once it has logged "worker started". */
  async spawnWorker(
    o: { concurrency?: number; lockMs?: number; queues?: string; env?: Record<string, string> } = {},
  ): Promise<WorkerProcess> {
    const name = `w${++this.n}`;
    const args = ['--import', 'tsx', 'crawler/cli.ts', 'worker', '--concurrency', String(o.concurrency ?? 4)];
    if (o.lockMs) args.push('--lock-ms', String(o.lockMs));
    if (o.queues) args.push('--queues', o.queues);
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: this.env(o.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    liveChildren.add(child);
    const output: string[] = [];
    let started = false;
    // CS_FLEET_LOG_DIR=<dir>: each worker's output also goes to <dir>/<prefix>-<name>.log, for diagnosis.
    const logFile = process.env.CS_FLEET_LOG_DIR
      ? join(process.env.CS_FLEET_LOG_DIR, `${this.o.prefix}-${name}.log`)
      : undefined;
    const onData = (d: string) => {
      if (logFile) appendFileSync(logFile, d);
      for (const line of d.split('\n')) {
        if (!line) continue;
        if (output.length > 2000) output.splice(0, 1000);
        output.push(line);
        if (line.includes('"worker started"')) started = true;
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        resolve(code ?? signal);
      }),
    );
    const w: WorkerProcess = {
      name,
      child,
      pid: child.pid!,
      output,
      exited,
      alive: () => child.exitCode === null && child.signalCode === null,
    };
    this.workers.push(w);
    await until(
      `${name} to start`,
      () => {
        if (!w.alive()) throw new Error(`${name} exited before starting:\n${output.slice(-20).join('\n')}`);
        return started;
      },
      120_000,
      50,
    ); // a worker loads in ~2 s on a quiet machine, far longer on a busy one
    return w;
  }

  /** Runs one CLI command (e.g. `status --json`) with the fleet's environment; resolves when it exits. */
  runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'crawler/cli.ts', ...args], {
        cwd: ROOT,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      liveChildren.add(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        liveChildren.delete(child);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** SIGKILL to the worker alone (its Chromium, if any, sees its pipe close and exits). */
  async kill9(w: WorkerProcess): Promise<void> {
    w.child.kill('SIGKILL');
    await w.exited;
  }

  alive(): WorkerProcess[] {
    return this.workers.filter((w) => w.alive());
  }

  /** SIGTERM to every live worker, then SIGKILL to the process group of any still there after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const live = this.alive();
    for (const w of live) w.child.kill('SIGTERM');
    await Promise.race([Promise.all(live.map((w) => w.exited)), sleep(graceMs)]);
    for (const w of this.workers) {
      try {
        process.kill(-w.pid, 'SIGKILL');
      } catch {
        // group already gone
      }
    }
    await Promise.all(live.map((w) => w.exited));
  }

  /** The last lines every worker wrote, for a failure message. */
  tail(lines = 15): string {
    return this.workers
      .map(
        (w) => `--- ${w.name} (pid ${w.pid}, ${w.alive() ? 'alive' : 'exited'})\n${w.output.slice(-lines).join('\n')}`,
      )
      .join('\n');
  }
}

// ---------------------------------------------------------------- sweeps

export function newSweepId(site: string): string {
  return `${site}-test-${randomBytes(4).toString('hex')}`;
}

/** Queues a sweep as `sweep` does (Queues.startSweep); returns its id. */
export async function enqueueSweep(
  queues: Queues,
  o: { site: SiteId; origin: string; scope: CatalogueScope },
): Promise<string> {
  const sweepId = newSweepId(o.site);
  await queues.startSweep({
    sweepId,
    site: o.site,
    origin: o.origin,
    scope: o.scope,
    maxSearchPages: MAX_SEARCH_PAGES,
  });
  return sweepId;
}

/** Polls the tracker until `meta.finishedAt` is set; `onProgress` sees every poll. */
export async function waitForSweep(
  queues: Queues,
  sweepId: string,
  o: { timeoutMs: number; onProgress?: (p: SweepProgress) => void | Promise<void> },
): Promise<SweepProgress> {
  return until(
    `sweep ${sweepId} to finish`,
    async () => {
      const p = await queues.tracker.progress(sweepId);
      await o.onProgress?.(p);
      return p.meta.finishedAt ? p : undefined;
    },
    o.timeoutMs,
    200,
  );
}

/** Listing outcomes recorded so far in a progress snapshot (hit, listing, robots or failed). */
export function listingOutcomes(p: SweepProgress): number {
  return Object.entries(p.outcomes)
    .filter(([k]) => k === 'hit' || k === 'listing' || k === 'robots' || k.startsWith('failed:'))
    .reduce((n, [, v]) => n + v, 0);
}

// ---------------------------------------------------------------- results

const sitePath = (site: string, url: string) => {
  const u = new URL(url);
  return `${site} ${u.pathname}${u.search}`;
};

/** Hits as "site path item" keys; one entry per hits row (duplicates stay visible in the array). */
export async function hitKeys(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ site: string; listing_url: string; item_id: string }>(
    'SELECT l.site, h.listing_url, h.item_id FROM hits h JOIN listings l ON l.url = h.listing_url',
  );
  return rows.map((r) => `${sitePath(r.site, r.listing_url)} ${r.item_id}`).sort();
}

/** Listings as "site path" keys; one entry per listings row. */
export async function listingKeys(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ site: string; url: string }>('SELECT site, url FROM listings');
  return rows.map((r) => sitePath(r.site, r.url)).sort();
}

/** Hits stored more than once for one listing × item (must be none). */
export async function duplicateHits(db: Queryable): Promise<unknown[]> {
  const { rows } = await db.query(
    'SELECT listing_url, item_id, count(*)::int AS n FROM hits GROUP BY listing_url, item_id HAVING count(*) > 1',
  );
  return rows;
}

export async function listingsPerUrl(db: Queryable): Promise<unknown[]> {
  const { rows } = await db.query('SELECT url, count(*)::int AS n FROM listings GROUP BY url HAVING count(*) > 1');
  return rows;
}

export interface Reference {
  hits: Set<string>;
  listings: Set<string>;
  stats: Record<SiteId, SweepResult['stats']>;
  ms: number;
}

/**
 * The embedded runner over its own fresh demo sites (same seed, same
 * fixture data), a PGlite `memory://` store and the same catalogue: the
 * result the fleet must reproduce.
 */
export async function embeddedReference(catalogue: Catalogue): Promise<Reference> {
  const started = Date.now();
  const sites: DemoSites = await startDemoSites();
  const evidenceDir = await mkdtemp(join(tmpdir(), 'cs-embedded-evidence-'));
  const store = await openStore({ dataDir: 'memory://', evidenceDir });
  const fetcher = new PoliteFetcher({
    userAgent: USER_AGENT,
    timeoutMs: 10_000,
    hostConcurrency: 4,
    hostDelayMs: 2,
    retries: 3,
    retryBaseDelayMs: 20,
    outbound: loopbackOutbound,
  });
  try {
    await store.catalogue.upsert(catalogue);
    const matcher = new Matcher(catalogue.items, { threshold: THRESHOLD });
    const origins: Record<SiteId, string> = { 'demo-market': sites.market.origin, 'demo-video': sites.video.origin };
    const results = await Promise.all(
      SITES.map((site) =>
        runSweep({
          adapter: adapterById(site)!,
          origin: origins[site],
          items: catalogue.items,
          matcher,
          store,
          fetcher,
          concurrency: 8,
          maxSearchPages: MAX_SEARCH_PAGES,
        }),
      ),
    );
    return {
      hits: new Set(await hitKeys(store.db)),
      listings: new Set(await listingKeys(store.db)),
      stats: { 'demo-market': results[0]!.stats, 'demo-video': results[1]!.stats },
      ms: Date.now() - started,
    };
  } finally {
    await fetcher.close();
    await store.close();
    await sites.close();
    await rm(evidenceDir, { recursive: true, force: true });
  }
}

/** Elements of a not in b, and of b not in a (for a readable failure). */
export function setDiff(a: Set<string>, b: Set<string>): { missing: string[]; extra: string[] } {
  return { missing: [...a].filter((k) => !b.has(k)), extra: [...b].filter((k) => !a.has(k)) };
}

/** Processes whose parent is `pid` (from /proc), e.g. the Chromium a worker launched. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Everything a fleet test file opened, in the order it must be let go; each part may be missing (a failed beforeAll).
 */
export async function tearDownFleetTest(t: {
  fleet?: FleetProcesses;
  queues?: Queues;
  connection?: Redis;
  prefix: string;
  store?: { close(): Promise<void> };
  db?: TestDatabase;
  sites?: { close(): Promise<void> };
  dataDir?: string;
}): Promise<void> {
  await t.fleet?.stopAll();
  await t.queues?.close().catch(() => {});
  if (t.connection) {
    await deleteKeys(t.connection, t.prefix).catch(() => {});
    t.connection.disconnect();
  }
  await t.store?.close().catch(() => {});
  await t.db?.drop();
  await t.sites?.close();
  if (t.dataDir) await rm(t.dataDir, { recursive: true, force: true });
}
