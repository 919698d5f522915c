/**
 * `demo --serve` keeps the demo sites up on their fixed ports (or stops, saying which port is taken),
 * and `db create` makes the fleet's database and its tables, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cs-demo-serve-'));
const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function start(args: string[], env: Record<string, string> = {}): ChildProcess & { text: () => string } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(COUNTERSCAN_|VITEST|NODE_OPTIONS$|DATABASE_URL$)/.test(k)),
  );
  const child = spawn(process.execPath, [join(ROOT, 'bin/counterscan.mjs'), ...args], {
    cwd: dir,
    env: { ...clean, LOG_LEVEL: 'warn', ...env },
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return Object.assign(child, { text: () => text });
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; text: string }> {
  const child = start(args, env);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, text: child.text() };
}

/** A free port whose next port is free too. */
async function ports(): Promise<number> {
  for (;;) {
    const p = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const next = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once('error', () => resolve(false))
        .listen(p + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (next) return p;
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo --serve', () => {
  it('keeps the sites up on COUNTERSCAN_DEMO_PORT and the next port until SIGTERM', async () => {
    const port = await ports();
    const child = start(['demo', '--serve', '--no-sweep'], { COUNTERSCAN_DEMO_PORT: String(port) });
    const deadline = Date.now() + 60_000;
    while (!child.text().includes('demo-video') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(child.text()).toContain(`demo-market  http://127.0.0.1:${port}/`);
    expect(child.text()).toContain(`demo-video   http://127.0.0.1:${port + 1}/`);
    expect((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port + 1}/robots.txt`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });

  it('stops, naming the ports, when one is taken (the stored hits point there)', async () => {
    const port = await ports();
    const holder: Server = await new Promise((resolve) => {
      const s = createServer().listen(port + 1, '127.0.0.1', () => resolve(s));
    });
    try {
      const r = await run(['demo', '--serve', '--no-sweep'], { COUNTERSCAN_DEMO_PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.text).toContain(`the demo sites need ports ${port} and ${port + 1} (COUNTERSCAN_DEMO_PORT)`);
    } finally {
      holder.close();
    }
  });

  it('refuses --no-sweep without --serve', async () => {
    const r = await run(['demo', '--no-sweep']);
    expect(r.code).toBe(1);
    expect(r.text).toContain('--no-sweep: only with --serve');
  });
});

describe('db create', () => {
  it('creates the database DATABASE_URL names and its tables, and leaves an existing one be', async () => {
    const name = `cs_dbcreate_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const first = await run(['db', 'create'], { DATABASE_URL: url.toString() });
      expect(first.text).toMatch(new RegExp(`database ${name} on .* created; migrations applied`));
      expect(first.code).toBe(0);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('hits')::text AS t");
      await db.end();
      expect(rows[0]!.t).toBe('hits');
      const again = await run(['db', 'create'], { DATABASE_URL: url.toString() });
      expect(again.code).toBe(0);
      expect(again.text).toContain(`database ${name} on`);
      expect(again.text).toContain('already there');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('says what is wrong without DATABASE_URL', async () => {
    const r = await run(['db', 'create']);
    expect(r.code).toBe(1);
    expect(r.text).toContain('db create: DATABASE_URL is not set');
  });
});
