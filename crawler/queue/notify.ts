import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { runNotifyRound, type NotifyDeps } from '../notify';
import { runMapped } from './error-mapping';
import { QUEUES } from './registry';

/**
 * The fleet's outbox: a job scheduler fires a `round` job on the `notify`
 * queue every 15 s, and any `worker --queues notify` process runs it. Two
 * workers never send one message twice: each send is claimed in the store.
 */

export const NOTIFY_SCHEDULER_ID = 'notify';
/** How often the outbox runs. */
export const NOTIFY_EVERY_MS = 15_000;

/** A round is not retried (the next one comes in 15 s); a few are kept for inspection. */
const ROUND_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { age: 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
} as const;

export function createNotifyQueue(connection: Redis, prefix: string): Queue {
  return new Queue(QUEUES.notify, { connection, prefix });
}

/** Creates or replaces the notify job scheduler (idempotent: the API and every notify worker may call it). */
export async function scheduleNotify(queue: Queue, everyMs = NOTIFY_EVERY_MS): Promise<void> {
  await queue.upsertJobScheduler(
    NOTIFY_SCHEDULER_ID,
    { every: everyMs },
    { name: 'round', data: {}, opts: ROUND_JOB_OPTIONS },
  );
}

/** The notify queue's processor: one outbox round, its errors through the one job-fate mapping. */
export function notifyProcessor(deps: NotifyDeps) {
  return (job: Job, token?: string) => runMapped(job, token, () => runNotifyRound(deps));
}

export interface NotifyWorkerOptions extends NotifyDeps {
  connection: Redis;
  prefix: string;
}

/** A BullMQ worker on the `notify` queue, one round at a time. `close()` lets a round in flight finish. */
export function startNotifyWorker(o: NotifyWorkerOptions): { worker: Worker; close(): Promise<void> } {
  const worker = new Worker(QUEUES.notify, notifyProcessor(o), {
    connection: o.connection,
    prefix: o.prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, err) =>
    o.logger?.warn({ queue: QUEUES.notify, jobId: job?.id, err: err.message }, 'outbox round failed'),
  );
  worker.on('error', (err) => o.logger?.error({ queue: QUEUES.notify, err: err.message }, 'notify worker error'));
  return { worker, close: () => worker.close() };
}
