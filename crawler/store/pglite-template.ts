import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate, MIGRATIONS_DIR } from './migrate';
import { openPglite } from './pglite-db';

/**
 * A new embedded store starts from a copy of an empty store, initialised and migrated, instead of
 * running initdb and every migration: in WebAssembly those take 10–40 s on 2 cores and peak near
 * 1 GB of RSS; the copy loads in 2–4 s under 400 MB. It depends on the PGlite version and the
 * migrations, so it is kept per user, outside any checkout, under a name made of both, and made on
 * `npm install` (and by the test set-up).
 */
export async function templatePath(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256');
  for (const f of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort())
    hash.update(f).update(await readFile(join(MIGRATIONS_DIR, f)));
  const migrations = hash.digest('hex').slice(0, 12);
  return join(homedir(), '.cache', 'counterscan', `pglite-${pkg.version}-${migrations}.tar.gz`);
}

/** The template, when it has been made; else the store runs initdb as PGlite does by default. */
export async function readTemplate(): Promise<Blob | undefined> {
  try {
    const path = await templatePath();
    const bytes = await readFile(path);
    // Marks it used, so pruning keeps the templates some checkout still opens stores from.
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return new Blob([bytes]);
  } catch {
    return undefined;
  }
}

/** A template no store was made from for this long belongs to a PGlite or a schema no checkout uses any more. */
const UNUSED_MS = 30 * 24 * 3600_000;

/**
 * Removes the templates in `dir` other than `keep` that were last used more than `unusedMs` ago: each
 * PGlite upgrade or new migration leaves one behind (about 5 MB each). One still in use by another
 * checkout is at worst made again by its next `npm install`.
 */
export async function pruneTemplates(dir: string, keep: string, unusedMs = UNUSED_MS): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (path === keep || !/^pglite-.+\.tar\.gz(\.\d+\.partial)?$/.test(name)) continue;
    const st = await stat(path).catch(() => undefined);
    if (!st || Date.now() - st.mtimeMs < unusedMs) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}

/** Makes the template unless it exists. Written under a temporary name, then renamed: never half a file. */
export async function buildTemplate(): Promise<{ path: string; built: boolean }> {
  const path = await templatePath();
  await pruneTemplates(dirname(path), path);
  if (existsSync(path)) return { path, built: false };
  const { pglite, db } = await openPglite('memory://');
  await migrate(db);
  const dump = await pglite.dumpDataDir('gzip');
  await db.close();
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return { path, built: true };
}
