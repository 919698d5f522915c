import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  DEFAULT_JOB_OPTIONS,
  jobId,
  QUEUES,
  WORK_QUEUES,
  type DiscoverJob,
  type ListingJob,
  type SweepJob,
} from './registry';
import { SweepTracker } from './sweep-tracker';

export type WorkQueues = Record<(typeof WORK_QUEUES)[number], Queue>;

/** The producer side: the three work queues and the sweep tracker, over one connection. */
export class Queues {
  readonly queues: WorkQueues;
  readonly tracker: SweepTracker;
  private campaignQueue?: Queue;

  /** `retryBaseDelayMs`: the first retry's backoff, doubled each time (COUNTERSCAN_RETRY_BASE_MS). */
  constructor(
    readonly connection: Redis,
    readonly prefix: string,
    options: { retryBaseDelayMs?: number } = {},
  ) {
    const defaultJobOptions = {
      ...DEFAULT_JOB_OPTIONS,
      backoff: { ...DEFAULT_JOB_OPTIONS.backoff, delay: options.retryBaseDelayMs ?? DEFAULT_JOB_OPTIONS.backoff.delay },
    };
    const make = (name: string) => new Queue(name, { connection, prefix, defaultJobOptions });
    this.queues = { sweep: make(QUEUES.sweep), discover: make(QUEUES.discover), listing: make(QUEUES.listing) };
    this.tracker = new SweepTracker(connection, prefix);
  }

  /**
   * Adds a job under its stable id, then counts it in its sweep. Adding first
   * means a crash in between leaves the parent job unfinished, so it runs
   * again and counts the child then; BullMQ ignores the repeated add.
   */
  async enqueue(kind: 'sweep', data: SweepJob, key: string): Promise<boolean>;
  async enqueue(kind: 'discover', data: DiscoverJob, key: string): Promise<boolean>;
  async enqueue(kind: 'listing', data: ListingJob, key: string): Promise<boolean>;
  async enqueue(kind: keyof WorkQueues, data: SweepJob | DiscoverJob | ListingJob, key: string): Promise<boolean> {
    const id = jobId(kind, data.sweepId, key);
    await this.queues[kind].add(kind, data, { jobId: id });
    return this.tracker.addJob(data.sweepId, id);
  }

  /** The queue campaign job schedulers fire their ticks into (opened on first use). */
  get campaign(): Queue {
    this.campaignQueue ??= new Queue(QUEUES.campaign, { connection: this.connection, prefix: this.prefix });
    return this.campaignQueue;
  }

  async startSweep(data: SweepJob): Promise<void> {
    await this.tracker.register(data.sweepId, { site: data.site, origin: data.origin, campaign: data.campaign ?? '' });
    await this.enqueue('sweep', data, 'sweep');
  }

  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, q] of Object.entries(this.queues)) {
      out[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(
      [...Object.values(this.queues), ...(this.campaignQueue ? [this.campaignQueue] : [])].map((q) => q.close()),
    );
  }
}
