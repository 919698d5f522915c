import type { HitStatus, NOTICE_OUTCOMES, NOTICE_STATES, Signal } from '../../shared/model';
import type { Notice } from '../../shared/notices';
import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';

export type NoticeState = (typeof NOTICE_STATES)[number];
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];

export interface Channel {
  id: string;
  name: string;
  email: string;
  party: Record<string, unknown>;
}

export interface NoticeRecord {
  id: number;
  caseId: number;
  holderId: string;
  regime: string;
  channelId: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  payload: unknown;
  input: unknown;
  state: NoticeState;
  outcome: NoticeOutcome | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  messageId: string | null;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  urls: { url: string; hitId: number }[];
}

export interface CaseListingRow {
  hitId: number;
  url: string;
  title: string;
  site: string;
  status: HitStatus;
  itemId: string;
  sellerId: string | null;
  sellerName: string | null;
  signals: Signal[];
  flagReason: string | null;
  evidence: { sha256: string; kind: string; capturedAt: string }[];
  openNoticeId: number | null;
}

const COLUMNS = `n.id::int AS id, n.case_id::int AS "caseId", n.holder_id AS "holderId", n.regime,
    n.channel_id AS "channelId", n.recipient,
  n.subject, n.body_text AS text, n.body_html AS html, n.payload, n.input, n.state, n.outcome, n.attempts,
  n.last_error AS "lastError",
  ${isoUtc('n.next_attempt_at', 'us')} AS "nextAttemptAt", n.message_id AS "messageId", n.created_by AS "createdBy",
  ${isoUtc('n.created_at', 'us')} AS "createdAt", ${isoUtc('n.sent_at', 'us')} AS "sentAt",
  COALESCE((SELECT json_agg(json_build_object('url', u.url, 'hitId', u.hit_id) ORDER BY u.url) FROM notice_urls u
  WHERE u.notice_id = n.id), '[]'::json) AS urls`;

/**
 * A notice stays open — its URLs not to be noticed again by the same holder —
 * until the platform answers it or it bounces. Each holder's rights are its
 * own, so another holder may notice the same URL, and is never told of
 * (or refused because of) a notice it cannot see.
 */
const OPEN =
  `n.state IN ('draft', 'queued', 'sent', 'failed', 'acknowledged') AND (n.outcome IS NULL OR n.outcome ` +
  `= 'accepted')`;

export function createNoticeRepository(db: Db) {
  async function get(id: number, scope: Scope, q: Queryable = db): Promise<NoticeRecord | null> {
    const { rows } = await q.query<NoticeRecord>(
      `SELECT ${COLUMNS} FROM notices n WHERE n.id = $1 AND ($2::text IS NULL OR n.holder_id = $2)`,
      [id, scope.holderId],
    );
    return rows[0] ?? null;
  }

  return {
    get,

    async putChannel(c: Channel): Promise<void> {
      await db.query(
        `INSERT INTO notice_channels (id, name, email, party) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, party = excluded.party,
         updated_at = now()`,
        [c.id, c.name, c.email, JSON.stringify(c.party)],
      );
    },
    async channel(id: string): Promise<Channel | null> {
      const { rows } = await db.query<Channel>('SELECT id, name, email, party FROM notice_channels WHERE id = $1', [
        id,
      ]);
      return rows[0] ?? null;
    },
    async channels(): Promise<Channel[]> {
      return (await db.query<Channel>('SELECT id, name, email, party FROM notice_channels ORDER BY id')).rows;
    },

    /**
     * The case's listings with what the accuracy gate needs, the evidence a notice cites, and the case holder's own
     * open notice on each URL.
     */
    async caseListings(caseId: number): Promise<CaseListingRow[]> {
      const { rows } = await db.query<CaseListingRow>(
        `SELECT h.id::int AS "hitId", h.listing_url AS url, l.title, l.site, h.status, h.item_id AS "itemId",
                l.seller_id AS "sellerId", l.seller_name AS "sellerName", h.signals, h.flag->>'reason' AS "flagReason",
                COALESCE((SELECT json_agg(json_build_object('sha256', e.sha256, 'kind', e.kind, 'capturedAt',
                ${isoUtc('e.captured_at', 'us')}) ORDER BY e.captured_at, e.sha256)
                   FROM evidence e WHERE e.sha256 IN (SELECT sha256 FROM hit_evidence WHERE hit_id = h.id)
                   OR e.sha256 = h.evidence_sha256), '[]'::json) AS evidence,
                (SELECT n.id::int FROM notice_urls u JOIN notices n ON n.id = u.notice_id
                  WHERE u.url = h.listing_url AND n.holder_id = c.holder_id AND ${OPEN} ORDER BY n.id
                  LIMIT 1) AS "openNoticeId"
           FROM case_hits ch JOIN cases c ON c.id = ch.case_id JOIN hits h ON h.id = ch.hit_id JOIN hit_listings l
           ON l.hit_id = h.id
          WHERE ch.case_id = $1 ORDER BY h.id`,
        [caseId],
      );
      return rows;
    },

    /**
     * Stores a built notice as a draft. The open-notice check (the holder's
     * own notices) runs again under a lock inside the transaction, so two
     * notices of one holder built at once cannot both name one URL.
     */
    async create(o: {
      caseId: number;
      holderId: string;
      channel: Channel;
      notice: Notice;
      urls: { url: string; hitId: number }[];
      actor: string;
    }): Promise<NoticeRecord> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(7210114)');
        const { rows: taken } = await tx.query<{ url: string; id: number }>(
          `SELECT u.url, n.id::int AS id FROM notice_urls u JOIN notices n ON n.id = u.notice_id WHERE u.url = ANY($1)
            AND n.holder_id = $2 AND ${OPEN}`,
          [o.urls.map((u) => u.url), o.holderId],
        );
        if (taken.length) throw new AlreadyNoticedError(taken);
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO notices (case_id, holder_id, regime, channel_id, recipient, subject, body_text, body_html,
            payload, input, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::int AS id`,
          [
            o.caseId,
            o.holderId,
            o.notice.regime,
            o.channel.id,
            o.channel.email,
            o.notice.subject,
            o.notice.text,
            o.notice.html,
            JSON.stringify(o.notice.json),
            JSON.stringify(o.notice.input),
            o.actor,
          ],
        );
        const id = rows[0]!.id;
        for (const u of o.urls)
          await tx.query('INSERT INTO notice_urls (notice_id, url, hit_id) VALUES ($1, $2, $3)', [id, u.url, u.hitId]);
        await appendAudit(tx, {
          actor: o.actor,
          action: 'notice.create',
          target: `notice:${id}`,
          after: { caseId: o.caseId, regime: o.notice.regime, channel: o.channel.id, urls: o.urls.map((u) => u.url) },
        });
        return (await get(id, { holderId: null }, tx))!;
      });
    },

    async list(scope: Scope, filter: { caseId?: number; state?: NoticeState; limit: number }): Promise<NoticeRecord[]> {
      const { rows } = await db.query<NoticeRecord>(
        `SELECT ${COLUMNS} FROM notices n WHERE ($1::text IS NULL OR n.holder_id = $1) AND ($2::bigint IS NULL
          OR n.case_id = $2)
           AND ($3::text IS NULL OR n.state = $3) ORDER BY n.id DESC LIMIT $4`,
        [scope.holderId, filter.caseId ?? null, filter.state ?? null, filter.limit],
      );
      return rows;
    },

    /** A draft's text rebuilt (its free-text parts edited); null when it is no longer a draft. */
    async revise(id: number, notice: Notice, actor: string): Promise<NoticeRecord | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ subject: string }>(
          `UPDATE notices SET subject = $2, body_text = $3, body_html = $4, payload = $5, input = $6, updated_at = now()
            WHERE id = $1 AND state = 'draft' RETURNING subject`,
          [id, notice.subject, notice.text, notice.html, JSON.stringify(notice.json), JSON.stringify(notice.input)],
        );
        if (!rows.length) return null;
        await appendAudit(tx, {
          actor,
          action: 'notice.revise',
          target: `notice:${id}`,
          after: { subject: notice.subject },
        });
        return get(id, { holderId: null }, tx);
      });
    },

    /** A draft thrown away (its URLs free for another notice); a notice that went out is kept for good. */
    async discard(id: number, actor: string, scope: Scope): Promise<boolean | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ state: NoticeState; regime: string }>(
          `SELECT state, regime FROM notices WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        const before = rows[0];
        if (!before) return null;
        if (before.state !== 'draft')
          throw new NoticeStateError(`notice ${id} is ${before.state}; only a draft can be discarded`);
        await tx.query('DELETE FROM notice_urls WHERE notice_id = $1', [id]);
        await tx.query('DELETE FROM notices WHERE id = $1', [id]);
        await appendAudit(tx, { actor, action: 'notice.discard', target: `notice:${id}`, before });
        return true;
      });
    },

    /** draft/failed/bounced → queued: into the outbox, due now. */
    async queue(id: number, actor: string, scope: Scope): Promise<NoticeRecord | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ state: NoticeState }>(
          `SELECT state FROM notices WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        const state = rows[0]?.state;
        if (!state) return null;
        if (!['draft', 'failed', 'bounced'].includes(state))
          throw new NoticeStateError(`notice ${id} is ${state}; only a draft, failed or bounced notice can be sent`);
        await tx.query(
          `UPDATE notices SET state = 'queued', next_attempt_at = now(), attempts = 0, last_error = NULL,
            updated_at = now() WHERE id = $1`,
          [id],
        );
        await appendAudit(tx, {
          actor,
          action: 'notice.queue',
          target: `notice:${id}`,
          before: { state },
          after: { state: 'queued' },
        });
        return get(id, scope, tx);
      });
    },

    /**
     * Claims the queued notices due at `now`: their next attempt moves
     * `leaseMs` ahead, so another API process running the outbox skips them.
     * A process that dies mid-send leaves them to be retried after the lease
     * (at least once, never lost).
     */
    async claimDue(now: Date, leaseMs = 5 * 60_000, limit = 20): Promise<number[]> {
      const { rows } = await db.query<{ id: number }>(
        `UPDATE notices SET next_attempt_at = $2 WHERE id IN (
           SELECT id FROM notices WHERE state = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id
           LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id::int AS id`,
        [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit],
      );
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },

    /** Sent: the notice leaves the outbox and its listings move to notice_sent, each audited. */
    async markSent(id: number, messageId: string, now: Date): Promise<void> {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE notices SET state = 'sent', sent_at = $2, message_id = $3, attempts = attempts + 1,
            last_error = NULL, next_attempt_at = NULL, updated_at = now()
           WHERE id = $1 AND state = 'queued' RETURNING id`,
          [id, now.toISOString(), messageId],
        );
        if (!rows.length) return;
        await appendAudit(tx, {
          actor: 'delivery',
          action: 'notice.sent',
          target: `notice:${id}`,
          before: { state: 'queued' },
          after: { state: 'sent', messageId },
        });
        const { rows: hits } = await tx.query<{ id: number; status: HitStatus }>(
          `SELECT h.id::int AS id, h.status FROM notice_urls u JOIN hits h ON h.id = u.hit_id WHERE u.notice_id = $1
            ORDER BY h.id FOR UPDATE OF h`,
          [id],
        );
        for (const h of hits) {
          if (h.status !== 'confirmed' && h.status !== 'relisted') continue;
          await tx.query(`UPDATE hits SET status = 'notice_sent', updated_at = now() WHERE id = $1`, [h.id]);
          await appendAudit(tx, {
            actor: 'delivery',
            action: 'hit.status',
            target: `hit:${h.id}`,
            before: { status: h.status },
            after: { status: 'notice_sent' },
            reason: `notice ${id} sent`,
          });
        }
      });
    },

    /**
     * A failed attempt: stays queued for a retry after `retryAt`, or becomes failed (kept, re-sendable) when out of
     * attempts.
     */
    async markAttemptFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
      await db.transaction(async (tx) => {
        const state = retryAt ? 'queued' : 'failed';
        const { rows } = await tx.query(
          `UPDATE notices SET state = $2, attempts = attempts + 1, last_error = $3, next_attempt_at = $4,
            updated_at = now() WHERE id = $1 AND state = 'queued' RETURNING attempts`,
          [id, state, error.slice(0, 2000), retryAt?.toISOString() ?? null],
        );
        if (rows.length)
          await appendAudit(tx, {
            actor: 'delivery',
            action: retryAt ? 'notice.retry' : 'notice.failed',
            target: `notice:${id}`,
            after: { state, error: error.slice(0, 500), retryAt: retryAt?.toISOString() ?? null },
          });
      });
    },

    /** The platform's side: a bounce, an acknowledgement, or its answer (accepted, rejected, withdrawn, countered). */
    async recordEvent(
      id: number,
      event: 'bounced' | 'acknowledged' | NoticeOutcome,
      actor: string,
      scope: Scope,
      note?: string,
    ): Promise<NoticeRecord | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ state: NoticeState; outcome: NoticeOutcome | null }>(
          `SELECT state, outcome FROM notices WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, scope.holderId],
        );
        const before = rows[0];
        if (!before) return null;
        if (before.state === 'draft' || before.state === 'queued')
          throw new NoticeStateError(`notice ${id} is ${before.state}: it has not been sent`);
        if (event === 'bounced' || event === 'acknowledged')
          await tx.query('UPDATE notices SET state = $2, updated_at = now() WHERE id = $1', [id, event]);
        else await tx.query('UPDATE notices SET outcome = $2, updated_at = now() WHERE id = $1', [id, event]);
        await appendAudit(tx, {
          actor,
          action: `notice.${event}`,
          target: `notice:${id}`,
          before,
          after: event === 'bounced' || event === 'acknowledged' ? { state: event } : { outcome: event },
          reason: note ?? null,
        });
        return get(id, scope, tx);
      });
    },

    /** Per channel: notices sent, and the share the platform rejected, withdrew or saw countered. */
    async accuracy(scope: Scope): Promise<
      {
        channelId: string;
        sent: number;
        answered: number;
        rejected: number;
        withdrawn: number;
        countered: number;
        inaccurateShare: number;
      }[]
    > {
      const { rows } = await db.query<{
        channelId: string;
        sent: number;
        answered: number;
        rejected: number;
        withdrawn: number;
        countered: number;
      }>(
        `SELECT channel_id AS "channelId", count(*) FILTER (WHERE state <> 'draft' AND state <> 'queued')::int AS sent,
                count(*) FILTER (WHERE outcome IS NOT NULL)::int AS answered,
                count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected, count(*)
                FILTER (WHERE outcome = 'withdrawn')::int AS withdrawn,
                count(*) FILTER (WHERE outcome = 'countered')::int AS countered
           FROM notices WHERE ($1::text IS NULL OR holder_id = $1) GROUP BY channel_id ORDER BY channel_id`,
        [scope.holderId],
      );
      return rows.map((r) => ({
        ...r,
        inaccurateShare: r.sent ? (r.rejected + r.withdrawn + r.countered) / r.sent : 0,
      }));
    },
  };
}
export type NoticeRepository = ReturnType<typeof createNoticeRepository>;

export class AlreadyNoticedError extends Error {
  constructor(readonly taken: { url: string; id: number }[]) {
    super(taken.map((t) => `${t.url} is already named in notice ${t.id}, which is still open`).join('; '));
  }
}
export class NoticeStateError extends Error {}
