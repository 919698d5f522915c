/**
 * The real CLI in child processes (`node --import tsx crawler/cli.ts`), with
 * its store in a temp folder and the demo sites on loopback. The tests run
 * concurrently (a few child processes at a time); the commands that open the
 * store are one test, run one after another (one PGlite folder, one process
 * at a time), and get the next free slot first.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resolveSite } from '../../crawler/commands/scan';
import type { HitRow } from '../../crawler/store';
import { HIT_STATUSES } from '../../shared/model';
import { exampleCatalogue } from '../../demo/generate';
import { renderMarketListing } from '../../demo/render-market';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { childEnv, ROOT, runCommand, type CommandRun } from './helpers/command';

const FIXTURES = 'test/fixtures/cli';
const BAD = 'test/fixtures/catalogue/bad';
const EXAMPLE = 'demo/catalogue.json';
const USER_AGENT = 'counterscan-cli-test/1.0 (+loopback)';

let tmp: string;
let sites: DemoSites;

/** At most this many CLI processes at once (a 2-core machine); the store chain goes to the head of the queue. */
const MAX_CHILDREN = 3;
let running = 0;
const waiting: (() => void)[] = [];
async function cli(
  args: string[],
  options: { env?: Record<string, string>; first?: boolean } = {},
): Promise<CommandRun> {
  while (running >= MAX_CHILDREN)
    await new Promise<void>((r) => (options.first ? waiting.unshift(r) : waiting.push(r)));
  running++;
  try {
    return await spawnCli(args, options.env ?? {});
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function spawnCli(args: string[], env: Record<string, string>): Promise<CommandRun> {
  return runCommand(
    args,
    childEnv({
      COUNTERSCAN_DATA_DIR: join(tmp, 'data'),
      COUNTERSCAN_REPORT_DIR: join(tmp, 'reports'),
      COUNTERSCAN_USER_AGENT: USER_AGENT,
      COUNTERSCAN_HOST_DELAY_MS: '2',
      COUNTERSCAN_RETRY_BASE_MS: '20',
      // The test sites are on loopback, which the outbound policy refuses unless allowed.
      COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.1',
      ...env,
    }),
  );
}

const STACK = /^\s+at /m;
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'counterscan-cli-'));
  sites = await startDemoSites({ latencyMs: 2 });
});

afterAll(async () => {
  await sites?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// Each test starts CLI processes; on a loaded 2-core machine one can take a minute to start.
describe.concurrent('counterscan CLI', { timeout: 180_000 }, () => {
  // First, so the longest chain gets going at once.
  it('import, scan, a refused import, then hits as json, csv and table', async ({ expect }) => {
    const catalogue = exampleCatalogue();
    const run = (args: string[]) => cli(args, { first: true });
    const imported = await run(['import', EXAMPLE]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`import: ${catalogue.items.length} items of ${catalogue.holders.length} holders`);

    sites.market.log.clear();
    sites.video.log.clear();
    const scan = await run([
      'scan',
      '--catalogue',
      EXAMPLE,
      '--site',
      'demo-market',
      '--origin',
      sites.market.origin,
      '--max-listings',
      '20',
      '--max-pages',
      '1',
    ]);
    expect(scan.code, scan.stderr).toBe(0);
    const summary = new RegExp(
      String.raw`scan: site=demo-market (?:origin=\S+ )?listings=(\d+) hits=(\d+) ` +
        String.raw`skipped_by_robots=(\d+) failed=(\d+) (?:blocked=\d+ )?report=(\S+)`,
    ).exec(scan.stdout);
    expect(summary, scan.stdout).not.toBeNull();
    const [fetched, hitCount] = [Number(summary![1]), Number(summary![2])];
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThanOrEqual(20);
    expect(hitCount).toBeGreaterThan(0);
    expect(summary![5]).toContain(join(tmp, 'reports'));
    expect((await readdir(join(tmp, 'reports'))).some((f) => f.endsWith('.html'))).toBe(true);
    const log = sites.market.log.entries;
    const listingPaths = new Set(log.map((e) => e.path).filter((p) => p.startsWith('/item/')));
    expect(listingPaths.size).toBeLessThanOrEqual(20);
    expect(log.filter((e) => e.path === '/robots.txt')).toHaveLength(1);
    expect(log.every((e) => e.userAgent === USER_AGENT)).toBe(true);
    expect(sites.market.log.maxInFlight).toBeLessThanOrEqual(2);
    expect(sites.video.log.entries).toHaveLength(0);

    // A catalogue that would rename every example item and add acme's, but has bad rows: refused whole.
    const badRows = (await readFile(join(ROOT, BAD, 'bad-values.csv'), 'utf8')).trim().split('\n').slice(1);
    const overwrite = catalogue.items.map(
      (i) => `${i.id},${i.holder},${i.ipType},OVERWRITTEN ${i.id},${i.category ?? ''}`,
    );
    const partial = join(tmp, 'partly-bad.csv');
    await writeFile(partial, ['id,holder,ip_type,title,category', ...overwrite, ...badRows].join('\n') + '\n');
    const refused = await run(['import', partial]);
    expect(refused.code).toBe(1);
    const n = catalogue.items.length;
    expect(refused.stderr).toContain(
      `${partial}: row ${n + 2} (line ${n + 3}), field ip_type: expected one of trademark|`,
    );
    expect(refused.stderr).toContain(`${partial}: row ${n + 3} (line ${n + 4}), field title: required, but empty`);
    expect(refused.stderr).not.toMatch(STACK);

    const json = await run(['hits', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const hits = JSON.parse(json.stdout) as HitRow[];
    expect(hits).toHaveLength(hitCount);
    const titles = new Map(catalogue.items.map((i) => [i.id, i.title]));
    const holderNames = new Map(catalogue.holders.map((h) => [h.id, h.name]));
    for (const h of hits) {
      expect(h.listingUrl.startsWith(`${sites.market.origin}/item/`)).toBe(true);
      expect(listingPaths.has(new URL(h.listingUrl).pathname)).toBe(true);
      expect(h.status).toBe('new');
      expect(h.score).toBeGreaterThanOrEqual(0.5);
      // Unchanged by the refused import.
      expect(h.itemTitle).toBe(titles.get(h.itemId));
      expect(h.holderName).toBe(holderNames.get(h.holderId));
    }
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(json.stdout).not.toContain('OVERWRITTEN');

    const csv = await run(['hits', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const records = parseCsv(csv.stdout) as string[][];
    expect(records[0]).toEqual([
      'score',
      'status',
      'holder',
      'item_id',
      'item_title',
      'site',
      'listing_title',
      'price',
      'currency',
      'reference_price',
      'reference_currency',
      'seller',
      'listing_url',
      'reasons',
    ]);
    expect(records.slice(1).map((r) => r[12])).toEqual(hits.map((h) => h.listingUrl));
    expect(records.slice(1).map((r) => r[0])).toEqual(hits.map((h) => h.score.toFixed(3)));

    const table = await run(['hits', '--format', 'table']);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.replace(/\n$/, '').split('\n');
    expect(rows[0]).toMatch(/^score\s+item\s+listing\s+reasons$/);
    expect(rows[1]).toMatch(/^-{20,}$/);
    expect(rows).toHaveLength(2 + Math.min(hitCount, 50));
    expect(rows[2]).toMatch(new RegExp(`^${hits[0]!.score.toFixed(2)}\\s`));
  }, 150_000);

  it('--help exits 0 for the program and every command', async ({ expect }) => {
    const commands = ['', 'demo', 'scan', 'import', 'hits', 'match', 'extract'];
    const runs = await Promise.all(commands.map((c) => cli([...(c ? [c] : []), '--help'])));
    runs.forEach((r, i) => {
      const c = commands[i]!;
      expect(r.code, `${c} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: counterscan${c ? ` ${c}` : ''}`);
    });
    expect(runs[0]!.stdout).toContain('COUNTERSCAN_DATA_DIR');
    for (const c of commands.slice(1)) expect(runs[0]!.stdout).toContain(c);
  });

  it('match: one line out per non-blank line in, in order, best matches first (JSON and CSV catalogues)', async ({
    expect,
  }) => {
    const listings = `${FIXTURES}/listings.jsonl`;
    const [fromJson, fromCsv] = await Promise.all([
      cli(['match', '--catalogue', `${FIXTURES}/catalogue.json`, '--listings', listings]),
      cli(['match', '--catalogue', `${FIXTURES}/catalogue.csv`, '--listings', listings]),
    ]);
    expect(fromJson.code, fromJson.stderr).toBe(0);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    // The two files describe the same catalogue, so the answers are the same.
    expect(fromCsv.stdout).toBe(fromJson.stdout);

    const input = lines(await readFile(join(ROOT, listings), 'utf8')).map((l) => JSON.parse(l) as { url: string });
    const rawOut = fromJson.stdout.split('\n');
    expect(rawOut.pop()).toBe('');
    expect(rawOut).toHaveLength(input.length);
    type Out = {
      url: string;
      matches: { itemId: string; score: number; signals: { name: string; weight: number; evidence: string }[] }[];
    };
    const out = rawOut.map((l) => JSON.parse(l) as Out);
    expect(out.map((o) => o.url)).toEqual(input.map((i) => i.url));
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['matches', 'url']);
      expect(o.matches.length).toBeLessThanOrEqual(5);
      const scores = o.matches.map((m) => m.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const m of o.matches) {
        expect(Object.keys(m).sort()).toEqual(['itemId', 'score', 'signals']);
        expect(m.score).toBeGreaterThan(0);
        expect(m.score).toBeLessThanOrEqual(1);
        expect(m.signals.length).toBeGreaterThan(0);
        for (const s of m.signals)
          expect(s).toEqual({ name: expect.any(String), weight: expect.any(Number), evidence: expect.any(String) });
      }
    }
    const byUrl = new Map(out.map((o) => [o.url.split('/').pop(), o.matches]));
    expect(byUrl.get('1')![0]!.itemId).toBe('acme-tote');
    // Six Acme items fit listing 2; only the default limit of 5 are given.
    expect(byUrl.get('2')).toHaveLength(5);
    expect(byUrl.get('2')!.every((m) => m.itemId.startsWith('acme-'))).toBe(true);
    expect(byUrl.get('3')).toEqual([]);
    expect(byUrl.get('4')![0]!.itemId).toBe('zeta-diver');
    // The price given as "4,500" with currency "eur" became a reference price.
    expect(byUrl.get('4')![0]!.signals.map((s) => s.name)).toContain('price_far_below_reference');
    expect(byUrl.get('5')![0]!.itemId).toBe('nova-x5');
  });

  it('match: a bad JSON line is exit 1 with one line naming file and line; --verbose adds the stack', async ({
    expect,
  }) => {
    const file = `${FIXTURES}/bad-line.jsonl`;
    const args = ['match', '--catalogue', `${FIXTURES}/catalogue.json`, '--listings', file];
    const [plain, verbose] = await Promise.all([cli(args), cli(['--verbose', ...args])]);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toHaveLength(1);
    expect(plain.stderr).toContain(`${file}: line 3: not JSON`);
    expect(plain.stderr).not.toMatch(STACK);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toContain(`${file}: line 3: not JSON`);
    expect(verbose.stderr).toMatch(STACK);
  });

  it('hits --status with an unknown status is exit 1 naming the valid ones', async ({ expect }) => {
    const r = await cli(['hits', '--status', 'bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(HIT_STATUSES.join('|'));
    expect(r.stderr).toContain('bogus');
    expect(r.stderr).not.toMatch(STACK);
  });

  // bad-values.csv is checked in the store test below, where it must also leave the store unchanged.
  it('import of a bad catalogue is exit 1, naming file, row and field', async ({ expect }) => {
    const json = await cli(['import', `${BAD}/bad-items.json`]);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.stderr).toContain(`${BAD}/bad-items.json: row 2, field items[1].ipType`);
    expect(json.stderr).toContain(`${BAD}/bad-items.json: row 4, field items[3].referencePrice.currency`);
    expect(json.stderr).toContain(`${BAD}/bad-items.json: row 5, field items[4].holder: unknown holder 'nobody'`);
    expect(json.stderr).not.toMatch(STACK);
  });

  it('extract --file prints the listing read through the matching adapter', async ({ expect }) => {
    // A markup-only page: price and seller come from the adapter's selectors, not structured data.
    const product = sites.model.market.find((l) => l.shape === 'markup' && !l.broken && !l.flaky && !l.disallowed)!;
    const url = `${sites.market.origin}${product.path}`;
    const saved = join(tmp, 'saved.html');
    await writeFile(saved, renderMarketListing(product, sites.market.origin));
    const r = await cli(['extract', '--url', url, '--file', saved]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { adapter: string; listing: Record<string, unknown> };
    expect(out.adapter).toBe('demo-market');
    expect(out.listing).toMatchObject({
      url,
      site: 'demo-market',
      kind: 'product',
      title: product.title,
      price: product.price,
      currency: product.currency,
    });
    expect(out.listing['seller']).toMatchObject({ id: product.seller.id, name: product.seller.name });
    expect(out.listing['contentHash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resolveSite takes an adapter id (with an origin), or a search URL; a shared bare origin is ambiguous', ({
    expect,
  }) => {
    expect(resolveSite('demo-market', `${sites.market.origin}/`)).toMatchObject({
      adapter: { id: 'demo-market' },
      origin: sites.market.origin,
    });
    expect(() => resolveSite(sites.market.origin)).toThrow(/served by demo-market and demo-video.*--origin/);
    expect(resolveSite(`${sites.market.origin}/search?q=x`)).toMatchObject({
      adapter: { id: 'demo-market' },
      origin: sites.market.origin,
    });
    expect(resolveSite(`${sites.video.origin}/results?q=x`)).toMatchObject({
      adapter: { id: 'demo-video' },
      origin: sites.video.origin,
    });
    expect(resolveSite('demo-video')).toMatchObject({ adapter: { id: 'demo-video' }, origin: 'http://127.0.0.1:8402' });
    expect(() => resolveSite('nowhere')).toThrow(/no adapter named "nowhere"/);
    expect(() => resolveSite('http://example.com/')).toThrow(/no adapter knows example\.com/);
  });
});
