import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';

export interface CaseView {
  id: number;
  holderId: string;
  title: string;
  status: 'open' | 'closed';
  assignee: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  hitIds: number[];
  comments: { id: number; author: string; body: string; at: string }[];
}

export type CaseSummary = Omit<CaseView, 'comments'>;

/** A request the caller may not make, e.g. a hit of another holder in the case. */
export class CaseRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const SUMMARY = `SELECT c.id::int AS id, c.holder_id AS "holderId", c.title, c.status, c.assignee,
    c.created_by AS "createdBy",
    ${isoUtc('c.created_at', 'us')} AS "createdAt", ${isoUtc('c.updated_at', 'us')} AS "updatedAt",
    COALESCE((SELECT array_agg(ch.hit_id::int ORDER BY ch.hit_id) FROM case_hits ch WHERE ch.case_id = c.id),
    '{}') AS "hitIds"
  FROM cases c`;

export function createCaseRepository(db: Db) {
  /** The hits' holder, when every hit exists in scope and all belong to one holder. */
  async function holderOfHits(tx: Queryable, hitIds: number[], scope: Scope): Promise<string> {
    const { rows } = await tx.query<{ id: number; holderId: string }>(
      `SELECT h.id::int AS id, i.holder_id AS "holderId" FROM hits h JOIN items i ON i.id = h.item_id
        WHERE h.id = ANY($1::bigint[]) AND ($2::text IS NULL OR i.holder_id = $2)`,
      [hitIds, scope.holderId],
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = hitIds.filter((id) => !found.has(id));
    if (missing.length) throw new CaseRuleError('not_found', `no hit ${missing.join(', ')}`, 'hitIds');
    const holders = new Set(rows.map((r) => r.holderId));
    if (holders.size > 1)
      throw new CaseRuleError(
        'mixed_holders',
        `a case holds one holder's hits; these belong to ${[...holders].sort().join(', ')}`,
        'hitIds',
      );
    return [...holders][0]!;
  }

  async function get(id: number, scope: Scope, q: Queryable = db): Promise<CaseView | null> {
    const { rows } = await q.query<CaseSummary>(
      `${SUMMARY} WHERE c.id = $1 AND ($2::text IS NULL OR c.holder_id = $2)`,
      [id, scope.holderId],
    );
    if (!rows[0]) return null;
    const { rows: comments } = await q.query<CaseView['comments'][number]>(
      `SELECT id::int AS id, author, body, ${isoUtc('at', 'us')} AS at FROM case_comments WHERE case_id = $1
        ORDER BY id`,
      [id],
    );
    return { ...rows[0], comments };
  }

  return {
    get,

    async list(
      scope: Scope,
      filter: { status?: 'open' | 'closed'; holderId?: string; assignee?: string; beforeId?: number; limit: number },
    ): Promise<CaseSummary[]> {
      const { rows } = await db.query<CaseSummary>(
        `${SUMMARY} WHERE ($1::text IS NULL OR c.holder_id = $1) AND ($2::text IS NULL OR c.status = $2)
           AND ($3::text IS NULL OR c.holder_id = $3) AND ($4::text IS NULL OR c.assignee = $4) AND ($5::bigint IS NULL
           OR c.id < $5)
         ORDER BY c.id DESC LIMIT $6`,
        [
          scope.holderId,
          filter.status ?? null,
          filter.holderId ?? null,
          filter.assignee ?? null,
          filter.beforeId ?? null,
          filter.limit,
        ],
      );
      return rows;
    },

    async create(
      input: { title: string; hitIds: number[]; holderId?: string; assignee?: string },
      actor: string,
      scope: Scope,
    ): Promise<CaseView> {
      return db.transaction(async (tx) => {
        let holderId: string;
        if (input.hitIds.length > 0) {
          holderId = await holderOfHits(tx, input.hitIds, scope);
          if (input.holderId && input.holderId !== holderId)
            throw new CaseRuleError(
              'mixed_holders',
              `the hits belong to ${holderId}, not ${input.holderId}`,
              'holderId',
            );
        } else {
          holderId = scope.holderId ?? input.holderId ?? '';
          if (!holderId)
            throw new CaseRuleError('required', 'holderId is required for a case without hits', 'holderId');
          if (scope.holderId !== null && holderId !== scope.holderId)
            throw new CaseRuleError('not_found', `no holder ${holderId}`, 'holderId');
          const { rows } = await tx.query('SELECT 1 FROM holders WHERE id = $1', [holderId]);
          if (!rows.length) throw new CaseRuleError('not_found', `no holder ${holderId}`, 'holderId');
        }
        if (input.assignee) await checkAssignee(tx, input.assignee, holderId);
        const { rows } = await tx.query<{ id: number }>(
          'INSERT INTO cases (holder_id, title, assignee, created_by) VALUES ($1, $2, $3, $4) RETURNING id::int AS id',
          [holderId, input.title, input.assignee ?? null, actor],
        );
        const id = rows[0]!.id;
        for (const hitId of input.hitIds)
          await tx.query('INSERT INTO case_hits (case_id, hit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, hitId]);
        await appendAudit(tx, {
          actor,
          action: 'case.create',
          target: `case:${id}`,
          after: { title: input.title, holderId, hitIds: input.hitIds, assignee: input.assignee ?? null },
        });
        for (const hitId of input.hitIds)
          await appendAudit(tx, { actor, action: 'case.add_hit', target: `hit:${hitId}`, after: { caseId: id } });
        return (await get(id, { holderId: null }, tx))!;
      });
    },

    async update(
      id: number,
      patch: { title?: string; status?: 'open' | 'closed'; assignee?: string | null },
      actor: string,
      scope: Scope,
    ): Promise<CaseView | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ title: string; status: string; assignee: string | null; holderId: string }>(
          `SELECT title, status, assignee, holder_id AS "holderId" FROM cases WHERE id = $1 AND ($2::text IS NULL
            OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        const before = rows[0];
        if (!before) return null;
        if (patch.assignee) await checkAssignee(tx, patch.assignee, before.holderId);
        const after = {
          title: patch.title ?? before.title,
          status: patch.status ?? before.status,
          assignee: patch.assignee === undefined ? before.assignee : patch.assignee,
        };
        await tx.query('UPDATE cases SET title = $1, status = $2, assignee = $3, updated_at = now() WHERE id = $4', [
          after.title,
          after.status,
          after.assignee,
          id,
        ]);
        const { holderId: _, ...was } = before;
        await appendAudit(tx, { actor, action: 'case.update', target: `case:${id}`, before: was, after });
        return get(id, scope, tx);
      });
    },

    async addHits(id: number, hitIds: number[], actor: string, scope: Scope): Promise<CaseView | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ holderId: string }>(
          `SELECT holder_id AS "holderId" FROM cases WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        if (!rows[0]) return null;
        const holderId = await holderOfHits(tx, hitIds, scope);
        if (holderId !== rows[0].holderId)
          throw new CaseRuleError(
            'mixed_holders',
            `case ${id} is ${rows[0].holderId}'s; these hits are ${holderId}'s`,
            'hitIds',
          );
        for (const hitId of hitIds) {
          const { rows: added } = await tx.query(
            'INSERT INTO case_hits (case_id, hit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING hit_id',
            [id, hitId],
          );
          if (added.length) {
            await appendAudit(tx, { actor, action: 'case.add_hit', target: `case:${id}`, after: { hitId } });
            await appendAudit(tx, { actor, action: 'case.add_hit', target: `hit:${hitId}`, after: { caseId: id } });
          }
        }
        await tx.query('UPDATE cases SET updated_at = now() WHERE id = $1', [id]);
        return get(id, scope, tx);
      });
    },

    async removeHit(id: number, hitId: number, actor: string, scope: Scope): Promise<CaseView | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `SELECT 1 FROM cases WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        if (!rows.length) return null;
        const { rows: removed } = await tx.query(
          'DELETE FROM case_hits WHERE case_id = $1 AND hit_id = $2 RETURNING hit_id',
          [id, hitId],
        );
        if (!removed.length) throw new CaseRuleError('not_found', `hit ${hitId} is not in case ${id}`, 'hitId');
        await appendAudit(tx, { actor, action: 'case.remove_hit', target: `case:${id}`, before: { hitId } });
        await appendAudit(tx, { actor, action: 'case.remove_hit', target: `hit:${hitId}`, before: { caseId: id } });
        await tx.query('UPDATE cases SET updated_at = now() WHERE id = $1', [id]);
        return get(id, scope, tx);
      });
    },

    async comment(id: number, body: string, actor: string, scope: Scope): Promise<CaseView | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(`SELECT 1 FROM cases WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2)`, [
          id,
          scope.holderId,
        ]);
        if (!rows.length) return null;
        const { rows: c } = await tx.query<{ id: number }>(
          'INSERT INTO case_comments (case_id, author, body) VALUES ($1, $2, $3) RETURNING id::int AS id',
          [id, actor, body],
        );
        await appendAudit(tx, {
          actor,
          action: 'case.comment',
          target: `case:${id}`,
          after: { commentId: c[0]!.id, body },
        });
        await tx.query('UPDATE cases SET updated_at = now() WHERE id = $1', [id]);
        return get(id, scope, tx);
      });
    },
  };
}

/** An assignee is a live token that may see the case's holder. */
async function checkAssignee(tx: Queryable, tokenId: string, holderId: string): Promise<void> {
  const { rows } = await tx.query(
    `SELECT 1 FROM api_tokens WHERE id = $1 AND revoked_at IS NULL AND (role IN ('admin', 'reviewer')
      OR holder_id = $2)`,
    [tokenId, holderId],
  );
  if (!rows.length)
    throw new CaseRuleError(
      'invalid_assignee',
      `no live token ${tokenId} that may work on ${holderId}'s cases`,
      'assignee',
    );
}
export type CaseRepository = ReturnType<typeof createCaseRepository>;
