/**
 * bench:crawl — the whole pipeline (fetch, extract, match, store) over a
 * 10,000-listing fixture marketplace on loopback, three ways on the same data:
 *
 *  (a) the embedded runner (`runSweep`) into a fresh PGlite store, opened as
 *      `scan` opens it (`openStore` with `thread`: PGlite on a worker thread of its own);
 *  (b) the distributed runner: 2 spawned `worker` processes on Redis (own
 *      key prefix) and PostgreSQL (a throwaway database), run as installed
 *      (`bin/counterscan.mjs worker`: the compiled CLI, started by its launcher
 *      with its V8 flags); worker_peak_rss_mb is the largest worker's peak RSS
 *      (VmHWM, start-up and warm-up included);
 *  (c) Crawlee's CheerioCrawler doing the same work with our stages
 *      (extractSearchResults → enqueue, extractListing → Matcher.best →
 *      recordListing) into a fresh PGlite store, opened the same way as (a).
 *
 * Same politeness for all three (robots.txt obeyed, per-host cap
 * BENCH_HOST_CONCURRENCY, delay 0: it is our own loopback server), same global
 * concurrency. The fixture server runs in a child process (started afresh for
 * each run, same model), so it takes no CPU from the crawler being measured.
 *
 * Fixture changes, the same for all three runs: the 3 JavaScript-only listings
 * are served as plain markup (CheerioCrawler cannot render them, and ours
 * would launch Chromium for them), and the always-500 listings answer 404
 * instead (no retry-backoff tail that would measure back-off timers, not
 * throughput). The one flaky listing (503 once) stays.
 *
 * pages_per_s = pages the fixture server answered 200 (robots.txt excluded) /
 * seconds from the first request queued to the last page stored (store
 * opening, migration and worker start-up are outside the timer). Crawlee is
 * set up fairly, not hobbled: min = max concurrency (no ramp-up), no session
 * pool or generated browser headers (we send our own user agent, as ours does),
 * in-memory storage; it parses each page itself (twice, htmlparser2) before our
 * stages parse it again with cheerioDocument, as the task asks. The embedded
 * and Crawlee runs are CPU-profiled in-process (0.5 ms sampling, a few %
 * overhead for both) to show where the main thread's time goes (the store's
 * thread is not sampled: its share of "store" is what calling it costs the
 * main thread); cpu_ms_per_page is the crawler's CPU per page, all its threads,
 * steadier than wall time on a shared machine.
 *
 *   npm run bench:crawl
 *   BENCH_RUNS=embedded npm run bench:crawl     # one or more of embedded,distributed,crawlee
 *
 * Env: BENCH_SIZE (total listing pages, split 5:2 market:video; only the
 * market is swept; default 14000 → 10,000 market listings), BENCH_CONCURRENCY
 * (16), BENCH_HOST_CONCURRENCY (16), BENCH_MAX_SEARCH_PAGES (50),
 * BENCH_WORKERS (2), BENCH_WARMUP_PAGES (1: an untimed warm-up crawl of that
 * many search pages per query before each runner's first measured crawl; 0 =
 * none), BENCH_REPEAT (1: rounds; the final line then takes each runner's
 * best), BENCH_CPUPROFILE_DIR (keep the raw CPU profiles), REDIS_URL,
 * PG_ADMIN_URL.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIZE = Number(process.env.BENCH_SIZE ?? 14_000);
const SEED = 42;

// ------------------------------------------------------------- fixture server (child process)

async function serve(): Promise<void> {
  const { generateDemo } = await import('../../demo/generate');
  const { startDemoSites } = await import('../../demo/server');
  const model = generateDemo({ seed: SEED, size: SIZE });
  for (const l of model.market) {
    if (l.needsBrowser) {
      l.needsBrowser = false;
      l.shape = 'markup';
      l.path = `/item/${l.id}.html`;
    }
    if (l.broken === 'http500') l.broken = 'http404';
  }
  type Sites = Awaited<ReturnType<typeof startDemoSites>>;
  let sites: Sites | undefined;
  let cpu = process.cpuUsage();
  let t0 = performance.now();
  process.on('message', (m: { cmd: string }) => {
    void (async () => {
      if (m.cmd === 'start') {
        await sites?.close();
        sites = await startDemoSites({ model, latencyMs: 0 });
        cpu = process.cpuUsage();
        t0 = performance.now();
        process.send!({ cmd: 'started', origin: sites.market.origin, marketListings: model.market.length });
      } else if (m.cmd === 'stop') {
        const used = process.cpuUsage(cpu);
        const wallMs = performance.now() - t0;
        const e = sites?.market.log.entries ?? [];
        const pages = e.filter((x) => x.path !== '/robots.txt');
        const out = {
          cmd: 'stopped',
          requests: pages.length,
          ok: pages.filter((x) => x.status === 200).length,
          listingOk: pages.filter((x) => x.status === 200 && x.path.startsWith('/item/')).length,
          searchOk: pages.filter((x) => x.status === 200 && x.path.startsWith('/search')).length,
          robots: e.length - pages.length,
          hidden: pages.filter((x) => x.path.startsWith('/item/hidden/')).length,
          maxInFlight: sites?.market.log.maxInFlight ?? 0,
          cpuShare: (used.user + used.system) / 1000 / wallMs,
        };
        await sites?.close();
        sites = undefined;
        process.send!(out);
      } else if (m.cmd === 'exit') {
        await sites?.close();
        process.exit(0);
      }
    })();
  });
  process.send!({ cmd: 'ready' });
}

interface ServerStats {
  requests: number;
  ok: number;
  listingOk: number;
  searchOk: number;
  robots: number;
  hidden: number;
  maxInFlight: number;
  cpuShare: number;
}

class FixtureServer {
  private constructor(private readonly child: ChildProcess) {}

  static async fork(): Promise<FixtureServer> {
    const child = fork(SELF, ['--serve'], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SIZE: String(SIZE) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const s = new FixtureServer(child);
    await s.next('ready');
    return s;
  }

  private next<T>(cmd: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMsg = (m: { cmd: string }) => {
        if (m.cmd !== cmd) return;
        this.child.off('message', onMsg);
        this.child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`fixture server exited (${code}) waiting for ${cmd}`));
      this.child.on('message', onMsg);
      this.child.once('exit', onExit);
    });
  }

  async start(): Promise<{ origin: string; marketListings: number }> {
    const p = this.next<{ origin: string; marketListings: number }>('started');
    this.child.send({ cmd: 'start' });
    return p;
  }

  async stop(): Promise<ServerStats> {
    const p = this.next<ServerStats>('stopped');
    this.child.send({ cmd: 'stop' });
    return p;
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.send({ cmd: 'exit' });
    await gone;
  }
}

// ------------------------------------------------------------- where the time goes (CPU profile)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Samples this process's main thread (inspector, 0.5 ms) while `fn` runs, and
 * splits the samples by pipeline stage: each sample goes to the first frame,
 * from the leaf up, that belongs to a known stage's code.
 */
async function profiled<T>(
  name: string,
  fn: () => Promise<T>,
): Promise<{ result: T; split: Record<string, number>; totalMs: number }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let result: T;
  let profile: CpuProfile;
  try {
    result = await fn();
  } finally {
    profile = ((await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }).profile;
    session.disconnect();
  }
  // BENCH_CPUPROFILE_DIR=dir keeps the raw profile (open it in Chrome DevTools).
  if (process.env.BENCH_CPUPROFILE_DIR)
    writeFileSync(join(process.env.BENCH_CPUPROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const classify = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const chain: ProfileNode['callFrame'][] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      chain.push(nodes.get(cur)!.callFrame);
    const leaf = chain[0]!.functionName;
    let cat =
      leaf === '(idle)' ? 'idle' : leaf === '(garbage collector)' ? 'gc' : leaf === '(program)' ? 'v8/program' : '';
    if (!cat) {
      for (const { url, functionName } of chain) {
        // WebAssembly frames belong to their caller: PGlite, or undici's llhttp parser.
        if (/pglite|pg-protocol|crawler\/store\//.test(url)) cat = 'store (PGlite)';
        else if (/parse5|htmlparser2|domhandler|\/entities\//.test(url)) {
          cat = chain.some((f) => f.functionName === 'cheerioDocument')
            ? 'parse (cheerioDocument, parse5)'
            : chain.some((f) => /@crawlee\//.test(f.url))
              ? 'crawlee own parse (htmlparser2 x2)'
              : 'parse (other)';
        } else if (
          /shared\/extract\/|css-select|cheerio-select|nth-check|domutils|\/cheerio\//.test(url) ||
          functionName === 'extractListing'
        )
          cat = 'extract (selectors, JSON-LD)';
        else if (/shared\/match\/|fuse\.js|opencc|pinyin/.test(url)) cat = 'match';
        else if (/@crawlee\/|@apify\/|got-scraping|\/got\/|header-generator|\/ow\//.test(url))
          cat = 'crawlee machinery (queue, got-scraping)';
        else if (/undici|crawler\/fetch\/|crawler\/stages\/polite|shared\/robots/.test(url))
          cat = 'fetch (undici, robots, host cap)';
        else if (/crawler\/runner\/|crawler\/stages\//.test(url)) cat = 'runner';
        if (cat) break;
      }
    }
    if (!cat)
      cat = /node:(internal\/)?(net|stream|http|_http|dns|tls|zlib)|node:internal\/streams/.test(chain[0]!.url)
        ? 'node net/streams'
        : 'other';
    memo.set(id, cat);
    return cat;
  };
  const split: Record<string, number> = {};
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    split[classify(id)] = (split[classify(id)] ?? 0) + ms;
    totalMs += ms;
  });
  return { result: result!, split, totalMs };
}

function printSplit(name: string, split: Record<string, number>, totalMs: number, pages: number): void {
  const rows = Object.entries(split).sort((a, b) => b[1] - a[1]);
  console.log(
    `bench:crawl: ${name} where the time goes (main-thread CPU profile, ${totalMs.toFixed(0)} ms sampled; ms per ` +
      `fetched page, share):`,
  );
  console.log(
    `bench:crawl:   ${rows
      .map(([k, v]) => `${k} ${(v / pages).toFixed(2)} ` + `(${((100 * v) / totalMs).toFixed(0)}%)`)
      .join(' | ')}`,
  );
}

/** A process and its descendants (Linux /proc): a worker is its launcher and the node it starts. */
function processTree(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    // gone
  }
  return [pid, ...kids.flatMap(processTree)];
}

/** A /proc/<pid>/status size in MB (VmHWM: the process's peak RSS; VmRSS: now), 0 when gone. */
function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kb ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** User+system CPU of processes, in ms, from /proc (Linux). */
function procCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / 100;
}

// ------------------------------------------------------------- the bench

interface RunFigures {
  name: string;
  seconds: number;
  /** CPU the crawler used during the run (user + system), and whose. */
  cpuMs: number;
  cpuWhat: string;
  /** Main-thread CPU profile split by stage, ms. */
  split?: Record<string, number>;
  splitMs?: number;
  server: ServerStats;
  hits: number;
  listingsStored: number;
  hitsStored: number;
  failed: number;
  robotsSkipped: number;
  /** Distributed: the largest worker's peak RSS. */
  workerPeakRssMb?: number;
  notes: string[];
}

const pps = (r: RunFigures) => r.server.ok / r.seconds;
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'NaN');

async function main(): Promise<void> {
  const { Matcher } = await import('../../shared/match');
  const { adapterById } = await import('../../shared/sites');
  const { exampleCatalogue, siteForItem } = await import('../../demo/generate');
  const { searchQueries } = await import('../../crawler/stages/queries');

  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const HOST_CONCURRENCY = Number(process.env.BENCH_HOST_CONCURRENCY ?? 16);
  const MAX_SEARCH_PAGES = Number(process.env.BENCH_MAX_SEARCH_PAGES ?? 50);
  const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
  const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
  const WARMUP_PAGES = Number(process.env.BENCH_WARMUP_PAGES ?? 1);
  const RUNS = (process.env.BENCH_RUNS ?? 'embedded,distributed,crawlee').split(',').map((s) => s.trim());
  const THRESHOLD = 0.5;
  const USER_AGENT = 'counterscan-bench/1.0 (+loopback)';

  const adapter = adapterById('demo-market')!;
  const catalogue = exampleCatalogue();
  // Only the marketplace is swept: its items are the sweep's scope (the video works would only search for nothing).
  const items = catalogue.items.filter((i) => siteForItem(i) === 'demo-market');
  const tmp = await mkdtemp(join(tmpdir(), 'cs-bench-crawl-'));
  const server = await FixtureServer.fork();
  const results: Record<string, RunFigures[]> = {};

  const first = await server.start();
  await server.stop();
  console.log(
    `bench:crawl: fixture market=${first.marketListings} listings (size ${SIZE}), ` +
      `queries=${searchQueries(items).length}, concurrency=${CONCURRENCY}, host_concurrency=${HOST_CONCURRENCY}, ` +
      `host_delay_ms=0, max_search_pages=${MAX_SEARCH_PAGES}, workers=${WORKERS}, cpus=${availableParallelism()}, ` +
      `loadavg_1m=${loadavg()[0]!.toFixed(1)}`,
  );

  const report = (r: RunFigures, round: number) => {
    (results[r.name] ??= []).push(r);
    const tag = REPEAT > 1 ? `${r.name}#${round + 1}` : r.name;
    console.log(
      `bench:crawl: ${tag}: pages_fetched=${r.server.ok} (listing ${r.server.listingOk}, search ` +
        `${r.server.searchOk}; requests ${r.server.requests}, robots.txt ${r.server.robots}, disallowed fetched ` +
        `${r.server.hidden}) hits=${r.hits} seconds=${f2(r.seconds)} pages_per_s=${f2(pps(r))}`,
    );
    console.log(
      `bench:crawl: ${tag}: stored listings=${r.listingsStored} hits=${r.hitsStored} failed=${r.failed} ` +
        `skipped_by_robots=${r.robotsSkipped} server_max_in_flight=${r.server.maxInFlight} ` +
        `cpu_ms_per_page=${f2(r.cpuMs / r.server.ok)} (${r.cpuWhat}, ${(r.cpuMs / 1000).toFixed(1)} s) ` +
        `server_cpu=${f2(r.server.cpuShare)} ` +
        `loadavg_1m=${loadavg()[0]!.toFixed(1)}` +
        `${r.workerPeakRssMb !== undefined ? ` worker_peak_rss_mb=${r.workerPeakRssMb}` : ''}` +
        `${r.notes.length ? ` ${r.notes.join(' ')}` : ''}`,
    );
    if (r.split) printSplit(tag, r.split, r.splitMs ?? 0, r.server.ok);
  };
  // A fresh fixture server (same model) for each crawl; its log then counts that crawl alone.
  const fresh = async () => (await server.start()).origin;

  try {
    // Rounds interleave the three (a b c, a b c, ...), so a change in the machine's load hits all of them.
    for (let round = 0; round < REPEAT; round++) {
      for (const name of RUNS) {
        let run: Omit<RunFigures, 'server'>;
        if (name === 'embedded' || name === 'crawlee') {
          const crawl = name === 'embedded' ? runEmbedded : runCrawlee;
          // Untimed warm-up into its own store, so JIT and WebAssembly tier-up are not billed to whichever runs first.
          if (WARMUP_PAGES > 0 && round === 0) await crawl(await fresh(), WARMUP_PAGES);
          run = await crawl(await fresh(), MAX_SEARCH_PAGES);
        } else if (name === 'distributed') {
          run = await runDistributed(fresh);
        } else {
          throw new Error(`BENCH_RUNS: unknown run "${name}" (known: embedded, distributed, crawlee)`);
        }
        report({ ...run, server: await server.stop() }, round);
      }
    }
  } finally {
    await server.exit();
    await rm(tmp, { recursive: true, force: true });
  }

  // With BENCH_REPEAT > 1, each runner's best round (noise on a shared machine only ever slows a run down).
  const best = (name: string) => Math.max(...(results[name] ?? []).map(pps));
  const a = results.embedded ? best('embedded') : NaN;
  const b = results.distributed ? best('distributed') : NaN;
  const c = results.crawlee ? best('crawlee') : NaN;
  const workerPeak = Math.max(...(results.distributed ?? []).map((r) => r.workerPeakRssMb ?? 0));
  if (REPEAT > 1) console.log(`bench:crawl: best of ${REPEAT} rounds per runner`);
  console.log(
    `bench:crawl: embedded_pps=${f2(a)} distributed_pps=${f2(b)} crawlee_pps=${f2(c)} ratio_embedded=${f2(a / c)} ` +
      `ratio_distributed=${f2(b / c)}${results.distributed ? ` worker_peak_rss_mb=${workerPeak}` : ''}`,
  );

  // ----------------------------------------------------------- (a) embedded

  async function runEmbedded(origin: string, maxSearchPages: number): Promise<Omit<RunFigures, 'server'>> {
    const { runSweep } = await import('../../crawler/runner/embedded');
    const { PoliteFetcher } = await import('../../crawler/stages/polite-fetcher');
    const { OutboundPolicy } = await import('../../crawler/fetch/outbound-policy');
    const { openStore } = await import('../../crawler/store');

    const store = await openStore({ dataDir: 'memory://', evidenceDir: join(tmp, 'embedded-evidence'), thread: true });
    await store.catalogue.upsert(catalogue);
    const matcher = new Matcher(items, { threshold: THRESHOLD });
    const fetcher = new PoliteFetcher({
      userAgent: USER_AGENT,
      timeoutMs: 15_000,
      hostConcurrency: HOST_CONCURRENCY,
      hostDelayMs: 0,
      retries: 3,
      retryBaseDelayMs: 50,
      outbound: new OutboundPolicy({ allow: ['127.0.0.1'] }),
    }); // the fixture server is on loopback
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { result, split, totalMs } = await profiled('embedded', () =>
        runSweep({ adapter, origin, items, matcher, store, fetcher, concurrency: CONCURRENCY, maxSearchPages }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const { stats } = result;
      const listingsStored = await store.listings.count();
      const hitsStored = (await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hits')).rows[0]?.n ?? 0;
      return {
        name: 'embedded',
        seconds,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuWhat: 'bench process',
        split,
        splitMs: totalMs,
        hits: stats.hits,
        listingsStored,
        hitsStored,
        failed: stats.failed,
        robotsSkipped: stats.skippedByRobots,
        notes: [
          `errors=${JSON.stringify(stats.errors)}`,
          `search_pages=${stats.searchPages}`,
          `listings_found=${stats.listingsFound}`,
        ],
      };
    } finally {
      await fetcher.close();
      await store.close();
    }
  }

  // ----------------------------------------------------------- (b) distributed

  async function runDistributed(fresh: () => Promise<string>): Promise<Omit<RunFigures, 'server'>> {
    const pg = (await import('pg')).default;
    const { redisConnection } = await import('../../crawler/queue/connection');
    const { Queues } = await import('../../crawler/queue/queues');
    const { openStore } = await import('../../crawler/store');

    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const suffix = randomBytes(5).toString('hex');
    const dbName = `cs_bench_${suffix}`;
    const prefix = `csbench-${suffix}`;
    const dataDir = join(tmp, 'distributed');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = `/${dbName}`;
    const databaseUrl = dbUrl.toString();

    const connection = redisConnection(redisUrl, 'bench-crawl');
    const queues = new Queues(connection, prefix);
    const store = await openStore({ dataDir, databaseUrl });
    const children: ChildProcess[] = [];
    const logFile = join(tmp, 'workers.log');
    const log = createWriteStream(logFile);
    let warnLines = 0;
    try {
      await store.catalogue.upsert(catalogue);
      // Global concurrency CONCURRENCY split over the workers: `--concurrency` is per queue per process.
      const perWorker = Math.max(1, Math.round(CONCURRENCY / WORKERS));
      const env: NodeJS.ProcessEnv = {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !k.startsWith('COUNTERSCAN_') && k !== 'NODE_OPTIONS'),
        ),
        NO_COLOR: '1',
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
        COUNTERSCAN_QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        COUNTERSCAN_DATA_DIR: dataDir,
        COUNTERSCAN_REPORT_DIR: join(dataDir, 'reports'),
        COUNTERSCAN_USER_AGENT: USER_AGENT,
        COUNTERSCAN_HOST_DELAY_MS: '0',
        COUNTERSCAN_HOST_CONCURRENCY: String(HOST_CONCURRENCY),
        COUNTERSCAN_THRESHOLD: String(THRESHOLD),
        COUNTERSCAN_RETRY_BASE_MS: '50',
        COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.1',
      };
      // The workers run the CLI as installed (compiled, started by its launcher with its V8 flags): built
      // once here, so two workers starting together do not both build it.
      const build = spawnSync(process.execPath, ['bin/counterscan.mjs', '--help'], { cwd: ROOT, stdio: 'ignore' });
      if (build.status !== 0) throw new Error('bin/counterscan.mjs --help failed: build the CLI (npm run build:cli)');
      for (let i = 0; i < WORKERS; i++) {
        const child = spawn(process.execPath, ['bin/counterscan.mjs', 'worker', '--concurrency', String(perWorker)], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        children.push(child);
        for (const s of [child.stdout!, child.stderr!]) {
          s.setEncoding('utf8').on('data', (d: string) => {
            warnLines += d.split('\n').filter((l) => l.includes('"level":40')).length;
            log.write(d);
          });
        }
      }
      // Ready when every worker process is connected to every work queue.
      const readyBy = Date.now() + 60_000;
      for (;;) {
        const counts = await Promise.all(Object.values(queues.queues).map((q) => q.getWorkersCount()));
        if (counts.every((n) => n >= WORKERS)) break;
        const dead = children.find((c) => c.exitCode !== null);
        if (dead) throw new Error(`a worker exited (${dead.exitCode}) before starting; see its output above`);
        if (Date.now() > readyBy) throw new Error(`workers not ready after 60 s (per queue: ${counts.join(', ')})`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const scope = { items: items.map((i) => i.id) };
      const finished = async (sweepId: string, t0: number) => {
        let progress = await queues.tracker.progress(sweepId);
        while (!progress.meta.finishedAt) {
          if (performance.now() - t0 > 30 * 60_000)
            throw new Error(`distributed sweep ${sweepId} did not finish in 30 minutes`);
          await new Promise((r) => setTimeout(r, 100));
          progress = await queues.tracker.progress(sweepId);
        }
        return progress;
      };
      if (WARMUP_PAGES > 0) {
        // Untimed warm-up sweep (the workers' JIT), then empty tables again for the measured sweep.
        const warmId = `demo-market-warmup-${suffix}`;
        await queues.startSweep({
          sweepId: warmId,
          site: 'demo-market',
          origin: await fresh(),
          scope,
          maxSearchPages: WARMUP_PAGES,
        });
        await finished(warmId, performance.now());
        await store.db.exec('TRUNCATE hits, evidence, listing_versions, listings, sweeps CASCADE');
      }
      const origin = await fresh();
      const sweepId = `demo-market-bench-${suffix}`;
      const redisPid = Number(/process_id:(\d+)/.exec(await connection.info('server'))?.[1] ?? 0);
      const backends = async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          return (
            await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName])
          ).rows.map((r) => r.pid);
        } finally {
          await c.end();
        }
      };
      const workerPids = children.flatMap((c) => processTree(c.pid!));
      const pgBefore = new Map((await backends()).map((pid) => [pid, procCpuMs([pid])]));
      const workersBefore = procCpuMs(workerPids);
      const redisBefore = procCpuMs([redisPid]);
      const t0 = performance.now();
      await queues.startSweep({ sweepId, site: 'demo-market', origin, scope, maxSearchPages: MAX_SEARCH_PAGES });
      const progress = await finished(sweepId, t0);
      const seconds = (performance.now() - t0) / 1000;
      const workersCpu = procCpuMs(workerPids) - workersBefore;
      // Each worker's largest process (the node its launcher started): its peak since it started, and now.
      const workerRss = children.map((c) => {
        const tree = processTree(c.pid!);
        return {
          peak: Math.max(...tree.map((pid) => statusMb(pid, 'VmHWM'))),
          now: Math.max(...tree.map((pid) => statusMb(pid, 'VmRSS'))),
        };
      });
      const redisCpu = procCpuMs([redisPid]) - redisBefore;
      const pgCpu = (await backends()).reduce((n, pid) => n + procCpuMs([pid]) - (pgBefore.get(pid) ?? 0), 0);
      const o = progress.outcomes;
      const failed = Object.entries(o)
        .filter(([k]) => k.startsWith('failed:'))
        .reduce((n, [, v]) => n + v, 0);
      const listingsStored = await store.listings.count();
      const hitsStored = (await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hits')).rows[0]?.n ?? 0;
      return {
        name: 'distributed',
        seconds,
        workerPeakRssMb: Math.max(...workerRss.map((w) => w.peak)),
        cpuMs: workersCpu + pgCpu + redisCpu,
        cpuWhat:
          `workers ${(workersCpu / 1000).toFixed(1)} s + their PostgreSQL backends ` +
          `${(pgCpu / 1000).toFixed(1)} s + redis-server (shared) ${(redisCpu / 1000).toFixed(1)} s`,
        hits: o.hit ?? 0,
        listingsStored,
        hitsStored,
        failed,
        robotsSkipped: o.robots ?? 0,
        notes: [
          `outcomes=${JSON.stringify(o)}`,
          `jobs=${progress.jobs}`,
          `worker_warn_lines=${warnLines}`,
          `worker_rss_mb_at_end=${workerRss.map((w) => w.now).join(',')}`,
          `workers=${WORKERS}x--concurrency ${perWorker}`,
        ],
      };
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
      await Promise.race([
        Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r))))),
        new Promise((r) => setTimeout(r, 10_000)),
      ]);
      for (const c of children) {
        try {
          if (c.exitCode === null && c.pid) process.kill(-c.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      log.end();
      await queues.close();
      let cursor = '0';
      do {
        const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await connection.del(...keys);
      } while (cursor !== '0');
      connection.disconnect();
      await store.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await drop.end();
    }
  }

  // ----------------------------------------------------------- (c) Crawlee

  async function runCrawlee(origin: string, maxSearchPages: number): Promise<Omit<RunFigures, 'server'>> {
    const { CheerioCrawler, Configuration, log, LogLevel, purgeDefaultStorages } = await import('@crawlee/cheerio');
    const { openStore } = await import('../../crawler/store');
    const { cheerioDocument } = await import('../../crawler/fetch/cheerio-document');
    const { canonicalUrl, extractListing, extractSearchResults } = await import('../../shared/extract');
    const { recordListing } = await import('../../crawler/pipeline/record');
    const { searchUrl } = await import('../../crawler/stages/discover');

    log.setLevel(LogLevel.ERROR);
    // In memory only, nothing persisted, nothing purged from disk but our own temp folder.
    const config = new Configuration({
      persistStorage: false,
      purgeOnStart: true,
      logLevel: LogLevel.ERROR,
      storageClientOptions: { localDataDirectory: join(tmp, 'crawlee-storage'), persistStorage: false },
    });
    await purgeDefaultStorages({ config });
    const store = await openStore({ dataDir: 'memory://', evidenceDir: join(tmp, 'crawlee-evidence'), thread: true });
    await store.catalogue.upsert(catalogue);
    const matcher = new Matcher(items, { threshold: THRESHOLD });
    const sweepId = `demo-market-crawlee-${randomBytes(4).toString('hex')}`;
    await store.sweeps.start({ id: sweepId, site: adapter.id, origin });
    let hits = 0;
    let skippedByRobots = 0;
    let failed = 0;
    let listings = 0;
    const errors: Record<string, number> = {};
    const fail = (kind: string) => {
      failed++;
      errors[kind] = (errors[kind] ?? 0) + 1;
    };

    const crawler = new CheerioCrawler(
      {
        minConcurrency: CONCURRENCY,
        maxConcurrency: CONCURRENCY,
        maxRequestRetries: 3,
        respectRobotsTxtFile: { userAgent: USER_AGENT },
        onSkippedRequest: async ({ reason }) => {
          if (reason === 'robotsTxt') skippedByRobots++;
        },
        useSessionPool: false,
        persistCookiesPerSession: false,
        navigationTimeoutSecs: 15,
        // Our user agent, as ours sends, instead of generated browser headers.
        preNavigationHooks: [
          (_ctx, gotOptions) => {
            gotOptions.headers = {
              ...gotOptions.headers,
              'user-agent': USER_AGENT,
              accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
            };
            (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
          },
        ],
        async requestHandler({ request, response, body, contentType, addRequests }) {
          const url = request.loadedUrl ?? request.url;
          const status = response.statusCode ?? 0;
          if (status >= 400) return fail(`HTTP ${status}`);
          const html = typeof body === 'string' ? body : body.toString('utf8');
          if (request.label === 'SEARCH') {
            const results = extractSearchResults(cheerioDocument(html, url), adapter);
            const page = (request.userData.page as number | undefined) ?? 1;
            const next: { url: string; label: string; userData?: Record<string, unknown> }[] = results.listingUrls.map(
              (raw) => ({ url: canonicalUrl(raw, url), label: 'LISTING' }),
            );
            if (results.nextPageUrl && page < maxSearchPages)
              next.push({ url: canonicalUrl(results.nextPageUrl, url), label: 'SEARCH', userData: { page: page + 1 } });
            await addRequests(next);
            return;
          }
          listings++;
          const bytes = Buffer.from(html, 'utf8');
          const page = {
            url,
            status,
            contentType: contentType.type,
            body: html,
            bytes,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            fetchedAt: new Date().toISOString(),
          };
          let listing;
          try {
            listing = extractListing(cheerioDocument(page.body, page.url), adapter, {
              fetchedAt: page.fetchedAt,
              contentHash: page.sha256,
            });
          } catch {
            return fail('extraction');
          }
          const hit = matcher.best(listing);
          await recordListing(store, listing, page, hit, { sweepId });
          if (hit) hits++;
        },
        failedRequestHandler({ request }, err) {
          fail(`failed: ${err.message.slice(0, 40)} ${request.label}`);
        },
      },
      config,
    );
    try {
      const starts = searchQueries(items).map((q) => ({
        url: searchUrl(adapter, origin, q),
        label: 'SEARCH',
        userData: { page: 1 },
      }));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { result: stats, split, totalMs } = await profiled('crawlee', () => crawler.run(starts));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const listingsStored = await store.listings.count();
      const hitsStored = (await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hits')).rows[0]?.n ?? 0;
      return {
        name: 'crawlee',
        seconds,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuWhat: 'bench process',
        split,
        splitMs: totalMs,
        hits,
        listingsStored,
        hitsStored,
        failed,
        robotsSkipped: skippedByRobots,
        notes: [
          `errors=${JSON.stringify(errors)}`,
          `listing_pages_handled=${listings}`,
          `crawlee_finished=${stats.requestsFinished} crawlee_failed=${stats.requestsFailed} ` +
            `retries=${stats.retryHistogram.slice(1).reduce((n, v, i) => n + (v ?? 0) * (i + 1), 0)}`,
        ],
      };
    } finally {
      await crawler.teardown().catch(() => {});
      await store.close();
    }
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
