/**
 * The README works as written: every fenced `sh`/`bash` block of README.md runs, in order, in one
 * shell state (variables carry from block to block, as in a reader's terminal), in a fresh folder
 * that stands for the checkout, against a fresh demo, and must exit 0. Where the README shows output
 * (`$ ` lines with the output under them, or a `json` fence right after a block), the output must
 * have the same shape: the same kind of JSON value, with every key the README shows.
 *
 * What the test changes, and only this: the ports and services are the test's own — the README's
 * `127.0.0.1:8470` (API) and `127.0.0.1:8401` (demo marketplace) become free ports (also given as
 * COUNTERSCAN_API_PORT / COUNTERSCAN_DEMO_PORT), `redis://127.0.0.1:6379` the test's Redis (with a
 * queue prefix of its own), and the fleet's `postgres://…/counterscan` a database of its own, dropped
 * afterwards. `curl` fails a block on an HTTP error status unless its line's comment says `refused`
 * (then it must be refused). An HTML comment right before a fence can say
 * `<!-- docs-test: skip (reason) -->`, `stub npm install, npm test (reason)` (those commands are left
 * out) or `own shell (reason)` (the block's variables and background processes end with it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlocks, shapeProblems, type ReadmeBlock } from './helpers/readme-blocks';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BLOCK_TIMEOUT_MS = 240_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port whose next port is free too (the demo's video site takes it). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p < 65_535 && (await portFree(p + 1))) return p;
  }
}

/** Shell run before each block: the state the earlier blocks left, and the HTTP-checking curl. */
const PRELUDE = String.raw`set -a
if [ -f "$DOCS_STATE" ]; then source "$DOCS_STATE"; fi
DOCS_OUT=$1
set -eo pipefail
curl() {
  local err rc=0 status
  err=$(mktemp)
  command curl -w '%{stderr}@docs-http %{http_code}\n' "$@" 2>"$err" || rc=$?
  status=$(sed -n 's/^.*@docs-http \([0-9]*\)$/\1/p' "$err" | tail -n 1)
  sed 's/@docs-http [0-9]*$//' "$err" | grep -v '^$' >&2 || true
  rm -f "$err"
  if [ "$rc" -ne 0 ]; then return "$rc"; fi
  if [ -n "$DOCS_REFUSED" ]; then
    if [ "$status" -lt 400 ]; then
      echo "docs-test: the README says refused, but HTTP $status: curl $*" >&2; return 1
    fi
  elif [ "$status" -ge 400 ]; then
    echo "docs-test: HTTP $status from curl $*" >&2
    return 22
  fi
}
`;

/** The block as run: substitutions, `refused` curls marked, session commands' output kept per step. */
function scriptOf(block: ReadmeBlock, substitute: (s: string) => string): string {
  const mark = (line: string) => line.replace(/^(\$ )?curl (?=.*#\s*refused)/, '$1DOCS_REFUSED=1 curl ');
  const source = substitute(block.source).split('\n').map(mark).join('\n');
  const parts = [PRELUDE];
  if (block.directive.kind === 'stub') {
    const cases = block.directive.npm.join('|');
    parts.push(`npm() { case "$1" in ${cases}) echo "docs-test: npm $1 left out";; *) command npm "$@";; esac; }`);
  }
  if (block.session) {
    source
      .split('\n')
      .filter((l) => l.startsWith('$ '))
      .forEach((l, n) => parts.push(`{ ${l.slice(2)}\n} > "$DOCS_OUT/step-${n}"; cat "$DOCS_OUT/step-${n}"`));
  } else parts.push(source);
  if (block.directive.kind !== 'own-shell') parts.push('export -p > "$DOCS_STATE"');
  return `${parts.join('\n')}\n`;
}

describe('README.md, run as written', () => {
  const blocks = readmeBlocks(README);
  let dir = '';
  const groups: number[] = [];
  const database = `cs_docs_${randomBytes(4).toString('hex')}`;
  const prefix = `docs-${randomBytes(4).toString('hex')}`;
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let env: NodeJS.ProcessEnv = {};
  let substitute: (s: string) => string = (s) => s;
  let failed: string | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-readme-'));
    const apiPort = await freePort();
    const demoPort = await freePortPair();
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = `/${database}`;
    const table: Array<[string, string]> = [
      ['127.0.0.1:8470', `127.0.0.1:${apiPort}`],
      ['127.0.0.1:8401', `127.0.0.1:${demoPort}`],
      ['redis://127.0.0.1:6379', redisUrl],
      ['postgres://postgres@127.0.0.1:5432/counterscan', dbUrl.toString()],
    ];
    // A value the README no longer writes means the README and this test have drifted apart.
    for (const [from] of table) expect(README, `README.md no longer mentions ${from}`).toContain(from);
    substitute = (s) => table.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);

    // The folder stands for the checkout: the package's scripts and the demo catalogue, nothing else.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const scripts = Object.fromEntries(
      Object.entries(pkg.scripts)
        .filter(([, cmd]) => cmd.startsWith('node bin/'))
        .map(([name, cmd]) => [name, cmd.replace('node bin/', `node ${join(ROOT, 'bin')}/`)]),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-docs', private: true, scripts }));
    symlinkSync(join(ROOT, 'demo'), join(dir, 'demo'));
    // Build the CLI once now, so no two commands below rebuild it at the same time.
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/counterscan.mjs'), '--help']).status).toBe(0);

    env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(COUNTERSCAN_|npm_|VITEST|NODE_OPTIONS$|DATABASE_URL$|REDIS_URL$|LOG_LEVEL$|DOCS_)/.test(k),
      ),
    );
    Object.assign(env, {
      COUNTERSCAN_API_PORT: String(apiPort),
      COUNTERSCAN_DEMO_PORT: String(demoPort),
      COUNTERSCAN_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DOCS_STATE: join(dir, '.docs-state'),
    });
  });

  afterAll(async () => {
    for (const pgid of groups) await stopGroup(pgid);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => admin.end());
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    // DOCS_TEST_KEEP=1 keeps the folder (each block's script and output, the data dir) to look at.
    if (process.env.DOCS_TEST_KEEP === '1') console.log(`docs test: kept ${dir}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function stopGroup(pgid: number): Promise<void> {
    const alive = () => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!alive()) return;
    process.kill(-pgid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive()) process.kill(-pgid, 'SIGKILL');
  }

  async function run(block: ReadmeBlock): Promise<{ code: number | null; out: string; err: string; steps: string }> {
    const name = `block-${block.line}`;
    const steps = join(dir, `${name}.steps`);
    rmSync(steps, { recursive: true, force: true });
    spawnSync('mkdir', [steps]);
    writeFileSync(join(dir, `${name}.sh`), scriptOf(block, substitute));
    const out = openSync(join(dir, `${name}.out`), 'w');
    const err = openSync(join(dir, `${name}.err`), 'w');
    // Its own process group, so whatever it leaves running in the background can be stopped at the end.
    const child = spawn('bash', [join(dir, `${name}.sh`), steps], {
      cwd: dir,
      env,
      detached: true,
      stdio: ['ignore', out, err],
    });
    groups.push(child.pid!);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), BLOCK_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    closeSync(out);
    closeSync(err);
    if (block.directive.kind === 'own-shell') await stopGroup(child.pid!);
    const read = (ext: string) => readFileSync(join(dir, `${name}.${ext}`), 'utf8');
    return { code, out: read('out'), err: read('err'), steps };
  }

  it('finds the README examples and says why any is not run', () => {
    expect(blocks.length).toBeGreaterThan(10);
    const skipped = blocks.filter((b) => b.directive.kind === 'skip');
    // Skips stay rare: each one is a command the test cannot run (and says why in the README).
    expect(skipped.length).toBeLessThanOrEqual(2);
  });

  for (const block of blocks) {
    const title = `README.md:${block.line} (${block.section})`;
    const test = block.directive.kind === 'skip' ? it.skip : it;
    test(title, { timeout: BLOCK_TIMEOUT_MS + 20_000 }, async (ctx) => {
      // A later block builds on the earlier ones: after a failure it would only fail again.
      if (failed) return ctx.skip(`the block at ${failed} failed`);
      failed = `README.md:${block.line}`;
      const r = await run(block);
      const tail = (s: string) => s.split('\n').slice(-40).join('\n');
      expect(r.code, `exit code; stdout:\n${tail(r.out)}\nstderr:\n${tail(r.err)}`).toBe(0);
      const problems: string[] = [];
      block.session?.forEach((step, n) => {
        if (!step.expected) return;
        const got = readFileSync(join(r.steps, `step-${n}`), 'utf8');
        for (const p of shapeProblems(step.expected, got)) problems.push(`$ ${step.command}\n  ${p}`);
      });
      if (block.expectedJson) problems.push(...shapeProblems(block.expectedJson, r.out));
      expect(problems, `output unlike the README's`).toEqual([]);
      failed = undefined;
    });
  }
});
