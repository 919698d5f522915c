/**
 * vitest global setup: make sure the integration tests have a Redis and a PostgreSQL to talk to.
 *
 * TEST_REDIS_URL / TEST_PG_ADMIN_URL, when given, are used as they are. Otherwise the usual local
 * servers (127.0.0.1:6379, 127.0.0.1:5432 as postgres) are used when they answer, and when they do
 * not, a throwaway redis-server and a throwaway PostgreSQL cluster (initdb + pg_ctl) are started on
 * free ports in a temporary folder and stopped afterwards. COUNTERSCAN_TEST_OWN_SERVICES=1 always
 * starts our own. A missing binary is named in one line with the command that installs it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL = 'sudo apt-get install -y redis-server postgresql';

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

function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`test setup: ${what} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function which(binary: string, candidates: string[] = []): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...candidates]) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  throw new Error(`test setup: ${binary} not found; install it with: ${INSTALL}`);
}

/** Debian keeps the server binaries under /usr/lib/postgresql/<version>/bin. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, versions[0] ?? '', 'bin');
}

const stops: Array<() => void> = [];

async function ownRedis(): Promise<string> {
  const binary = which('redis-server');
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  stops.push(() => child.kill('SIGTERM'));
  await waitFor('redis-server', () => answers(port));
  return `redis://127.0.0.1:${port}`;
}

async function ownPostgres(): Promise<string> {
  const bin = postgresBinDir();
  const initdb = which('initdb', [bin]);
  const pgCtl = which('pg_ctl', [bin]);
  const dir = mkdtempSync(join(tmpdir(), 'counterscan-pg-'));
  const port = await freePort();
  // PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  const asPostgres = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asPostgres
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' })
      : execFileSync(cmd, args, { stdio: 'ignore' });
  if (asPostgres) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run(pgCtl, [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  stops.push(() => {
    try {
      run(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

export default async function setup(): Promise<() => void> {
  const own = process.env.COUNTERSCAN_TEST_OWN_SERVICES === '1';
  if (!process.env.TEST_REDIS_URL) {
    process.env.TEST_REDIS_URL = !own && (await answers(6379)) ? 'redis://127.0.0.1:6379' : await ownRedis();
  }
  if (!process.env.TEST_PG_ADMIN_URL) {
    process.env.TEST_PG_ADMIN_URL =
      !own && (await answers(5432)) ? 'postgres://postgres@127.0.0.1:5432/postgres' : await ownPostgres();
  }
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}
