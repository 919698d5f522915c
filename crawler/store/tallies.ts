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
         SELECT item_id, status, min(holder_id), ${sums} FROM d GROUP BY item_id, status ORDER BY item_id, status
         ON CONFLICT (item_id, status) DO UPDATE SET ${adds('hit_tallies_item')}
       )
       INSERT INTO hit_tallies_site (holder_id, site, status, ${COUNTERS.join(', ')})
       SELECT holder_id, site, status, ${sums} FROM d GROUP BY holder_id, site, status ORDER BY holder_id, site, status
       ON CONFLICT (holder_id, site, status) DO UPDATE SET ${adds('hit_tallies_site')}`,
    );
  });
}
