/**
 * Figures, in one place: the dashboard's counts, verification's removal figures, and the
 * enforcement report's counts per site, holder and item (which the report completes with top
 * sellers, crawler/report).
 */
import { CONFIRMED_STATUSES, type HitStatus } from '../../shared/model';
import type { Db, Queryable } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';
import { foldMedians, foldTallies } from './tallies';

export interface Figures {
  byStatus: { status: HitStatus; hits: number }[];
  bySite: { site: string; hits: number; confirmed: number }[];
  byHolder: { holderId: string; holderName: string; hits: number; confirmed: number }[];
  byItem: { itemId: string; itemTitle: string; hits: number; confirmed: number }[];
  lastSweeps: { site: string; lastStartedAt: string; lastFinishedAt: string | null }[];
}

const list = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ');
const TALLY_CONFIRMED = `COALESCE(sum(t.hits) FILTER (WHERE t.status IN (${list(CONFIRMED_STATUSES)})), 0)::int`;

/**
 * Counts for the dashboard (/v1/figures), within the caller's scope; items are the top `topItems` by hits.
 * Read from the tallies (migration 041): the cost is the number of items and sites, not of hits.
 */
async function dashboard(db: Db, scope: Scope, topItems = 50): Promise<Figures> {
  await foldTallies(db);
  const p = [scope.holderId];
  const site = `FROM hit_tallies_site t WHERE ($1::text IS NULL OR t.holder_id = $1)`;
  const [byStatus, bySite, byHolder, byItem, lastSweeps] = await Promise.all([
    db.query<Figures['byStatus'][number]>(
      `SELECT t.status, sum(t.hits)::int AS hits ${site} GROUP BY t.status HAVING sum(t.hits) > 0 ORDER BY t.status`,
      p,
    ),
    db.query<Figures['bySite'][number]>(
      `SELECT t.site, sum(t.hits)::int AS hits, ${TALLY_CONFIRMED} AS confirmed ${site}
        GROUP BY t.site HAVING sum(t.hits) > 0 ORDER BY hits DESC, t.site`,
      p,
    ),
    db.query<Figures['byHolder'][number]>(
      `SELECT t.holder_id AS "holderId", ho.name AS "holderName", sum(t.hits)::int AS hits,
              ${TALLY_CONFIRMED} AS confirmed
         FROM hit_tallies_site t JOIN holders ho ON ho.id = t.holder_id
        WHERE ($1::text IS NULL OR t.holder_id = $1)
        GROUP BY t.holder_id, ho.name HAVING sum(t.hits) > 0 ORDER BY hits DESC, t.holder_id`,
      p,
    ),
    db.query<Figures['byItem'][number]>(
      `SELECT t.item_id AS "itemId", i.title AS "itemTitle", t.hits, t.confirmed
         FROM (SELECT t.item_id, sum(t.hits)::int AS hits, ${TALLY_CONFIRMED} AS confirmed
                 FROM hit_tallies_item t WHERE ($1::text IS NULL OR t.holder_id = $1)
                GROUP BY t.item_id HAVING sum(t.hits) > 0 ORDER BY hits DESC, t.item_id LIMIT $2) t
         JOIN items i ON i.id = t.item_id ORDER BY t.hits DESC, t.item_id`,
      [scope.holderId, topItems],
    ),
    // Sweeps are not any holder's records: when a site was last swept is the same for everyone.
    db.query<Figures['lastSweeps'][number]>(
      `SELECT site, ${isoUtc('max(started_at)')} AS "lastStartedAt", ${isoUtc('max(finished_at)')} AS "lastFinishedAt"
         FROM sweeps GROUP BY site ORDER BY site`,
    ),
  ]);
  return {
    byStatus: byStatus.rows,
    bySite: bySite.rows,
    byHolder: byHolder.rows,
    byItem: byItem.rows,
    lastSweeps: lastSweeps.rows,
  };
}

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
async function verification(db: Queryable, f: VerificationFilter = {}): Promise<VerificationFigures> {
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
            (SELECT count(DISTINCT v.hit_id) FROM v JOIN noticed n ON n.id = v.hit_id
            WHERE v.time_to_removal_ms IS NOT NULL)::int AS removed,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v.time_to_removal_ms) FROM v
            WHERE v.time_to_removal_ms IS NOT NULL)::float8 AS "medianTimeToRemovalMs",
            (SELECT count(DISTINCT v.hit_id) FROM v WHERE v.outcome = 'relisted')::int AS relisted,
            (SELECT count(*) FROM last_check lc JOIN scoped sc ON sc.id = lc.hit_id WHERE lc.outcome = 'still_up'
            AND sc.status = 'notice_sent')::int AS "stillUp",
            (SELECT count(*) FROM v)::int AS checks`,
    [f.holderId ?? null, f.site ?? null, f.itemId ?? null, f.campaign ?? null],
  );
  const r = rows[0]!;
  return { ...r, removalRate: r.noticed > 0 ? Math.round((r.removed / r.noticed) * 1000) / 1000 : 0 };
}

export interface EnforcementFilter {
  /** Hits recorded by this campaign's sweeps (hits.sweep_id → sweeps.campaign). */
  campaign?: string;
  /** One holder's items only (a holder's token); null or absent: all. */
  holderId?: string | null;
  site?: string;
  itemId?: string;
}

/** One group's figures. Noticed, removed and the median are measured as `verification` measures them. */
export interface EnforcementCounts {
  /** Hits found (any status). */
  hits: number;
  /** Hits a reviewer confirmed (confirmed or a later status). */
  confirmed: number;
  /** Hits a notice went out for (an audited move to notice_sent). */
  noticed: number;
  /** Of those, found removed by a verification check after their notice. */
  removed: number;
  /** removed / noticed, to 3 decimals; 0 when nothing was noticed. */
  removalRate: number;
  /** Median of notice → first check finding the listing gone, over every removal measured; null when none. */
  medianTimeToRemovalMs: number | null;
  /** Hits found relisted at least once. */
  relisted: number;
  /** Hits whose last check found the listing still up (and still notice_sent). */
  stillUp: number;
  /** Verification checks made. */
  checks: number;
}

/** Enforcement counts overall and per group. */
export interface EnforcementGroups {
  overall: EnforcementCounts;
  bySite: (EnforcementCounts & { site: string })[];
  byHolder: (EnforcementCounts & { holderId: string; holderName: string })[];
  byItem: (EnforcementCounts & { itemId: string; itemTitle: string; holderId: string; holderName: string })[];
}

/** The hits within the filter, with the dimensions the report groups by. PGlite and PostgreSQL run it alike. */
const SCOPED = `scoped AS (
  SELECT h.id, h.status, h.noticed, h.removal_found, h.relist_found, h.last_check, h.checks, h.site, h.holder_id,
         ho.name AS holder_name, h.item_id, i.title AS item_title
    FROM hits h JOIN items i ON i.id = h.item_id JOIN holders ho ON ho.id = h.holder_id
    LEFT JOIN sweeps s ON s.id = h.sweep_id
   WHERE ($1::text IS NULL OR h.holder_id = $1) AND ($2::text IS NULL OR h.site = $2)
     AND ($3::text IS NULL OR h.item_id = $3) AND ($4::text IS NULL OR s.campaign = $4)
)`;

/** Overall, per site, per holder, per item: one pass over the hits, told apart by GROUPING(). */
const GROUPS = `GROUPING SETS ((), (site), (holder_id, holder_name), (item_id, item_title, holder_id, holder_name))`;
const KEYS = `GROUPING(site)::int AS g_site, GROUPING(holder_id)::int AS g_holder, GROUPING(item_id)::int AS g_item,
  site, holder_id, holder_name, item_id, item_title`;

/** The counts per hit, as each hit keeps them (migration 041), over `scoped`. */
const LIVE_COUNTS = `count(*)::int AS hits,
  count(*) FILTER (WHERE status IN (${list(CONFIRMED_STATUSES)}))::int AS confirmed,
  count(*) FILTER (WHERE noticed)::int AS noticed, count(*) FILTER (WHERE noticed AND removal_found)::int AS removed,
  count(*) FILTER (WHERE relist_found)::int AS relisted,
  count(*) FILTER (WHERE last_check = 'still_up' AND status = 'notice_sent')::int AS "stillUp",
  COALESCE(sum(checks), 0)::int AS checks`;

/** The same summed over tallies `t`. */
const TALLY_COUNTS = `COALESCE(sum(t.hits), 0)::int AS hits, ${TALLY_CONFIRMED} AS confirmed,
  COALESCE(sum(t.noticed), 0)::int AS noticed, COALESCE(sum(t.removed), 0)::int AS removed,
  COALESCE(sum(t.relisted), 0)::int AS relisted,
  COALESCE(sum(t.still_up) FILTER (WHERE t.status = 'notice_sent'), 0)::int AS "stillUp",
  COALESCE(sum(t.checks), 0)::int AS checks`;

/**
 * Overall, per site and per holder from the holder × site tallies, per item from the item
 * tallies: for a filter naming at most a holder (a site, item or campaign needs the hits).
 */
const FROM_TALLIES = `SELECT GROUPING(t.site)::int AS g_site, GROUPING(t.holder_id)::int AS g_holder, 1 AS g_item,
         t.site, t.holder_id, ho.name AS holder_name, NULL AS item_id, NULL AS item_title, ${TALLY_COUNTS}
    FROM hit_tallies_site t JOIN holders ho ON ho.id = t.holder_id WHERE ($1::text IS NULL OR t.holder_id = $1)
   GROUP BY GROUPING SETS ((), (t.site), (t.holder_id, ho.name)) HAVING sum(t.hits) > 0
  UNION ALL
  SELECT 1, 0, 0, NULL, t.holder_id, ho.name, t.item_id, i.title, ${TALLY_COUNTS}
    FROM hit_tallies_item t JOIN items i ON i.id = t.item_id JOIN holders ho ON ho.id = t.holder_id
   WHERE ($1::text IS NULL OR t.holder_id = $1)
   GROUP BY t.item_id, i.title, t.holder_id, ho.name HAVING sum(t.hits) > 0`;

interface GroupKey {
  g_site: number;
  g_holder: number;
  g_item: number;
  site: string | null;
  holder_id: string | null;
  holder_name: string | null;
  item_id: string | null;
  item_title: string | null;
}
type CountRow = GroupKey & Omit<EnforcementCounts, 'removalRate' | 'medianTimeToRemovalMs'>;
type MedianRow = GroupKey & { median: number | null };

const keyOf = (r: GroupKey) =>
  r.g_item === 0
    ? `item\u0000${r.item_id}`
    : r.g_holder === 0
      ? `holder\u0000${r.holder_id}`
      : r.g_site === 0
        ? `site\u0000${r.site}`
        : 'overall';

const empty = (): EnforcementCounts => ({
  hits: 0,
  confirmed: 0,
  noticed: 0,
  removed: 0,
  removalRate: 0,
  medianTimeToRemovalMs: null,
  relisted: 0,
  stillUp: 0,
  checks: 0,
});

const byHitsThen =
  <T extends EnforcementCounts>(key: (t: T) => string) =>
  (a: T, b: T) =>
    b.hits - a.hits || key(a).localeCompare(key(b));

/**
 * The kept medians (migration 041) by group key: in the whole view, or within one holder's
 * hits (its holder × site medians as its sites', its own as overall).
 */
async function keptMedians(db: Db, holderId: string | null): Promise<Map<string, number>> {
  await foldMedians(db);
  const { rows } = await db.query<{ dim: string; a: string; b: string; median: number }>(
    `SELECT dim, a, b, median FROM removal_medians
      WHERE CASE WHEN $1::text IS NULL THEN dim IN ('all', 'site', 'holder', 'item')
                 ELSE (dim IN ('holder', 'holder_site') AND a = $1) OR (dim = 'item' AND b = $1) END`,
    [holderId],
  );
  const keyed = (r: (typeof rows)[number]) =>
    r.dim === 'all'
      ? ['overall']
      : r.dim === 'holder' && holderId !== null
        ? ['overall', `holder\u0000${r.a}`]
        : r.dim === 'holder_site'
          ? [`site\u0000${r.b}`]
          : [`${r.dim}\u0000${r.a}`];
  return new Map(rows.flatMap((r) => keyed(r).map((k) => [k, r.median] as const)));
}

/** Medians counted from the removals within a filter (a site, item or campaign). */
async function countedMedians(db: Db, o: EnforcementFilter, params: unknown[]): Promise<Map<string, number | null>> {
  // Over the removals alone, which carry their hit's holder, site and item (migration 041).
  const campaign = o.campaign
    ? 'JOIN hits h ON h.id = v.hit_id JOIN sweeps s ON s.id = h.sweep_id AND s.campaign = $4'
    : '';
  const { rows } = await db.query<MedianRow>(
    `SELECT ${KEYS}, percentile_cont(0.5) WITHIN GROUP (ORDER BY ttr)::float8 AS median
       FROM (SELECT v.time_to_removal_ms AS ttr, v.site, v.holder_id, NULL AS holder_name, v.item_id,
                    NULL AS item_title
               FROM verifications v ${campaign}
              WHERE v.time_to_removal_ms IS NOT NULL
                AND ($1::text IS NULL OR v.holder_id = $1) AND ($2::text IS NULL OR v.site = $2)
                AND ($3::text IS NULL OR v.item_id = $3)) removals
      GROUP BY ${GROUPS}`,
    o.campaign ? params : params.slice(0, 3),
  );
  return new Map(rows.map((m) => [keyOf(m), m.median]));
}

/**
 * Enforcement counts overall and per site, holder and item — hits found,
 * confirmed, noticed, removed, removal rate, median time to removal — in two
 * grouped queries (counts per hit; the median per removal, so a hit noticed
 * and removed twice counts both times, as `verification` does).
 */
async function enforcement(db: Db, o: EnforcementFilter = {}): Promise<EnforcementGroups> {
  const params = [o.holderId ?? null, o.site ?? null, o.itemId ?? null, o.campaign ?? null];
  const tallied = !o.site && !o.itemId && !o.campaign;
  if (tallied) await foldTallies(db);
  const { rows: counts } = await db.query<CountRow>(
    tallied ? FROM_TALLIES : `WITH ${SCOPED} SELECT ${KEYS}, ${LIVE_COUNTS} FROM scoped GROUP BY ${GROUPS}`,
    tallied ? [o.holderId ?? null] : params,
  );
  const medianOf = tallied ? await keptMedians(db, o.holderId ?? null) : await countedMedians(db, o, params);
  const figures = (r: CountRow): EnforcementCounts => ({
    hits: r.hits,
    confirmed: r.confirmed,
    noticed: r.noticed,
    removed: r.removed,
    removalRate: r.noticed > 0 ? Math.round((r.removed / r.noticed) * 1000) / 1000 : 0,
    medianTimeToRemovalMs: medianOf.get(keyOf(r)) ?? null,
    relisted: r.relisted,
    stillUp: r.stillUp,
    checks: r.checks,
  });

  let overall = empty();
  const bySite: EnforcementGroups['bySite'] = [];
  const byHolder: EnforcementGroups['byHolder'] = [];
  const byItem: EnforcementGroups['byItem'] = [];
  for (const r of counts) {
    const f = figures(r);
    if (r.g_item === 0)
      byItem.push({
        itemId: r.item_id!,
        itemTitle: r.item_title!,
        holderId: r.holder_id!,
        holderName: r.holder_name!,
        ...f,
      });
    else if (r.g_holder === 0) byHolder.push({ holderId: r.holder_id!, holderName: r.holder_name!, ...f });
    else if (r.g_site === 0) bySite.push({ site: r.site!, ...f });
    else overall = f;
  }
  bySite.sort(byHitsThen((x) => x.site));
  byHolder.sort(byHitsThen((x) => x.holderId));
  byItem.sort(byHitsThen((x) => x.itemId));
  return { overall, bySite, byHolder, byItem };
}

/**
 * The first part of a filter naming nothing the caller may know of, or null.
 * A campaign is known when it was created or a sweep was tagged with it
 * (scan --campaign tags sweeps without creating one); to a holder (`viewer`)
 * only when it concerns the holder — its scope covers one of the holder's
 * items, or one of its sweeps recorded a hit of the holder's — so another
 * holder's campaign answers exactly as one that does not exist. Holders and
 * items come from the catalogue, an item only under the filter's holder (so
 * a holder's token cannot probe another holder's item ids).
 */
async function unknownInFilter(
  db: Queryable,
  f: EnforcementFilter,
  viewer: string | null = null,
): Promise<{ field: 'campaign' | 'holderId' | 'itemId'; value: string } | null> {
  const { rows } = await db.query<{ campaign: boolean; holder: boolean; item: boolean }>(
    `SELECT ($1::text IS NULL
             OR ($4::text IS NULL AND (EXISTS (SELECT 1 FROM campaigns WHERE name = $1) OR EXISTS (SELECT 1 FROM sweeps
             WHERE campaign = $1)))
             OR EXISTS (SELECT 1 FROM campaigns c JOIN items i ON i.holder_id = $4
                         WHERE c.name = $1
                           AND (COALESCE(jsonb_array_length(c.scope->'holders'), 0) = 0
                           OR c.scope->'holders' @> to_jsonb($4::text))
                           AND (COALESCE(jsonb_array_length(c.scope->'items'), 0) = 0
                           OR c.scope->'items' @> to_jsonb(i.id))
                           AND (COALESCE(jsonb_array_length(c.scope->'categories'), 0) = 0
                           OR c.scope->'categories' @> to_jsonb(i.data->>'category')))
             OR EXISTS (SELECT 1 FROM sweeps s JOIN hits h ON h.sweep_id = s.id JOIN items i ON i.id = h.item_id
                         WHERE s.campaign = $1 AND i.holder_id = $4)) AS campaign,
            ($2::text IS NULL OR EXISTS (SELECT 1 FROM holders WHERE id = $2)) AS holder,
            ($3::text IS NULL OR EXISTS (SELECT 1 FROM items WHERE id = $3 AND ($2::text IS NULL
            OR holder_id = $2))) AS item`,
    [f.campaign ?? null, f.holderId ?? null, f.itemId ?? null, viewer],
  );
  const r = rows[0]!;
  if (!r.campaign) return { field: 'campaign', value: f.campaign! };
  if (!r.holder) return { field: 'holderId', value: f.holderId! };
  if (!r.item) return { field: 'itemId', value: f.itemId! };
  return null;
}

export function createFiguresRepository(db: Db) {
  return {
    dashboard: (scope: Scope, topItems?: number) => dashboard(db, scope, topItems),
    verification: (f?: VerificationFilter) => verification(db, f),
    enforcement: (f?: EnforcementFilter) => enforcement(db, f),
    unknownInFilter: (f: EnforcementFilter, viewer?: string | null) => unknownInFilter(db, f, viewer),
  };
}
export type FiguresRepository = ReturnType<typeof createFiguresRepository>;
