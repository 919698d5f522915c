import type { Queryable } from '../../store/db';

export interface VerificationFilter {
  /** One holder's hits only (a holder's token); null or absent: all. */
  holderId?: string | null;
  site?: string;
  itemId?: string;
  /** Hits recorded by this campaign's sweeps. */
  campaign?: string;
}

export interface VerificationFigures {
  /** Hits a notice went out for (an audited move to notice_sent). */
  noticed: number;
  /** Of those, found removed by a check after their notice. */
  removed: number;
  /** removed / noticed, 0 when nothing was noticed. */
  removalRate: number;
  /** Median of notice → first removed check, over every removal measured; null when none. */
  medianTimeToRemovalMs: number | null;
  /** Hits found relisted at least once. */
  relisted: number;
  /** Hits whose last check found the listing still up (and still notice_sent). */
  stillUp: number;
  /** Checks made, of every outcome. */
  checks: number;
}

/**
 * Removal figures, measured from the verifications table and the audit log
 * rather than claimed: `noticed` counts hits with an audited move to
 * notice_sent, `removed` those with a check that found the listing gone
 * after it, and the median time to removal runs over each such first check.
 */
export async function readVerificationFigures(db: Queryable, f: VerificationFilter = {}): Promise<VerificationFigures> {
  const { rows } = await db.query<VerificationFigures>(
    `WITH scoped AS (
       SELECT h.id, h.status FROM hits h JOIN items i ON i.id = h.item_id JOIN hit_listings l ON l.hit_id = h.id
         LEFT JOIN sweeps s ON s.id = h.sweep_id
        WHERE ($1::text IS NULL OR i.holder_id = $1) AND ($2::text IS NULL OR l.site = $2)
          AND ($3::text IS NULL OR h.item_id = $3) AND ($4::text IS NULL OR s.campaign = $4)
     ), noticed AS (
       SELECT DISTINCT sc.id, sc.status FROM scoped sc
         JOIN audit_log a ON a.target = 'hit:' || sc.id AND a.after->>'status' = 'notice_sent'
     ), v AS (
       SELECT v.* FROM verifications v JOIN scoped sc ON sc.id = v.hit_id
     ), last_check AS (
       SELECT DISTINCT ON (hit_id) hit_id, outcome FROM v ORDER BY hit_id, checked_at DESC, id DESC
     )
     SELECT (SELECT count(*) FROM noticed)::int AS noticed,
            (SELECT count(DISTINCT v.hit_id) FROM v JOIN noticed n ON n.id = v.hit_id WHERE v.time_to_removal_ms IS NOT NULL)::int AS removed,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v.time_to_removal_ms) FROM v WHERE v.time_to_removal_ms IS NOT NULL)::float8 AS "medianTimeToRemovalMs",
            (SELECT count(DISTINCT v.hit_id) FROM v WHERE v.outcome = 'relisted')::int AS relisted,
            (SELECT count(*) FROM last_check lc JOIN scoped sc ON sc.id = lc.hit_id WHERE lc.outcome = 'still_up' AND sc.status = 'notice_sent')::int AS "stillUp",
            (SELECT count(*) FROM v)::int AS checks`,
    [f.holderId ?? null, f.site ?? null, f.itemId ?? null, f.campaign ?? null],
  );
  const r = rows[0]!;
  return { ...r, removalRate: r.noticed > 0 ? Math.round((r.removed / r.noticed) * 1000) / 1000 : 0 };
}
