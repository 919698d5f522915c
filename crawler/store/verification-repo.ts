import { canMoveHit, type HitStatus, type Signal } from '../../shared/model';
import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import { isoUtc } from './sql';

export const VERIFY_OUTCOMES = ['removed', 'still_up', 'relisted', 'error'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

/** A hit verification looks at, with what its listing looked like when last stored. */
export interface DueHit {
  id: number;
  status: 'notice_sent' | 'removed';
  listingUrl: string;
  itemId: string;
  score: number;
  signals: Signal[];
  site: string;
  title: string;
  sellerId: string | null;
  sellerName: string | null;
  sellerUrl: string | null;
  lastCheckedAt: string | null;
}

export interface VerificationRecord {
  id: number;
  hitId: number;
  url: string;
  checkedAt: string;
  httpStatus: number | null;
  outcome: VerifyOutcome;
  reason: string;
  evidenceSha256: string | null;
  statusBefore: HitStatus;
  statusAfter: HitStatus;
  noticedAt: string | null;
  timeToRemovalMs: number | null;
  relistedUrl: string | null;
}

/** One check as the verifier decided it, before it is stored. */
export interface CheckInput {
  hitId: number;
  url: string;
  checkedAt: string;
  httpStatus: number | null;
  outcome: VerifyOutcome;
  reason: string;
  evidenceSha256?: string;
  noticedAt: string | null;
  relistedUrl?: string;
  /** The status the decision was made from; if the hit has moved since (a reviewer), it is not moved. */
  expected: HitStatus;
  /** The status the outcome moves the hit to, if any. */
  moveTo?: HitStatus;
}

const RECORD_COLUMNS =
  `id::int AS id, hit_id::int AS "hitId", url, ${isoUtc('checked_at', 'ms')} AS "checkedAt", ` +
  `http_status AS "httpStatus",
  outcome, reason, evidence_sha256 AS "evidenceSha256", status_before AS "statusBefore", status_after AS "statusAfter",
  ${isoUtc('noticed_at', 'ms')} AS "noticedAt", time_to_removal_ms::float8 AS "timeToRemovalMs", relisted_url AS ` +
  `"relistedUrl"`;

export interface DueFilter {
  now: Date;
  noticedIntervalMs: number;
  removedIntervalMs: number;
  watchRemovedForMs: number;
  limit: number;
  /** Only these hits (still only if noticed or removed). */
  hitIds?: number[];
  site?: string;
  /** Ignore the intervals: every noticed or watched hit is due. */
  force?: boolean;
}

export function createVerificationRepository(db: Db) {
  return {
    /**
     * Hits due a check: `notice_sent` ones whose last check is older than the
     * noticed interval, `removed` ones (watched for relisting while their
     * removal is recent) older than the removed interval; never-checked
     * first, then the longest unchecked.
     */
    async due(f: DueFilter): Promise<DueHit[]> {
      const now = f.now.toISOString();
      const { rows } = await db.query<DueHit>(
        `SELECT d.id, d.status, d."listingUrl", d."itemId", d.score, d.signals, d.site, d.title, d."sellerId",
          d."sellerName",
                d."sellerUrl", ${isoUtc('d.last_checked', 'ms')} AS "lastCheckedAt"
           FROM (
           SELECT h.id::int AS id, h.status, h.listing_url AS "listingUrl", h.item_id AS "itemId",
                  h.score::numeric::float8 AS score, h.signals, l.site, l.title, l.seller_id AS "sellerId",
                  l.seller_name AS "sellerName", l.data->'seller'->>'url' AS "sellerUrl",
                  (SELECT max(v.checked_at) FROM verifications v WHERE v.hit_id = h.id) AS last_checked,
                  COALESCE((SELECT max(v.checked_at) FROM verifications v WHERE v.hit_id = h.id
                  AND v.time_to_removal_ms IS NOT NULL), h.updated_at) AS removed_since
             FROM hits h JOIN hit_listings l ON l.hit_id = h.id
            WHERE h.status IN ('notice_sent', 'removed')
              AND ($1::bigint[] IS NULL OR h.id = ANY($1))
              AND ($2::text IS NULL OR l.site = $2)
         ) d
         WHERE $7::boolean OR d.last_checked IS NULL
            OR (d.status = 'notice_sent' AND d.last_checked <= $3::timestamptz - make_interval(secs => $4::float8 /
            1000))
            OR (d.status = 'removed' AND d.last_checked <= $3::timestamptz - make_interval(secs => $5::float8 / 1000)
                AND d.removed_since > $3::timestamptz - make_interval(secs => $6::float8 / 1000))
         ORDER BY d.last_checked NULLS FIRST, d.id
         LIMIT $8`,
        [
          f.hitIds ?? null,
          f.site ?? null,
          now,
          f.noticedIntervalMs,
          f.removedIntervalMs,
          f.watchRemovedForMs,
          f.force ?? false,
          f.limit,
        ],
      );
      return rows;
    },

    /** One hit as verification sees it, whatever its status (null if there is none). */
    async hit(id: number): Promise<(Omit<DueHit, 'status' | 'lastCheckedAt'> & { status: HitStatus }) | null> {
      const { rows } = await db.query<Omit<DueHit, 'status' | 'lastCheckedAt'> & { status: HitStatus }>(
        `SELECT h.id::int AS id, h.status, h.listing_url AS "listingUrl", h.item_id AS "itemId",
                h.score::numeric::float8 AS score, h.signals, l.site, l.title, l.seller_id AS "sellerId",
                l.seller_name AS "sellerName", l.data->'seller'->>'url' AS "sellerUrl"
           FROM hits h JOIN hit_listings l ON l.hit_id = h.id WHERE h.id = $1`,
        [id],
      );
      return rows[0] ?? null;
    },

    /**
     * When the hit's current notice went out: the latest audited move to
     * `notice_sent` (whoever made it: a reviewer, the notice outbox). Null
     * when the log has none (a status set outside the workflow).
     */
    async noticedAt(hitId: number, q: Queryable = db): Promise<string | null> {
      const { rows } = await q.query<{ at: string | null }>(
        `SELECT ${isoUtc('max(at)', 'ms')} AS at FROM audit_log WHERE target = $1 AND after->>'status' = 'notice_sent'`,
        [`hit:${hitId}`],
      );
      return rows[0]?.at ?? null;
    },

    /**
     * Stores one check and, when its outcome moves the hit, the move and its
     * audit entry, all in one transaction with the hit row locked. A hit that
     * a reviewer moved since the check began is left where it is; the check
     * is still kept. Time to removal is set on the move notice_sent → removed.
     */
    async record(c: CheckInput, actor: string): Promise<VerificationRecord> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: HitStatus }>('SELECT status FROM hits WHERE id = $1 FOR UPDATE', [
          c.hitId,
        ]);
        const current = rows[0]?.status;
        if (!current) throw new Error(`no hit ${c.hitId}`);
        const move =
          c.moveTo !== undefined && current === c.expected && c.moveTo !== current && canMoveHit(current, c.moveTo)
            ? c.moveTo
            : undefined;
        const ttr =
          move === 'removed' && current === 'notice_sent' && c.noticedAt
            ? Math.max(0, Date.parse(c.checkedAt) - Date.parse(c.noticedAt))
            : null;
        const reason =
          current !== c.expected ? `${c.reason} (the hit became ${current} meanwhile; not moved)` : c.reason;
        const { rows: inserted } = await tx.query<VerificationRecord>(
          `INSERT INTO verifications (hit_id, url, checked_at, http_status, outcome, reason, evidence_sha256,
            status_before,
                                      status_after, noticed_at, time_to_removal_ms, relisted_url)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${RECORD_COLUMNS}`,
          [
            c.hitId,
            c.url,
            c.checkedAt,
            c.httpStatus,
            c.outcome,
            reason,
            c.evidenceSha256 ?? null,
            current,
            move ?? current,
            c.noticedAt,
            ttr,
            c.relistedUrl ?? null,
          ],
        );
        const record = inserted[0]!;
        if (move) {
          await tx.query('UPDATE hits SET status = $1, updated_at = now() WHERE id = $2', [move, c.hitId]);
          await appendAudit(tx, {
            actor,
            action: 'hit.status',
            target: `hit:${c.hitId}`,
            before: { status: current },
            after: {
              status: move,
              verificationId: record.id,
              url: c.url,
              httpStatus: c.httpStatus,
              ...(ttr !== null ? { timeToRemovalMs: ttr } : {}),
            },
            reason,
          });
        }
        return record;
      });
    },

    /** A hit's checks, newest first. */
    async history(hitId: number, limit = 100): Promise<VerificationRecord[]> {
      const { rows } = await db.query<VerificationRecord>(
        `SELECT ${RECORD_COLUMNS} FROM verifications WHERE hit_id = $1 ORDER BY checked_at DESC, id DESC LIMIT $2`,
        [hitId, limit],
      );
      return rows;
    },

    /**
     * Relist candidates for a hit: listings on its site by the same seller (its seller id when
     * the hit's listing had one, else the same seller name and no id), first seen after
     * `since` (the notice), newest first.
     */
    async relistCandidates(
      hit: Pick<DueHit, 'site' | 'listingUrl' | 'sellerId' | 'sellerName'>,
      since: string | null,
      limit = 200,
    ): Promise<{ url: string; title: string }[]> {
      const { rows } = await db.query<{ url: string; title: string }>(
        `SELECT url, title FROM listings
          WHERE site = $1 AND url <> $2
            AND (CASE WHEN $3::text IS NOT NULL THEN seller_id = $3 ELSE seller_id IS NULL AND seller_name = $4 END)
            AND ($5::timestamptz IS NULL OR first_seen_at > $5::timestamptz)
          ORDER BY first_seen_at DESC LIMIT $6`,
        [hit.site, hit.listingUrl, hit.sellerId, hit.sellerName, since, limit],
      );
      return rows;
    },

    /** URLs already linked to the hit as relists (so the same one is not reported twice). */
    async relistedUrls(hitId: number): Promise<string[]> {
      const { rows } = await db.query<{ url: string }>(
        `SELECT DISTINCT relisted_url AS url FROM verifications WHERE hit_id = $1 AND relisted_url IS NOT NULL`,
        [hitId],
      );
      return rows.map((r) => r.url);
    },
  };
}
export type VerificationRepository = ReturnType<typeof createVerificationRepository>;
