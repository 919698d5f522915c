/**
 * One embedded store, many commands: while `api` runs on a PGlite data dir, the other commands
 * of that data dir share its store through an owner-only socket instead of aborting; a command
 * that finds the store held by a process that does not share it says so in one sentence.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../crawler/store';
import { socketDirOf } from '../../crawler/store/embedded-server';
import { childEnv, runCommand, startServer } from './helpers/command';

const env = (dataDir: string) => childEnv({ COUNTERSCAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const cli = (dataDir: string, args: string[]) => runCommand(args, env(dataDir));

async function startApi(dataDir: string): Promise<{ child: ChildProcess; address: string }> {
  const { child, match } = await startServer(['api', '--port', '0'], env(dataDir), {
    ready: /counterscan api: (http:\/\/\S+)/,
    timeoutMs: 60_000,
  });
  return { child, address: match[1]! };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cs-embedded-server-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('embedded store shared by the running API', () => {
  it('token, hits and import commands work while `api` runs, on the same store, and alone after it stops', async () => {
    const dataDir = join(tmp, 'shared');
    const { child, address } = await startApi(dataDir);
    try {
      // The socket folder is the owner's alone.
      expect((await stat(socketDirOf(dataDir))).mode & 0o777).toBe(0o700);
      const created = await cli(dataDir, ['token', 'create', '--role', 'admin', '--name', 'while-serving']);
      expect(created.code, created.stderr).toBe(0);
      const secret = created.stdout.trim();
      expect(secret.length, created.stdout).toBeGreaterThan(20);
      const [list, hits, imported] = await Promise.all([
        cli(dataDir, ['token', 'list']),
        cli(dataDir, ['hits', '--limit', '5']),
        cli(dataDir, ['import', 'demo/catalogue.json']),
      ]);
      for (const r of [list, hits, imported]) expect(r.code, r.stderr).toBe(0);
      expect(list.stdout).toContain('while-serving');
      // The token the CLI made is one the running API knows: one store, not two.
      const me = await fetch(`${address}/v1/items?limit=1`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { items: unknown[] }).items.length).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    await expect(stat(join(socketDirOf(dataDir), '.s.PGSQL.5432'))).rejects.toThrow(/ENOENT/);
    const after = await cli(dataDir, ['token', 'list']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('while-serving');
  }, 180_000);

  it(
    'a command finding the store held by a process that does not ' + 'share it fails with one sentence, not an abort',
    async () => {
      const dataDir = join(tmp, 'held');
      const store = await openStore({ dataDir });
      try {
        const r = await cli(dataDir, ['token', 'list']);
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(new RegExp(`is open in process ${process.pid}`));
        expect(r.stderr).not.toMatch(/Aborted/);
      } finally {
        await store.close();
      }
      // Released on close: the next command opens it.
      const ok = await cli(dataDir, ['token', 'list']);
      expect(ok.code, ok.stderr).toBe(0);
    },
    120_000,
  );
});
