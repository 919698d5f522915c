import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PgliteSocketServer } from './pglite-socket-server';

/**
 * PGlite is one process's database: a second process opening the same folder aborts. So the
 * process that runs for long (the API) shares its embedded store over a Unix socket that speaks
 * the PostgreSQL protocol, in a folder only the owner can enter, and every other command of
 * the same data dir connects to it as to a PostgreSQL server. Commands that open the store
 * directly take a lock, so two of them never open one folder at once.
 */

/** The socket file PostgreSQL clients look for in a socket folder, for port 5432. */
const SOCKET_FILE = '.s.PGSQL.5432';
/** Unix socket paths are limited to about 107 bytes; leave room for the file name. */
const MAX_SOCKET_DIR = 90;

/**
 * Where the socket of a data dir lives: `<dataDir>/run`, or a per-dir folder under the temp dir when that is too long.
 */
export function socketDirOf(dataDir: string): string {
  const inDataDir = join(resolve(dataDir), 'run');
  if (inDataDir.length <= MAX_SOCKET_DIR) return inDataDir;
  const id = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(tmpdir(), `counterscan-${id}`);
}

/** A `postgres://` URL for the pg driver that reaches the socket in `dir`. */
const urlOf = (dir: string) => `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;

function answers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ path });
    const end = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  });
}

/** The URL of the process sharing this data dir's store, when one is running; a dead one's socket is cleared. */
export async function sharedStoreUrl(dataDir: string): Promise<string | undefined> {
  const dir = socketDirOf(dataDir);
  const path = join(dir, SOCKET_FILE);
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  if (await answers(path)) return urlOf(dir);
  await rm(path, { force: true });
  return undefined;
}

/** Serves `pglite` on this data dir's socket until `stop()`; answers the URL the process itself should use too. */
export async function shareEmbeddedStore(
  pglite: PGlite,
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = socketDirOf(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Owner only: whoever can reach the socket can read and change every holder's data.
  await chmod(dir, 0o700);
  const path = join(dir, SOCKET_FILE);
  await rm(path, { force: true });
  const server = new PgliteSocketServer(pglite, path);
  await server.start();
  await chmod(path, 0o600);
  return {
    url: urlOf(dir),
    async stop() {
      await server.stop();
      await rm(path, { force: true });
    },
  };
}

/** Thrown when another process has this data dir's embedded store open and does not share it. */
export class StoreBusyError extends Error {
  override name = 'StoreBusyError';
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `<pgliteDir>/counterscan.lock` for this process, or says who holds it. A lock left by a
 * process that died is taken over. Answers the release function.
 */
export async function lockEmbeddedStore(pgliteDir: string, dataDir: string): Promise<() => Promise<void>> {
  const lock = join(pgliteDir, 'counterscan.lock');
  const mine = JSON.stringify({ pid: process.pid, command: process.argv.slice(2).join(' ') });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, mine, { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; command?: string } = {};
      try {
        holder = JSON.parse(await readFile(lock, 'utf8')) as typeof holder;
      } catch {
        // Half-written or foreign: treated as stale below.
      }
      if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
        // A serving process holds the lock from opening the store until its socket is up.
        if (/(^|\s)(serve|api)(\s|$)/.test(holder.command ?? ''))
          throw new StoreBusyError(
            `the embedded store in ${dataDir} is being opened by \`counterscan ${holder.command}\` ` +
              `(process ${holder.pid}), which shares it once it is listening; run this again in a moment`,
          );
        throw new StoreBusyError(
          `the embedded store in ${dataDir} is open in process ${holder.pid} (counterscan ${holder.command ?? '?'}); ` +
            'wait for it to finish, or run `counterscan serve` and every command shares its store',
        );
      }
      await rm(lock, { force: true });
    }
  }
  throw new StoreBusyError(`could not take the lock ${lock}`);
}
