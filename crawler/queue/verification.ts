import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job, type RepeatOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Matcher } from '../../shared/match';
import type { DueHit, Store } from '../store';
import {
  resolveVerifyOptions,
  verifyHit,
  type HitCheckResult,
  type PageFetcher,
  type VerifyOptions,
} from '../verification';
import { runMapped } from './error-mapping';
import { QUEUES } from './registry';

/**
 * The distributed verify job, on the registry's `verify` queue. A job
 * scheduler fires `tick` jobs; a tick picks the hits due a check (as the
 * embedded run does) and queues one `check` job per hit; a check job runs
 * verifyHit through the fleet fetcher. A check's id comes from the hit, its
 * status and its last check time, so a tick that fires again before the
 * check ran queues nothing new.
 */

export const VERIFY_JOBS = { tick: 'tick', check: 'check' } as const;

/** A scheduler tick: which hits to look at. */
export const VerifyTickSchema = z.object({
  site: z.string().min(1).optional(),
  /** Most checks one tick queues. Default: the verify options' limit (500). */
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type VerifyTick = z.infer<typeof VerifyTickSchema>;

/** One hit to re-fetch. */
export const VerifyCheckSchema = z.object({
  hitId: z.number().int().positive(),
});
export type VerifyCheck = z.infer<typeof VerifyCheckSchema>;

/** The one job scheduler of the verify queue. */
export const VERIFY_SCHEDULER_ID = 'verify';

/** Checks: a few retries with backoff (5xx, timeouts); then the check is recorded as an error. */
export const VERIFY_CHECK_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

const TICK_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 1000 },
} as const;

export function createVerifyQueue(connection: Redis, prefix: string): Queue {
  return new Queue(QUEUES.verify, { connection, prefix });
}

/** `everyMs`, or a cron `pattern` (with `tz`). */
export interface VerifySchedule {
  everyMs?: number;
  pattern?: string;
  tz?: string;
}

/** Creates or replaces the verify job scheduler; returns its id. */
export async function scheduleVerification(
  queue: Queue,
  schedule: VerifySchedule,
  data: VerifyTick = {},
): Promise<string> {
  if ((schedule.everyMs === undefined) === (schedule.pattern === undefined))
    throw new Error('give everyMs or pattern (one of them)');
  const repeat: Omit<RepeatOptions, 'key'> =
    schedule.everyMs !== undefined
      ? { every: schedule.everyMs }
      : { pattern: schedule.pattern!, ...(schedule.tz ? { tz: schedule.tz } : {}) };
  await queue.upsertJobScheduler(VERIFY_SCHEDULER_ID, repeat, {
    name: VERIFY_JOBS.tick,
    data: VerifyTickSchema.parse(data),
    opts: TICK_JOB_OPTIONS,
  });
  return VERIFY_SCHEDULER_ID;
}

export async function unscheduleVerification(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(VERIFY_SCHEDULER_ID);
}

/**
 * Stable per hit, status and last check: re-queueing a check that has not run yet is a no-op. (No ':' in BullMQ ids.)
 */
export function verifyCheckJobId(hit: Pick<DueHit, 'id' | 'status' | 'lastCheckedAt'>): string {
  return `verify-${createHash('sha256')
    .update(`${hit.id}\u0000${hit.status}\u0000${hit.lastCheckedAt ?? 'never'}`)
    .digest('hex')
    .slice(0, 32)}`;
}

export interface VerifyWorkerDeps {
  queue: Queue;
  store: Pick<Store, 'verifications' | 'evidence' | 'listings' | 'hits' | 'captures' | 'record'>;
  /** The fleet fetcher (crawler/queue/fleet-fetcher): robots.txt and per-host caps held in Redis for every worker. */
  fetcher: PageFetcher;
  options?: VerifyOptions;
  matcher?: Pick<Matcher, 'match'>;
  logger?: Logger;
  now?: () => Date;
}

function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `field ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UnrecoverableError(`bad verify ${what} payload: ${fields.join('; ')}`);
  }
  return parsed.data;
}

/** A tick: queues a check for each due hit; returns how many were queued (already queued ones count once). */
export async function processVerifyTick(job: Job, deps: VerifyWorkerDeps): Promise<{ queued: number }> {
  const tick = parse(VerifyTickSchema, job.data, 'tick');
  const options = resolveVerifyOptions(deps.options);
  const due = await deps.store.verifications.due({
    now: (deps.now ?? (() => new Date()))(),
    noticedIntervalMs: options.noticedIntervalMs,
    removedIntervalMs: options.removedIntervalMs,
    watchRemovedForMs: options.watchRemovedForMs,
    limit: tick.limit ?? options.limit,
    site: tick.site,
  });
  if (due.length > 0) {
    await deps.queue.addBulk(
      due.map((hit) => ({
        name: VERIFY_JOBS.check,
        data: { hitId: hit.id } satisfies VerifyCheck,
        opts: { ...VERIFY_CHECK_JOB_OPTIONS, jobId: verifyCheckJobId(hit) },
      })),
    );
  }
  deps.logger?.info({ queue: QUEUES.verify, due: due.length }, 'verify tick');
  return { queued: due.length };
}

/**
 * One check. A hit no longer noticed or removed (a reviewer moved it) is
 * skipped. Errors decide the job's fate in runMapped (a host at its
 * fleet-wide cap delays the job without using an attempt); a retryable
 * fetch failure is retried by BullMQ and recorded as an 'error' check on the
 * last attempt.
 */
export async function processVerifyCheck(
  job: Job,
  deps: VerifyWorkerDeps,
): Promise<HitCheckResult | { skipped: string }> {
  const { hitId } = parse(VerifyCheckSchema, job.data, 'check');
  const hit = await deps.store.verifications.hit(hitId);
  if (!hit) return { skipped: `no hit ${hitId}` };
  if (hit.status !== 'notice_sent' && hit.status !== 'removed') return { skipped: `hit ${hitId} is ${hit.status}` };
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return verifyHit(
    {
      store: deps.store,
      fetcher: deps.fetcher,
      now: deps.now ?? (() => new Date()),
      options: resolveVerifyOptions(deps.options),
      matcher: deps.matcher,
      throwRetryable: !lastAttempt,
    },
    { ...hit, status: hit.status, lastCheckedAt: null },
  );
}

/** The verify queue's processor: ticks and checks, every error through the one job-fate mapping. */
export function verifyProcessor(deps: VerifyWorkerDeps) {
  return (job: Job, token?: string) =>
    runMapped(job, token, async () => {
      if (job.name === VERIFY_JOBS.tick) return processVerifyTick(job, deps);
      if (job.name === VERIFY_JOBS.check) return processVerifyCheck(job, deps);
      throw new UnrecoverableError(`unknown verify job "${job.name}"`);
    });
}

export interface VerifyWorkerOptions extends VerifyWorkerDeps {
  connection: Redis;
  prefix: string;
  /** Checks in flight in this process. Default 4. */
  concurrency?: number;
}

/** A BullMQ worker on the `verify` queue (ticks and checks). `close()` lets jobs in flight finish. */
export function startVerifyWorker(o: VerifyWorkerOptions): { worker: Worker; close(): Promise<void> } {
  const worker = new Worker(QUEUES.verify, verifyProcessor(o), {
    connection: o.connection,
    prefix: o.prefix,
    concurrency: o.concurrency ?? 4,
  });
  worker.on('failed', (job, err) =>
    o.logger?.warn(
      { queue: QUEUES.verify, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
      'verify job failed',
    ),
  );
  worker.on('error', (err) => o.logger?.error({ queue: QUEUES.verify, err: err.message }, 'verify worker error'));
  return { worker, close: () => worker.close() };
}
