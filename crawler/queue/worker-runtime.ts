import { Job, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { refreshSellers } from '../sellers';
import type { SweepStats } from '../store';
import type { Store } from '../store';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import { MatcherCache } from './catalogue-scope';
import { hostOutcome, runMapped } from './error-mapping';
import { HostStats } from './host-stats';
import { processDiscover, processListing, processSweep, type ProcessorDeps } from './processors';
import { Queues } from './queues';
import { PAYLOAD_SCHEMAS, WORK_QUEUES } from './registry';
import type { JobOutcome, SweepProgress } from './sweep-tracker';

export interface WorkerRuntimeOptions {
  config: Config;
  queues: Queues;
  store: Store;
  fetcher: PoliteFetcher;
  logger: Logger;
  /** Which queues this process works; default all three. */
  names?: readonly (typeof WORK_QUEUES)[number][];
  /** Jobs in flight per queue in this process. */
  concurrency: number;
  /** How long a job's lock lives without renewal: a killed worker's jobs return after about this long. */
  lockMs?: number;
}

const PROCESSORS = { sweep: processSweep, discover: processDiscover, listing: processListing } as const;

/** Sweep figures from the outcomes its jobs recorded. */
export function statsFromProgress(p: SweepProgress, listingsFound: number): SweepStats {
  const n = (k: string) => p.outcomes[k] ?? 0;
  const errors: Record<string, number> = {};
  let failed = 0;
  for (const [k, v] of Object.entries(p.outcomes)) {
    if (!k.startsWith('failed:')) continue;
    errors[k.slice(7)] = v;
    failed += v;
  }
  return {
    searchPages: n('search'),
    listingsFound,
    fetched: n('listing') + n('hit'),
    extracted: n('listing') + n('hit'),
    hits: n('hit'),
    skippedByRobots: n('robots'),
    failed,
    errors,
    blocked: n('blocked'),
  };
}

/**
 * BullMQ workers for the sweep, discover and listing queues in this process.
 * Payloads are parsed with their schema before any stage sees them; errors
 * go through `runMapped`; the last job of a sweep writes its figures.
 */
export function startWorkers(o: WorkerRuntimeOptions): { workers: Worker[]; close(): Promise<void> } {
  const deps: ProcessorDeps = {
    queues: o.queues,
    store: o.store,
    fetcher: o.fetcher,
    matchers: new MatcherCache(o.store, o.config.threshold),
    screenshotMinScore: o.config.screenshotMinScore,
  };
  const hostStats = new HostStats(o.queues.connection, o.queues.prefix);
  const tracker = o.queues.tracker;

  const finalize = async (sweepId: string) => {
    const progress = await tracker.progress(sweepId);
    const listingJobs = (await o.queues.connection.smembers(`${o.queues.prefix}:sweep:${sweepId}:jobs`)).filter((id) =>
      id.startsWith('listing-'),
    ).length;
    await o.store.sweeps.finish(sweepId, statsFromProgress(progress, listingJobs));
    await tracker.markFinished(sweepId);
    o.logger.info({ sweepId, outcomes: progress.outcomes }, 'sweep finished');
    // The repeat-infringer list follows what the sweep found; a failure here must not undo the sweep.
    await refreshSellers(o.store).catch((err: unknown) => o.logger.warn({ err, sweepId }, 'seller refresh failed'));
  };

  /**
   * A job BullMQ fails by itself — stalled more often than allowed, as when a
   * page crashes its worker every time — never returns to a processor, so no
   * outcome would be recorded and its sweep would never finish. Every worker
   * hears the event; recording is idempotent.
   */
  const onFailedOutside = async (name: (typeof WORK_QUEUES)[number], jobId: string, failedReason: string) => {
    const job = await Job.fromId(o.queues.queues[name], jobId);
    const sweepId: unknown = job?.data?.sweepId;
    if (typeof sweepId !== 'string' || (await tracker.hasOutcome(sweepId, jobId))) return;
    if (!/stalled/i.test(failedReason)) return;
    if (await tracker.finishJob(sweepId, jobId, 'failed:stalled')) await finalize(sweepId);
  };

  const running = (o.names ?? WORK_QUEUES).map((name) => {
    const processor = async (job: Job, token?: string) => {
      const parsed = PAYLOAD_SCHEMAS[name].safeParse(job.data);
      if (!parsed.success) {
        // Every bad field, not only the first: a payload missing `site` may have a bad `url` too.
        const fields = parsed.error.issues.map((i) => `field ${i.path.join('.') || '(root)'}: ${i.message}`);
        const sweepId = typeof job.data?.sweepId === 'string' ? job.data.sweepId : undefined;
        // Its outcome still counts, and may be the one that completes its sweep; the payload error stays the job's
        // reason.
        if (sweepId && job.id) {
          try {
            if (await tracker.finishJob(sweepId, job.id, 'failed:payload')) await finalize(sweepId);
          } catch (err) {
            o.logger.warn(
              { queue: name, jobId: job.id, err: (err as Error).message },
              'could not record a bad payload in its sweep',
            );
          }
        }
        throw new UnrecoverableError(`bad ${name} payload: ${fields.join('; ')}`);
      }
      const data = parsed.data;
      const host = 'url' in data ? new URL(data.url).host : undefined;
      return runMapped(
        job,
        token,
        async () => {
          try {
            const outcome = await (PROCESSORS[name] as (d: typeof data, deps: ProcessorDeps) => Promise<JobOutcome>)(
              data,
              deps,
            );
            if (host) await hostStats.record(host, 'ok');
            return outcome;
          } catch (err) {
            const outcome = host && hostOutcome(err);
            if (outcome) await hostStats.record(host, outcome);
            throw err;
          }
        },
        async (outcome) => {
          if (await tracker.finishJob(data.sweepId, job.id!, outcome)) await finalize(data.sweepId);
        },
      );
    };
    const worker = new Worker(name, processor, {
      connection: o.queues.connection,
      prefix: o.queues.prefix,
      concurrency: o.concurrency,
      lockDuration: o.lockMs ?? 30_000,
      stalledInterval: Math.max(1000, Math.floor((o.lockMs ?? 30_000) / 2)),
      maxStalledCount: 3,
    });
    worker.on('failed', (job, err) =>
      o.logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    worker.on('error', (err) => o.logger.error({ queue: name, err: err.message }, 'worker error'));
    const events = new QueueEvents(name, { connection: o.queues.connection.duplicate(), prefix: o.queues.prefix });
    events.on('failed', ({ jobId, failedReason }) => {
      onFailedOutside(name, jobId, failedReason).catch((err) =>
        o.logger.warn({ queue: name, jobId, err: (err as Error).message }, 'could not record a failed job'),
      );
    });
    events.on('error', (err) => o.logger.debug({ queue: name, err: err.message }, 'queue events error'));
    return { worker, events };
  });

  return {
    workers: running.map((r) => r.worker),
    // Lets in-flight jobs finish; jobs not yet started stay queued for other workers.
    close: async () => {
      await Promise.all(running.map((r) => r.worker.close()));
      await Promise.all(
        running.map(async (r) => {
          await r.events.close();
          await r.events.disconnect().catch(() => {});
        }),
      );
    },
  };
}
