import type { Db } from './db';

/** Any constant; folds of one database take turns under it. */
const FOLD_LOCK = 7_210_117;

const COUNTERS = ['hits', 'noticed', 'removed', 'relisted', 'still_up', 'checks'] as const;
const sums = COUNTERS.map((c) => `sum(${c})::int`).join(', ');
const adds = (t: string) => COUNTERS.map((c) => `${c} = ${t}.${c} + excluded.${c}`).join(', ');

/**
 * Folds the hits' pending contributions (hit_tally_deltas, appended by the
 * hits trigger of migration 041) into the tallies per item and per holder ×
 * site, so what a reader sums next equals a count over the committed hits.
 * Folds take turns; with nothing pending it costs one probe.
 */
export async function foldTallies(db: Db): Promise<void> {
  const { rows } = await db.query<{ pending: boolean }>('SELECT EXISTS (SELECT 1 FROM hit_tally_deltas) AS pending');
  if (!rows[0]?.pending) return;
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
    await tx.query(
      `WITH d AS (DELETE FROM hit_tally_deltas RETURNING *),
       by_item AS (
         INSERT INTO hit_tallies_item (item_id, status, holder_id, ${COUNTERS.join(', ')})
         SELECT item_id, status, holder_id, ${sums} FROM d
          GROUP BY item_id, holder_id, status ORDER BY item_id, holder_id, status
         ON CONFLICT (item_id, holder_id, status) DO UPDATE SET ${adds('hit_tallies_item')}
       )
       INSERT INTO hit_tallies_site (holder_id, site, status, ${COUNTERS.join(', ')})
       SELECT holder_id, site, status, ${sums} FROM d GROUP BY holder_id, site, status ORDER BY holder_id, site, status
       ON CONFLICT (holder_id, site, status) DO UPDATE SET ${adds('hit_tallies_site')}`,
    );
  });
}

/** Which removals each kind of median group runs over (k.a, k.b: the group's key). */
const MEDIAN_GROUPS = {
  all: 'true',
  site: 'v.site = k.a',
  holder: 'v.holder_id = k.a',
  holder_site: 'v.holder_id = k.a AND v.site = k.b',
  item: 'v.item_id = k.a',
} as const;
type MedianGroup = keyof typeof MEDIAN_GROUPS;

/**
 * Recomputes the median time to removal of each group a removal was recorded in since the
 * last fold (removal_medians_dirty, appended by the verifications trigger of migration 041);
 * every other group's median stands. Folds take turns, as the tallies' do.
 */
export async function foldMedians(db: Db): Promise<void> {
  const { rows } = await db.query<{ pending: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM removal_medians_dirty) AS pending',
  );
  if (!rows[0]?.pending) return;
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
    const { rows: dirty } = await tx.query<{ dim: MedianGroup; a: string; b: string }>(
      'WITH d AS (DELETE FROM removal_medians_dirty RETURNING dim, a, b) SELECT DISTINCT dim, a, b FROM d',
    );
    for (const [dim, cond] of Object.entries(MEDIAN_GROUPS)) {
      const keys = dirty.filter((d) => d.dim === dim);
      if (keys.length === 0) continue;
      await tx.query(
        `INSERT INTO removal_medians (dim, a, b, median)
         SELECT $1, k.a, k.b, (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v.time_to_removal_ms)::float8
                                 FROM verifications v WHERE v.time_to_removal_ms IS NOT NULL AND ${cond})
           FROM unnest($2::text[], $3::text[]) AS k(a, b)
         ON CONFLICT (dim, a, b) DO UPDATE SET median = excluded.median`,
        [dim, keys.map((k) => k.a), keys.map((k) => k.b)],
      );
    }
  });
}
