import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable } from './db';

/**
 * The embedded store on a thread of its own. PGlite runs PostgreSQL in WebAssembly on the thread
 * that calls it: in a sweep that was half of the main thread's time (the listing, the hit, its
 * tallies and its capture: 3.6 ms a page), spent while fetching, parsing and matching waited. On
 * a worker thread the statements run on the second core while the main thread goes on; callers
 * keep the same `Db`. The main thread does no PostgreSQL work, so the CPU it saves is the whole
 * store's, less a message each way per statement (~0.1 ms).
 *
 * One PGlite session serves both threads' callers in order; a transaction holds it from BEGIN to
 * COMMIT (PGlite's own transaction lock), so another caller's statements wait instead of running
 * inside it.
 */

/** What the main thread asks of the store's thread (pglite-worker.ts). */
export type StoreRequest =
  | { op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { op: 'exec'; sql: string }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'put'; dir: string; sha256: string; bytes: Uint8Array }
  | { op: 'share'; dataDir: string }
  | { op: 'close' };

/** An answer, matched to its request by `id`. */
export type StoreReply =
  | { id: number; rows?: unknown[]; url?: string }
  | { id: number; error: SerializedError }
  | { id: 0; opened: true }
  | { id: 0; error: SerializedError };

/** An error as it crosses threads: structured cloning keeps an Error's message, not PostgreSQL's fields. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean>;
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: SerializedError['fields'] = {};
  // PostgreSQL's error fields (code, detail, constraint, table, …) and the statement that failed.
  for (const [k, v] of Object.entries(err))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

/** The store thread's error, rethrown here with its fields, its stack under the caller's. */
function revive(e: SerializedError, caller: Error | undefined): Error {
  const err = Object.assign(new Error(e.message), e.fields);
  err.name = e.name;
  const callerStack = caller?.stack?.split('\n').slice(2).join('\n');
  const own = e.stack?.split('\n').filter((l) => l.startsWith('    at ')) ?? [];
  err.stack = [`${e.name}: ${e.message}`, callerStack ?? '', "    --- on the store's thread:", ...own].join('\n');
  return err;
}

/** The worker's module: compiled beside the CLI's chunks (bin/build-cli.mjs), TypeScript through tsx from sources. */
function workerEntry(): { url: URL; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  return fromSources
    ? {
        url: new URL('./pglite-worker.ts', import.meta.url),
        // tsx as this checkout has it, whatever the process's working directory.
        execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
      }
    : { url: new URL('./pglite-worker.js', import.meta.url), execArgv: [] };
}

/**
 * What the store's thread allocates lives for one statement (its parameters and rows as they cross),
 * so a young generation of 2 × 1 MB holds it; V8's (2 × 8 MB under the CLI's flags) only added to
 * every command's RSS. Semi-space flags win over a Worker's `resourceLimits`, and V8 reads them as an
 * isolate starts: set for the store's thread while it starts, then put back for any later one.
 */
function withSmallYoungGeneration(start: () => Worker): Worker {
  const given = /--max-semi-space-size[= ](\d+)/.exec([...process.execArgv, process.env.NODE_OPTIONS].join(' '));
  const restore = () => setFlagsFromString(`--max-semi-space-size=${given?.[1] ?? 0}`);
  setFlagsFromString('--max-semi-space-size=1');
  let worker: Worker;
  try {
    worker = start();
  } catch (err) {
    restore();
    throw err;
  }
  worker.once('online', restore).once('error', restore);
  return worker;
}

export interface ThreadedPglite {
  db: Db;
  /**
   * Serves the store on the data dir's owner-only socket from its thread (embedded-server.ts), so the
   * protocol and PostgreSQL's work stay off the main thread; answers the socket's URL. Afterwards this
   * `db` must not be used: everyone, this process included, goes through the socket, whose queue
   * orders every connection's transactions.
   */
  share(dataDir: string): Promise<string>;
  /**
   * Writes an evidence file under `dir` as `fileEvidenceBlobs(dir).put` does, from the store's thread:
   * the files a sweep keeps (each hit's page and WARC) cost the caller's thread a message, not the
   * open, write, close and rename.
   */
  putBlob(dir: string, sha256: string, bytes: Uint8Array): Promise<void>;
}

/** Opens the PGlite store of `dataDir` (a folder or `memory://`) on a new worker thread. */
export async function openPgliteThread(dataDir: string): Promise<ThreadedPglite> {
  const entry = workerEntry();
  const worker = withSmallYoungGeneration(
    () => new Worker(entry.url, { workerData: { dataDir }, execArgv: entry.execArgv }),
  );
  const pending = new Map<number, { resolve(r: StoreReply): void; reject(e: Error): void; caller?: Error }>();
  let nextId = 1;
  let gone: Error | undefined;
  // The thread keeps the process alive only while a request waits on it: a store nobody closed does
  // not hold the process open (as PGlite on the main thread did not).
  const refresh = () => (pending.size ? worker.ref() : worker.unref());

  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: StoreReply) => {
      if (m.id === 0) return 'error' in m ? reject(revive(m.error, undefined)) : resolve();
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      refresh();
      if ('error' in m) p.reject(revive(m.error, p.caller));
      else p.resolve(m);
    });
    const fail = (err: Error) => {
      gone ??= err;
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded store's thread exited (code ${code})`)));
  });

  const call = (req: StoreRequest, transfer: ArrayBuffer[] = []): Promise<StoreReply> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    // The caller's frames, for an error's stack (the store thread's alone would not say who asked);
    // V8 formats them only if it is read.
    const caller = new Error();
    return new Promise<StoreReply>((resolve, reject) => {
      pending.set(id, { resolve, reject, caller });
      refresh();
      try {
        worker.postMessage({ id, ...req }, transfer);
      } catch (err) {
        // A parameter structured cloning cannot copy (a function, say): nothing was sent.
        pending.delete(id);
        refresh();
        reject(err as Error);
      }
    });
  };
  const query = async <T>(sql: string, params: unknown[] = [], tx?: number) => ({
    rows: ((await call({ op: 'query', sql, params, tx })) as { rows: T[] }).rows,
  });

  worker.ref();
  try {
    await opened;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  refresh();

  let nextTx = 1;
  let closing: Promise<void> | undefined;
  const db: Db = {
    query: (sql, params) => query(sql, params),
    async exec(sql) {
      await call({ op: 'exec', sql });
    },
    async transaction(fn) {
      const tx = nextTx++;
      await call({ op: 'begin', tx });
      const q: Queryable = { query: (sql, params) => query(sql, params, tx) };
      let out;
      try {
        out = await fn(q);
      } catch (err) {
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await call({ op: 'end', tx, commit: true });
      return out;
    },
    close() {
      closing ??= (async () => {
        if (gone) return;
        const exited = new Promise((r) => worker.once('exit', r));
        try {
          await call({ op: 'close' });
        } finally {
          // The thread ends by itself once PGlite is closed; terminate() is for one that does not.
          const timer = setTimeout(() => void worker.terminate(), 5000);
          await exited;
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
  return {
    db,
    async putBlob(dir, sha256, bytes) {
      // A copy of just these bytes, moved rather than copied again: cloning a view (a Buffer from
      // Node's pool, say) would copy its whole ArrayBuffer.
      const own = new Uint8Array(bytes);
      await call({ op: 'put', dir, sha256, bytes: own }, [own.buffer]);
    },
    async share(shareDir) {
      return ((await call({ op: 'share', dataDir: shareDir })) as { url: string }).url;
    },
  };
}
