import type { Queryable } from './db';
import { isoUtc } from './sql';

export interface AuditEntryInput {
  actor: string;
  action: string;
  /** `hit:12`, `case:3`, `item:acme-1`, `token:tok_…` */
  target: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const COLUMNS = `id::int AS id, ${isoUtc('at', 'us')} AS at,
  actor, action, target, before, after, reason`;

/**
 * The append-only log (the database refuses UPDATE and DELETE on it). Writes
 * take the caller's transaction, so a change and its entry commit together.
 */
export function appendAudit(tx: Queryable, e: AuditEntryInput): Promise<unknown> {
  return tx.query(
    'INSERT INTO audit_log (actor, action, target, before, after, reason) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      e.actor,
      e.action,
      e.target,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.reason ?? null,
    ],
  );
}

export function createAuditRepository(db: Queryable) {
  return {
    append: (e: AuditEntryInput) => appendAudit(db, e),

    /**
     * Newest first; `before` is the id to page back from. Ordered by the column, not the
     * `id::int` alias, so the primary key serves it.
     */
    async list(filter: {
      targets?: string[];
      actor?: string;
      action?: string;
      beforeId?: number;
      limit: number;
    }): Promise<AuditEntry[]> {
      const { rows } = await db.query<AuditEntry>(
        `SELECT ${COLUMNS} FROM audit_log
          WHERE ($1::text[] IS NULL OR target = ANY($1)) AND ($2::text IS NULL OR actor = $2)
            AND ($3::text IS NULL OR action = $3) AND ($4::bigint IS NULL OR id < $4)
          ORDER BY audit_log.id DESC LIMIT $5`,
        [filter.targets ?? null, filter.actor ?? null, filter.action ?? null, filter.beforeId ?? null, filter.limit],
      );
      return rows;
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
