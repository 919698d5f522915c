import type { Queryable } from './db';

export interface CampaignSite {
  site: string;
  origin: string;
}

/** Either a fixed interval or a cron pattern (optionally in a time zone). */
export interface CampaignSchedule {
  everyMs?: number;
  pattern?: string;
  tz?: string;
}

export interface CampaignDefinition {
  name: string;
  sites: CampaignSite[];
  scope: { holders?: string[]; items?: string[]; categories?: string[] };
  schedule: CampaignSchedule;
  maxSearchPages: number;
  startsAt: Date;
  endsAt?: Date;
}

export type CampaignStatus = 'active' | 'stopped' | 'ended';

export interface CampaignRecord extends CampaignDefinition {
  /** `ended` as soon as the end date has passed, whether or not a tick has noticed yet. */
  status: CampaignStatus;
  createdAt: Date;
  stoppedAt?: Date;
}

/** What a campaign has done: sweeps tagged with it (started and finished), and the hits those sweeps recorded. */
export interface CampaignFigures {
  sweeps: number;
  finished: number;
  hits: number;
}

export class DuplicateCampaignError extends Error {}

interface Row {
  name: string;
  sites: CampaignSite[];
  scope: CampaignDefinition['scope'];
  schedule: { every_ms?: number; pattern?: string; tz?: string };
  max_search_pages: number;
  starts_at: Date | string;
  ends_at: Date | string | null;
  status: CampaignStatus;
  created_at: Date | string;
  stopped_at: Date | string | null;
}

const COLUMNS = `name, sites, scope, schedule, max_search_pages, starts_at, ends_at, created_at, stopped_at,
  CASE WHEN status = 'active' AND ends_at IS NOT NULL AND ends_at <= now() THEN 'ended' ELSE status END AS status`;

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

function fromRow(r: Row): CampaignRecord {
  const schedule = json(r.schedule) as Row['schedule'];
  return {
    name: r.name,
    sites: json(r.sites),
    scope: json(r.scope),
    schedule: {
      ...(schedule.every_ms !== undefined ? { everyMs: schedule.every_ms } : {}),
      ...(schedule.pattern !== undefined ? { pattern: schedule.pattern } : {}),
      ...(schedule.tz !== undefined ? { tz: schedule.tz } : {}),
    },
    maxSearchPages: r.max_search_pages,
    startsAt: new Date(r.starts_at),
    ...(r.ends_at ? { endsAt: new Date(r.ends_at) } : {}),
    status: r.status,
    createdAt: new Date(r.created_at),
    ...(r.stopped_at ? { stoppedAt: new Date(r.stopped_at) } : {}),
  };
}

export function createCampaignRepository(db: Queryable) {
  const get = async (name: string): Promise<CampaignRecord | undefined> => {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM campaigns WHERE name = $1`, [name]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  };

  return {
    /** Stores a new campaign; a name already taken (by a campaign in any state) is refused. */
    async create(c: CampaignDefinition): Promise<CampaignRecord> {
      const schedule = { every_ms: c.schedule.everyMs, pattern: c.schedule.pattern, tz: c.schedule.tz };
      const { rows } = await db.query<Row>(
        `INSERT INTO campaigns (name, sites, scope, schedule, max_search_pages, starts_at, ends_at)
         VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6, $7)
         ON CONFLICT (name) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          c.name,
          JSON.stringify(c.sites),
          JSON.stringify(c.scope),
          JSON.stringify(schedule),
          c.maxSearchPages,
          c.startsAt,
          c.endsAt ?? null,
        ],
      );
      if (!rows[0]) {
        const existing = await get(c.name);
        throw new DuplicateCampaignError(
          `campaign "${c.name}" already exists (${existing?.status ?? 'unknown'}, created ` +
            `${existing?.createdAt.toISOString() ?? '?'}); choose another name`,
        );
      }
      return fromRow(rows[0]);
    },

    get,

    /** Every campaign, newest first. */
    async list(): Promise<CampaignRecord[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM campaigns ORDER BY created_at DESC, name`);
      return rows.map(fromRow);
    },

    /**
     * Marks an active campaign stopped. Returns the campaign as it is now, and
     * whether this call stopped it (false: it was already stopped or ended).
     */
    async stop(name: string): Promise<{ campaign: CampaignRecord | undefined; changed: boolean }> {
      const { rows } = await db.query<{ name: string }>(
        `UPDATE campaigns SET status = 'stopped', stopped_at = now()
          WHERE name = $1 AND status = 'active' AND (ends_at IS NULL OR ends_at > now()) RETURNING name`,
        [name],
      );
      return { campaign: await get(name), changed: rows.length > 0 };
    },

    /** Records that an active campaign's end date has passed; true when this call changed it. */
    async end(name: string): Promise<boolean> {
      const { rows } = await db.query<{ name: string }>(
        `UPDATE campaigns SET status = 'ended' WHERE name = $1 AND status = 'active' RETURNING name`,
        [name],
      );
      return rows.length > 0;
    },

    /** Deletes a campaign (only to undo a create whose scheduling failed). */
    async remove(name: string): Promise<void> {
      await db.query('DELETE FROM campaigns WHERE name = $1', [name]);
    },

    /** Figures per campaign name, from the sweeps tagged with it and the hits those sweeps last saw. */
    async figures(names?: string[]): Promise<Map<string, CampaignFigures>> {
      const { rows } = await db.query<{ name: string; sweeps: number; finished: number; hits: number }>(
        `SELECT c.name,
                (SELECT count(*)::int FROM sweeps s WHERE s.campaign = c.name) AS sweeps,
                (SELECT count(*)::int FROM sweeps s WHERE s.campaign = c.name
                AND s.finished_at IS NOT NULL) AS finished,
                (SELECT count(*)::int FROM hits h JOIN sweeps s ON s.id = h.sweep_id WHERE s.campaign = c.name) AS hits
           FROM campaigns c
          WHERE ($1::text[] IS NULL OR c.name = ANY($1))`,
        [names ?? null],
      );
      return new Map(
        rows.map((r) => [r.name, { sweeps: Number(r.sweeps), finished: Number(r.finished), hits: Number(r.hits) }]),
      );
    },
  };
}
export type CampaignRepository = ReturnType<typeof createCampaignRepository>;
