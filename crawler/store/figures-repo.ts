import type { HitStatus } from '../../shared/model';
import type { Queryable } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';

export interface Figures {
  byStatus: { status: HitStatus; hits: number }[];
  bySite: { site: string; hits: number; confirmed: number }[];
  byHolder: { holderId: string; holderName: string; hits: number; confirmed: number }[];
  byItem: { itemId: string; itemTitle: string; hits: number; confirmed: number }[];
  lastSweeps: { site: string; lastStartedAt: string; lastFinishedAt: string | null }[];
}

const FROM = 'FROM hits h JOIN items i ON i.id = h.item_id JOIN hit_listings l ON l.hit_id = h.id WHERE ($1::text IS NULL OR i.holder_id = $1)';
const CONFIRMED = `count(*) FILTER (WHERE h.status IN ('confirmed', 'notice_sent', 'removed', 'rejected', 'relisted'))::int`;

/** Counts for the dashboard, within the caller's scope; items are the top `topItems` by hits. */
export async function readFigures(db: Queryable, scope: Scope, topItems = 50): Promise<Figures> {
  const p = [scope.holderId];
  const [byStatus, bySite, byHolder, byItem, lastSweeps] = await Promise.all([
    db.query<Figures['byStatus'][number]>(`SELECT h.status, count(*)::int AS hits ${FROM} GROUP BY h.status ORDER BY h.status`, p),
    db.query<Figures['bySite'][number]>(`SELECT l.site, count(*)::int AS hits, ${CONFIRMED} AS confirmed ${FROM} GROUP BY l.site ORDER BY hits DESC, l.site`, p),
    db.query<Figures['byHolder'][number]>(
      `SELECT i.holder_id AS "holderId", ho.name AS "holderName", count(*)::int AS hits, ${CONFIRMED} AS confirmed
         FROM hits h JOIN items i ON i.id = h.item_id JOIN holders ho ON ho.id = i.holder_id
        WHERE ($1::text IS NULL OR i.holder_id = $1) GROUP BY i.holder_id, ho.name ORDER BY hits DESC, i.holder_id`,
      p,
    ),
    db.query<Figures['byItem'][number]>(
      `SELECT h.item_id AS "itemId", i.title AS "itemTitle", count(*)::int AS hits, ${CONFIRMED} AS confirmed ${FROM}
        GROUP BY h.item_id, i.title ORDER BY hits DESC, h.item_id LIMIT $2`,
      [scope.holderId, topItems],
    ),
    // Sweeps are not any holder's records: when a site was last swept is the same for everyone.
    db.query<Figures['lastSweeps'][number]>(
      `SELECT site, ${isoUtc('max(started_at)')} AS "lastStartedAt", ${isoUtc('max(finished_at)')} AS "lastFinishedAt"
         FROM sweeps GROUP BY site ORDER BY site`,
    ),
  ]);
  return { byStatus: byStatus.rows, bySite: bySite.rows, byHolder: byHolder.rows, byItem: byItem.rows, lastSweeps: lastSweeps.rows };
}
