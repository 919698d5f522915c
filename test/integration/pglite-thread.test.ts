/**
 * The embedded store on its worker thread (crawler/store/pglite-thread.ts) behind the same `Db` as
 * PGlite on the calling thread: values come back as they went in, a transaction's statements run
 * together (another caller's wait until it ends, a rolled-back one leaves nothing), PostgreSQL's
 * errors keep their fields, and the thread never holds a process open.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../crawler/store';
import { openPgliteDb } from '../../crawler/store/pglite-db';
import { openPgliteThread } from '../../crawler/store/pglite-thread';
import { spawn } from 'node:child_process';
import { childEnv, ROOT } from './helpers/command';

let threaded: Db;
let inThread: Db;

beforeAll(async () => {
  [threaded, inThread] = await Promise.all([
    openPgliteThread('memory://').then((t) => t.db),
    openPgliteDb('memory://'),
  ]);
  for (const db of [threaded, inThread]) await db.exec('CREATE TABLE t (id int PRIMARY KEY, note text)');
}, 120_000);

afterAll(async () => {
  await threaded?.close();
  await inThread?.close();
});

describe('the threaded store', () => {
  it('answers every type the repositories use as PGlite on the calling thread does', async () => {
    const sql = `SELECT $1::int AS i, $2::bigint AS big, $3::numeric AS price, $4::jsonb AS doc, $5::bytea AS bytes,
                        $6::timestamptz AS at, $7::text[] AS tags, NULL::text AS nothing, $8::bool AS yes`;
    const bytes = new Uint8Array([0, 255, 3]);
    const at = new Date('2026-01-02T03:04:05.006Z');
    const params: unknown[] = [7, 2 ** 40, '12.50', { a: [1, 'x'], b: null }, bytes, at, ['a', 'b'], true];
    const [{ rows: mine }, { rows: theirs }] = await Promise.all([
      threaded.query(sql, params),
      inThread.query(sql, params),
    ]);
    expect(mine).toEqual(theirs);
    expect(mine[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(mine[0]!.at).toBeInstanceOf(Date);
  });

  it("keeps PostgreSQL's error fields, and the caller in the stack", async () => {
    await threaded.query('INSERT INTO t VALUES (1, $1)', ['one']);
    const err = (await threaded.query('INSERT INTO t VALUES (1, $1)', ['again']).catch((e: unknown) => e)) as Error &
      Record<string, unknown>;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('duplicate key value violates unique constraint "t_pkey"');
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't', severity: 'ERROR' });
    expect(err.stack).toContain('pglite-thread.test.ts');
    const syntax = (await threaded.query('SELEC 1').catch((e: unknown) => e)) as Record<string, unknown>;
    expect(syntax.code).toBe('42601');
    // A parameter that cannot cross threads is refused here, and the store goes on.
    await expect(threaded.query('SELECT $1::text', [() => 1])).rejects.toThrow(/could not be cloned/);
    expect((await threaded.query('SELECT 1 AS v')).rows).toEqual([{ v: 1 }]);
  });

  it("runs a transaction's statements together: another caller's wait for its COMMIT", async () => {
    await threaded.exec('DELETE FROM t');
    const seen: string[] = [];
    let outside: Promise<unknown> | undefined;
    await threaded.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (10, $1)', ['in tx']);
      // Sent while the transaction is open: it must neither run inside it nor see its row early.
      outside = threaded
        .query<{ n: number }>('SELECT count(*)::int AS n FROM t')
        .then(({ rows }) => seen.push(`outside saw ${rows[0]!.n}`));
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
      seen.push(`tx saw ${rows[0]!.n}`);
      await tx.query('INSERT INTO t VALUES (11, $1)', ['in tx']);
    });
    await outside;
    expect(seen).toEqual(['tx saw 1', 'outside saw 2']);
  });

  it('rolls a transaction back when its function throws, and rethrows that error', async () => {
    await threaded.exec('DELETE FROM t');
    const boom = new Error('boom');
    await expect(
      threaded.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (20, $1)', ['rolled back']);
        throw boom;
      }),
    ).rejects.toBe(boom);
    // A statement failing inside: the PostgreSQL error, and nothing of the transaction kept.
    const err = (await threaded
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (21, $1)', ['rolled back']);
        await tx.query('INSERT INTO t VALUES (21, $1)', ['duplicate']);
      })
      .catch((e: unknown) => e)) as Record<string, unknown>;
    expect(err.code).toBe('23505');
    expect((await threaded.query('SELECT id FROM t')).rows).toEqual([]);
    // Two transactions at once run one after the other, each whole.
    await Promise.all(
      [30, 40].map((base) =>
        threaded.transaction(async (tx) => {
          for (let i = 0; i < 5; i++) await tx.query('INSERT INTO t VALUES ($1, $2)', [base + i, `tx ${base}`]);
          const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE note <> $1', [
            `tx ${base}`,
          ]);
          // The other transaction has either not started or committed all five.
          expect([0, 5]).toContain(rows[0]!.n);
        }),
      ),
    );
    expect((await threaded.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 10 }]);
  });
});

describe('the threaded store in a process', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'cs-thread-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Runs a script with tsx, as the CLI runs from sources. */
  function runScript(path: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', path], { cwd: ROOT, env: childEnv(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, done, stdout: () => stdout };
  }

  /** A script that opens a store on its thread in `<tmp>/<name>`, writes a row, then does `then`. */
  async function script(name: string, then: string): Promise<string> {
    const path = join(tmp, `${name}.mts`);
    const store = JSON.stringify(join(tmp, name));
    await writeFile(
      path,
      `import { openPgliteThread } from ${JSON.stringify(join(ROOT, 'crawler/store/pglite-thread.ts'))};\n` +
        `const { db } = await openPgliteThread(${store});\n` +
        `await db.exec('CREATE TABLE IF NOT EXISTS t (v text)');\n` +
        `await db.query("INSERT INTO t VALUES ('${name}')");\n` +
        `console.log('ready');\n${then}\n`,
    );
    return path;
  }

  it('a store left open does not keep the process alive; its rows are on disk once closed', async () => {
    const path = await script('left-open', '');
    try {
      const child = runScript(path);
      const r = await Promise.race([child.done, new Promise((r) => setTimeout(r, 60_000, 'hung'))]);
      expect(r).toMatchObject({ code: 0 });
    } finally {
      await rm(path, { force: true });
    }
    const closed = await script('closed', 'await db.close();');
    try {
      expect(await runScript(closed).done).toMatchObject({ code: 0 });
      const again = await openPgliteThread(join(tmp, 'closed'));
      expect((await again.db.query('SELECT v FROM t')).rows).toEqual([{ v: 'closed' }]);
      await again.db.close();
    } finally {
      await rm(closed, { force: true });
    }
  }, 120_000);

  it('a process waiting on SIGINT closes its store and exits', async () => {
    const path = await script(
      'sigint',
      // The timer stands for what keeps a server up (its listening socket).
      `const up = setInterval(() => {}, 1000);\nawait new Promise((r) => process.once('SIGINT', r));\n` +
        `clearInterval(up);\nawait db.close();\nconsole.log('closed');`,
    );
    try {
      const sigint = runScript(path);
      const by = Date.now() + 60_000;
      while (!sigint.stdout().includes('ready') && Date.now() < by) await new Promise((r) => setTimeout(r, 50));
      sigint.child.kill('SIGINT');
      const r = await Promise.race([sigint.done, new Promise((r) => setTimeout(r, 30_000, 'hung'))]);
      expect(r).toMatchObject({ code: 0, stdout: 'ready\nclosed\n' });
      expect(await readFile(join(tmp, 'sigint', 'PG_VERSION'), 'utf8')).toMatch(/^\d+/);
    } finally {
      await rm(path, { force: true });
    }
  }, 120_000);
});
