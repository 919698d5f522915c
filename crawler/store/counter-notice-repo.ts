import type { CounterNoticeClock } from '../../shared/notices';
import { appendAudit } from './audit-repo';
import type { Db } from './db';
import type { Scope } from './inbox-repo';
import { NoticeStateError } from './notice-repo';
import { isoUtc } from './sql';

export interface CounterNoticeRecord {
  id: number;
  noticeId: number;
  regime: string;
  receivedAt: string;
  sender: string;
  statement: string;
  earliest: string;
  latest: string;
  remindAt: string;
  remindedAt: string | null;
  outcome: 'pending' | 'action_filed' | 'restored' | 'withdrawn';
}

const COLUMNS =
  `c.id::int AS id, c.notice_id::int AS "noticeId", c.regime, ${isoUtc('c.received_at')} AS ` +
  `"receivedAt", c.sender, c.statement,
  ${isoUtc('c.earliest')} AS earliest, ${isoUtc('c.latest')} AS latest, ${isoUtc('c.remind_at')} AS "remindAt", ` +
  `${isoUtc('c.reminded_at')} AS "remindedAt", c.outcome`;

export function createCounterNoticeRepository(db: Db) {
  return {
    /**
     * Records a seller's counter-notice with its statutory clock (worked out by the caller, see
     * crawler/notices); the notice's outcome becomes `countered`. A notice that was never sent
     * (draft, queued, or failed before delivery) cannot have been countered: NoticeStateError.
     */
    async record(o: {
      noticeId: number;
      clock: CounterNoticeClock;
      sender: string;
      statement: string;
      actor: string;
    }): Promise<CounterNoticeRecord> {
      const c = o.clock;
      return db.transaction(async (tx) => {
        const sent = await tx.query<{ sent: boolean }>(
          'SELECT sent_at IS NOT NULL AS sent FROM notices WHERE id = $1 FOR UPDATE',
          [o.noticeId],
        );
        if (!sent.rows[0]?.sent)
          throw new NoticeStateError(`notice ${o.noticeId} was never sent; a counter-notice answers a sent notice`);
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO counter_notices (notice_id, regime, received_at, sender, statement, earliest, latest, remind_at,
            created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::int AS id`,
          [
            o.noticeId,
            c.regime,
            c.receivedAt.toISOString(),
            o.sender,
            o.statement,
            c.earliest.toISOString(),
            c.latest.toISOString(),
            c.remindAt.toISOString(),
            o.actor,
          ],
        );
        await tx.query(`UPDATE notices SET outcome = 'countered', updated_at = now() WHERE id = $1`, [o.noticeId]);
        await appendAudit(tx, {
          actor: o.actor,
          action: 'notice.counter_notice',
          target: `notice:${o.noticeId}`,
          after: {
            counterNoticeId: rows[0]!.id,
            clock: c.regime,
            earliest: c.earliest,
            latest: c.latest,
            remindAt: c.remindAt,
          },
          reason: c.summary,
        });
        return (
          await tx.query<CounterNoticeRecord>(`SELECT ${COLUMNS} FROM counter_notices c WHERE c.id = $1`, [rows[0]!.id])
        ).rows[0]!;
      });
    },

    async forNotice(noticeId: number): Promise<CounterNoticeRecord[]> {
      return (
        await db.query<CounterNoticeRecord>(
          `SELECT ${COLUMNS} FROM counter_notices c WHERE c.notice_id = $1 ORDER BY c.id`,
          [noticeId],
        )
      ).rows;
    },

    async setOutcome(
      id: number,
      outcome: CounterNoticeRecord['outcome'],
      actor: string,
      scope: Scope,
    ): Promise<CounterNoticeRecord | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ outcome: string; noticeId: number }>(
          `SELECT c.outcome, c.notice_id::int AS "noticeId" FROM counter_notices c JOIN notices n ON n.id = c.notice_id
            WHERE c.id = $1 AND ($2::text IS NULL OR n.holder_id = $2) FOR UPDATE OF c`,
          [id, scope.holderId],
        );
        if (!rows[0]) return null;
        await tx.query('UPDATE counter_notices SET outcome = $2 WHERE id = $1', [id, outcome]);
        await appendAudit(tx, {
          actor,
          action: 'counter_notice.outcome',
          target: `notice:${rows[0].noticeId}`,
          before: { outcome: rows[0].outcome },
          after: { counterNoticeId: id, outcome },
        });
        return (await tx.query<CounterNoticeRecord>(`SELECT ${COLUMNS} FROM counter_notices c WHERE c.id = $1`, [id]))
          .rows[0]!;
      });
    },

    /** Pending counter-notices whose reminder is due at `now` and not yet sent, with whom to remind. */
    async dueReminders(
      now: Date,
    ): Promise<(CounterNoticeRecord & { holderId: string; holderEmail: string | null; subject: string })[]> {
      const { rows } = await db.query<
        CounterNoticeRecord & { holderId: string; holderEmail: string | null; subject: string }
      >(
        `SELECT ${COLUMNS}, n.holder_id AS "holderId", COALESCE(ho.data->'agent'->>'email',
          ho.data->>'email') AS "holderEmail", n.subject
           FROM counter_notices c JOIN notices n ON n.id = c.notice_id JOIN holders ho ON ho.id = n.holder_id
          WHERE c.outcome = 'pending' AND c.reminded_at IS NULL AND c.remind_at <= $1 ORDER BY c.remind_at, c.id`,
        [now.toISOString()],
      );
      return rows;
    },

    /** Gives a claim back after the reminder could not be sent, so the next run tries again. */
    async unmarkReminded(id: number): Promise<void> {
      await db.query('UPDATE counter_notices SET reminded_at = NULL WHERE id = $1', [id]);
    },

    async markReminded(id: number, now: Date): Promise<boolean> {
      const { rows } = await db.query(
        'UPDATE counter_notices SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL RETURNING id',
        [id, now.toISOString()],
      );
      if (rows.length)
        await appendAudit(db, {
          actor: 'delivery',
          action: 'counter_notice.reminded',
          target: `counter_notice:${id}`,
          after: { at: now.toISOString() },
        });
      return rows.length > 0;
    },
  };
}
export type CounterNoticeRepository = ReturnType<typeof createCounterNoticeRepository>;
