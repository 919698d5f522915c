import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './db';
import { readTemplate } from './pglite-template';

/** The embedded store: PostgreSQL compiled to WebAssembly, in a folder. `memory://` keeps it in memory. */
export async function openPgliteDb(dataDir: string): Promise<Db> {
  return (await openPglite(dataDir)).db;
}

/** The PGlite instance as well as the `Db` over it, for the process that shares it (embedded-server.ts). */
export async function openPglite(dataDir: string): Promise<{ pglite: PGlite; db: Db }> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  keepPostgresOnBaselineCode();
  const pg = await createPglite(dataDir);
  // A new 16 MB WAL segment is otherwise written out in zeros, in process: a stall of 100+ ms every
  // ~16 MB of writes (a large catalogue import). Files read back as zeros past their end anyway.
  await pg.exec('SET wal_init_zero = off');
  const db: Db = {
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows };
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction(fn) {
      return pg.transaction((tx) =>
        fn({
          async query<T>(sql: string, params: unknown[] = []) {
            const r = await tx.query<T>(sql, params);
            return { rows: r.rows };
          },
        }),
      );
    },
    close: () => pg.close(),
  };
  return { pglite: pg, db };
}

/**
 * PostgreSQL's buffer cache in the WebAssembly memory: 16 MB instead of PGlite's 128 MB, which it all
 * touches as it starts, so every command paid its RSS. The data files stay in the OS's page cache,
 * so a buffer miss costs a read call, not the disk. 16 MB made the record stage ~5 % slower than
 * 32 MB on a 9,000-listing store when it ran on the sweep's thread; on the store's own thread
 * (pglite-thread.ts) that thread has time to spare, and the 16 MB it saves count towards the demo's
 * 500 MB peak.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** A new store from the template of an empty store when there is one (pglite-template.ts); an existing one as it is. */
async function createPglite(dataDir: string): Promise<PGlite> {
  const inMemory = dataDir.startsWith('memory://');
  const fresh = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  const loadDataDir = fresh ? await readTemplate() : undefined;
  const options = { startParams: START_PARAMS };
  if (!loadDataDir) return PGlite.create(dataDir, options);
  try {
    return await PGlite.create(dataDir, { ...options, loadDataDir });
  } catch {
    // A template this PGlite cannot read: start over with initdb in the folder, which was new and so
    // is ours to clear — all but the lock file this process holds on it (embedded-server.ts).
    if (!inMemory)
      for (const f of await readdir(dataDir))
        if (!f.endsWith('.lock')) await rm(join(dataDir, f), { recursive: true, force: true });
    return PGlite.create(dataDir, options);
  }
}

/**
 * V8 re-compiles hot WebAssembly functions with its optimising compiler. For PostgreSQL's
 * 20 MB module that costs 300–500 MB of RSS and a core's worth of compile time for minutes:
 * far more than it gives back (measured: `hits` 660 → 280 MB peak; the record stage's CPU per
 * page about the same). The CLI starts node with `--liftoff-only` (bin/counterscan.mjs), which
 * only counts at start-up; a process started otherwise (tests, benchmarks) gets the nearest
 * switch V8 reads at run time: tier-up only for function 0, an import, so for none.
 * Process-wide, which is fine: PGlite is the only WebAssembly we run.
 */
function keepPostgresOnBaselineCode(): void {
  setFlagsFromString('--wasm-tier-up-filter=0');
}
