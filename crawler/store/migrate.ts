import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant; every process migrating one database takes the same lock. */
const MIGRATION_LOCK = 7_210_113;

/**
 * Applies `migrations/NNN_name.sql` files in order, recording them in
 * `schema_migrations`. Plain SQL that PGlite and PostgreSQL both run
 * unchanged. All of it runs in one transaction under an advisory lock, so
 * workers starting together on one PostgreSQL migrate once, not racing.
 */
export async function migrate(db: Db): Promise<number[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const sources = await Promise.all(files.map(async (f) => [f, await readFile(MIGRATIONS_DIR + f, 'utf8')] as const));
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const [file, sql] of sources) {
      const version = Number.parseInt(file, 10);
      if (done.has(version)) continue;
      // Statements one by one: a prepared query takes a single statement.
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      applied.push(version);
    }
    return applied;
  });
}

function splitStatements(sql: string): string[] {
  // A `;` ending a line ends a statement, except inside a $$-quoted body (a trigger function's).
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (const line of sql.replace(/--[^\n]*/g, '').split('\n')) {
    quoted = (line.match(/\$\$/g)?.length ?? 0) % 2 === 1 ? !quoted : quoted;
    current += `${line}\n`;
    if (!quoted && /;\s*$/.test(line)) {
      parts.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}
