import { defaultRepeatStrategy, UnrecoverableError, Worker, type Job, type RepeatOptions } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import { adapterById } from '../../shared/sites';
import type { CampaignRecord, CampaignSchedule, Store } from '../store';
import type { Queues } from './queues';
import { runMapped } from './error-mapping';
import { CampaignTickSchema, CatalogueScopeSchema, QUEUES, type CampaignTick } from './registry';

/**
 * Campaigns: a named, time-boxed sweep of a set of sites for a catalogue
 * scope, on a schedule. The campaign lives in the store; its schedule is one
 * BullMQ job scheduler per site on the `campaign` queue, which fires "tick"
 * jobs; the `scheduler` process turns each tick into a sweep with a fresh id.
 * BullMQ stops firing after the end date (`endDate`), and the tick processor
 * refuses a tick that arrives after it anyway, or after the campaign was
 * stopped.
 */

/** Letters, digits, `_`, `.`, `-`; it becomes part of sweep ids and scheduler ids. */
export const CAMPAIGN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;
const CRON_FIELDS = /^\S+(\s+\S+){4,5}$/;

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron pattern is not usable (5 or 6 fields, as BullMQ reads them), or undefined when it is. */
export function cronProblem(pattern: string, tz?: string): string | undefined {
  if (!CRON_FIELDS.test(pattern.trim()))
    return 'expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first';
  try {
    if (defaultRepeatStrategy(Date.now(), { pattern, ...(tz ? { tz } : {}) }) === undefined) return 'it never fires';
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

export const CampaignScheduleSchema = z
  .object({
    everyMs: z.number().int().min(1000).optional(),
    pattern: z.string().min(1).optional(),
    tz: z.string().min(1).refine(validTimeZone, 'an IANA time zone such as Europe/Berlin').optional(),
  })
  .refine((s) => (s.everyMs === undefined) !== (s.pattern === undefined), 'give everyMs or pattern (one of them)')
  .superRefine((s, ctx) => {
    if (s.pattern === undefined || (s.tz && !validTimeZone(s.tz))) return;
    const problem = cronProblem(s.pattern, s.tz);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

export const CampaignSiteSchema = z.object({
  site: z.string().refine((id) => !!adapterById(id), 'a site adapter id'),
  origin: z.url({ protocol: /^https?$/ }),
});

/** A campaign definition, as `campaign create` builds it and the store keeps it. */
export const CampaignSchema = z
  .object({
    name: z
      .string()
      .regex(CAMPAIGN_NAME, 'letters, digits, "_", "." or "-", at most 48, starting with a letter or digit'),
    sites: z
      .array(CampaignSiteSchema)
      .min(1)
      .refine((xs) => new Set(xs.map((x) => x.site)).size === xs.length, 'each site at most once'),
    scope: CatalogueScopeSchema.default({}),
    schedule: CampaignScheduleSchema,
    maxSearchPages: z.number().int().min(1).max(1000).default(20),
    startsAt: z.date(),
    endsAt: z.date().optional(),
  })
  .refine((c) => !c.endsAt || c.endsAt > c.startsAt, { path: ['endsAt'], message: 'must be after startsAt' });
export type Campaign = z.output<typeof CampaignSchema>;

export class CampaignError extends Error {}

/** One job scheduler per campaign and site. (No ':' — it goes into BullMQ job ids.) */
export function schedulerId(campaign: string, site: string): string {
  return `${campaign}@${site}`;
}

/**
 * Tick jobs: a few retries (a tick is idempotent: its sweep id comes from its scheduled time); kept a while for
 * inspection.
 */
const TICK_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 1000 },
} as const;

export function repeatOptions(c: Pick<Campaign, 'schedule' | 'startsAt' | 'endsAt'>): Omit<RepeatOptions, 'key'> {
  const window = { startDate: c.startsAt, ...(c.endsAt ? { endDate: c.endsAt } : {}) };
  return c.schedule.everyMs !== undefined
    ? { every: c.schedule.everyMs, ...window }
    : { pattern: c.schedule.pattern!, ...(c.schedule.tz ? { tz: c.schedule.tz } : {}), ...window };
}

/**
 * Upserts one job scheduler per site (re-running replaces them, it does not
 * add more). Returns the scheduler ids.
 */
export async function scheduleCampaign(queues: Queues, campaign: Campaign | CampaignRecord): Promise<string[]> {
  const c = CampaignSchema.parse(campaign);
  if (c.endsAt && c.endsAt.getTime() <= Date.now())
    throw new CampaignError(`campaign "${c.name}" ended at ${c.endsAt.toISOString()}; nothing to schedule`);
  const ids: string[] = [];
  for (const { site, origin } of c.sites) {
    const id = schedulerId(c.name, site);
    const data: CampaignTick = { campaign: c.name, site, origin, scope: c.scope, maxSearchPages: c.maxSearchPages };
    await queues.campaign.upsertJobScheduler(id, repeatOptions(c), { name: 'tick', data, opts: TICK_JOB_OPTIONS });
    ids.push(id);
  }
  return ids;
}

/** The campaign's job schedulers in Redis (by id prefix, so a site since dropped is found too). */
export async function campaignSchedulers(queues: Queues, name: string) {
  const all = await queues.campaign.getJobSchedulers(0, -1, true);
  return all.filter((s) => (s.id ?? s.key).startsWith(`${name}@`));
}

/** Removes every job scheduler of the campaign (and their next, not yet started, tick); returns how many there were. */
export async function unscheduleCampaign(
  queues: Queues,
  name: string,
  sites: readonly { site: string }[] = [],
): Promise<number> {
  const ids = new Set([
    ...sites.map((s) => schedulerId(name, s.site)),
    ...(await campaignSchedulers(queues, name)).map((s) => s.id ?? s.key),
  ]);
  let removed = 0;
  for (const id of ids) if (await queues.campaign.removeJobScheduler(id)) removed++;
  return removed;
}

/**
 * Stops a campaign: marks it stopped first (so a tick already in flight is
 * refused), then removes its schedulers. Stopping a stopped or ended
 * campaign only removes any schedulers left.
 */
export async function stopCampaign(
  queues: Queues,
  store: Store,
  name: string,
): Promise<{ campaign: CampaignRecord; changed: boolean; removed: number }> {
  const before = await store.campaigns.get(name);
  if (!before) throw new CampaignError(`no campaign named "${name}"`);
  const { campaign, changed } = await store.campaigns.stop(name);
  const removed = await unscheduleCampaign(queues, name, before.sites);
  return { campaign: campaign ?? before, changed, removed };
}

/** When this tick was due: the time in its scheduler job id (`repeat:<scheduler>:<ms>`), else when it was added. */
export function tickTime(job: Pick<Job, 'id' | 'timestamp' | 'delay'>): number {
  const m = /:(\d+)$/.exec(job.id ?? '');
  return m ? Number(m[1]) : job.timestamp + (job.delay ?? 0);
}

/** `<campaign>-<site>-<yyyymmddhhmmssSSS>`: the same tick (redelivered) gives the same sweep, so it is queued once. */
export function campaignSweepId(campaign: string, site: string, at: number): string {
  return `${campaign}-${site}-${new Date(at).toISOString().replace(/[-:.TZ]/g, '')}`;
}

export type TickResult =
  { sweepId: string } | { refused: 'unknown' | 'stopped' | 'ended' | 'not-started'; campaign: string };

export interface TickDeps {
  queues: Queues;
  store: Store;
  logger?: Logger;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * One tick: check the campaign is still running, then record and queue a
 * sweep of the tick's site. A tick after the end date marks the campaign
 * ended; ticks of a stopped or ended campaign also remove any schedulers
 * left, so they stop coming.
 */
export async function processCampaignTick(job: Job, deps: TickDeps): Promise<TickResult> {
  const parsed = CampaignTickSchema.safeParse(job.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnrecoverableError(
      `bad campaign tick payload: field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const tick = parsed.data;
  const now = (deps.now ?? Date.now)();
  const campaign = await deps.store.campaigns.get(tick.campaign);
  const refuse = (refused: Exclude<TickResult, { sweepId: string }>['refused']): TickResult => {
    deps.logger?.info({ campaign: tick.campaign, site: tick.site, jobId: job.id, refused }, 'campaign tick refused');
    return { refused, campaign: tick.campaign };
  };
  // Not in this store: leave the schedulers alone (another deployment may own them).
  if (!campaign) return refuse('unknown');
  if (campaign.status === 'stopped') {
    await unscheduleCampaign(deps.queues, campaign.name, campaign.sites);
    return refuse('stopped');
  }
  if (campaign.status === 'ended' || (campaign.endsAt && now >= campaign.endsAt.getTime())) {
    if (await deps.store.campaigns.end(campaign.name)) deps.logger?.info({ campaign: campaign.name }, 'campaign ended');
    await unscheduleCampaign(deps.queues, campaign.name, campaign.sites);
    return refuse('ended');
  }
  // BullMQ does not fire before startDate; a tick added by hand might.
  if (now < campaign.startsAt.getTime() - 1000) return refuse('not-started');

  const sweepId = campaignSweepId(campaign.name, tick.site, tickTime(job));
  await deps.store.sweeps.start({ id: sweepId, site: tick.site, origin: tick.origin, campaign: campaign.name });
  await deps.queues.startSweep({
    sweepId,
    site: tick.site,
    origin: tick.origin,
    scope: tick.scope,
    campaign: campaign.name,
    maxSearchPages: tick.maxSearchPages,
  });
  deps.logger?.info({ campaign: campaign.name, site: tick.site, sweepId }, 'campaign sweep queued');
  return { sweepId };
}

/** The campaign queue's processor: a tick, its errors through the one job-fate mapping. */
export function campaignProcessor(deps: TickDeps) {
  return (job: Job, token?: string) => runMapped(job, token, () => processCampaignTick(job, deps));
}

export interface CampaignSchedulerOptions extends TickDeps {
  /** Ticks handled at once; they are quick (two writes), so a few is plenty. */
  concurrency?: number;
}

/** A BullMQ worker on the `campaign` queue running the tick processor. `close()` lets a tick in flight finish. */
export function startCampaignScheduler(o: CampaignSchedulerOptions): { worker: Worker; close(): Promise<void> } {
  const worker = new Worker(QUEUES.campaign, campaignProcessor(o), {
    connection: o.queues.connection,
    prefix: o.queues.prefix,
    concurrency: o.concurrency ?? 2,
  });
  worker.on('failed', (job, err) =>
    o.logger?.warn(
      { queue: QUEUES.campaign, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
      'campaign tick failed',
    ),
  );
  worker.on('error', (err) => o.logger?.error({ queue: QUEUES.campaign, err: err.message }, 'scheduler error'));
  return { worker, close: () => worker.close() };
}

// --- schedules as people write them ---------------------------------------

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `90s`, `2h`, `1d` (also `1500ms`) → milliseconds; undefined when not of that form. */
export function parseEvery(text: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * UNITS[m[2] as keyof typeof UNITS];
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Milliseconds in the largest unit that divides them: 1800000 → `30m`. */
export function formatEvery(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  return `${ms}ms`;
}

export function describeSchedule(s: CampaignSchedule): string {
  if (s.everyMs !== undefined) return `every ${formatEvery(s.everyMs)}`;
  return `cron "${s.pattern}"${s.tz ? ` ${s.tz}` : ''}`;
}
