import type { Queryable } from './db';

export interface SweepStats {
  searchPages: number;
  listingsFound: number;
  fetched: number;
  extracted: number;
  hits: number;
  skippedByRobots: number;
  failed: number;
  errors: Record<string, number>;
  /**
   * Pages the site answered with a challenge, a wall or a shell (never extracted), and per host by kind
   * (`block:cloudflare`).
   */
  blocked?: number;
  blockedByHost?: Record<string, Record<string, number>>;
}

export function createSweepRepository(db: Queryable) {
  return {
    async start(sweep: { id: string; site: string; origin: string; campaign?: string }): Promise<void> {
      await db.query(
        'INSERT INTO sweeps (id, site, origin, campaign) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [sweep.id, sweep.site, sweep.origin, sweep.campaign ?? null],
      );
    },
    /** Records a sweep unless one with this id exists; true when this call recorded it (it is this caller's to run). */
    async claim(sweep: { id: string; site: string; origin: string; campaign?: string }): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO sweeps (id, site, origin, campaign) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [sweep.id, sweep.site, sweep.origin, sweep.campaign ?? null],
      );
      return rows.length > 0;
    },
    async finish(id: string, stats: SweepStats): Promise<void> {
      await db.query('UPDATE sweeps SET finished_at = now(), stats = $2 WHERE id = $1', [id, stats]);
    },
  };
}
export type SweepRepository = ReturnType<typeof createSweepRepository>;
