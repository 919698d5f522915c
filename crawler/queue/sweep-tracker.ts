import type { Redis } from 'ioredis';

/** What became of one job; recorded once per job id, so a redelivered job is not counted twice. */
export type JobOutcome = 'sweep' | 'search' | 'listing' | 'hit' | 'robots' | 'blocked' | `failed:${string}`;

const TTL_S = 7 * 24 * 3600;

export interface SweepProgress {
  sweepId: string;
  jobs: number;
  done: number;
  outcomes: Record<string, number>;
  meta: Record<string, string>;
}

/**
 * A distributed sweep's progress in Redis: the set of job ids it enqueued and
 * a hash of job id → outcome. A job records its outcome only after it has
 * enqueued all its children, so "every enqueued job has an outcome" means
 * the sweep is done — whichever worker, after whatever crash, gets there.
 */
export class SweepTracker {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(sweepId: string, part: string): string {
    return `${this.prefix}:sweep:${sweepId}:${part}`;
  }

  async register(sweepId: string, meta: Record<string, string>): Promise<void> {
    await this.redis
      .multi()
      .hsetnx(this.key(sweepId, 'meta'), 'createdAt', new Date().toISOString())
      .hset(this.key(sweepId, 'meta'), meta)
      .expire(this.key(sweepId, 'meta'), TTL_S)
      .zadd(`${this.prefix}:sweeps`, 'NX', Date.now(), sweepId)
      .exec();
  }

  /** Counts a job as part of the sweep; true the first time this id is seen. */
  async addJob(sweepId: string, jobId: string): Promise<boolean> {
    const [[, added] = []] =
      (await this.redis
        .multi()
        .sadd(this.key(sweepId, 'jobs'), jobId)
        .expire(this.key(sweepId, 'jobs'), TTL_S)
        .exec()) ?? [];
    return added === 1;
  }

  /**
   * Records a job's outcome; returns true when this completed the sweep
   * (more than one caller may, near the end; finalizing is idempotent). The job joins the sweep's job set here
   * too, so every outcome belongs to a counted job: a child that finishes
   * before its parent got to count it (the parent killed between adding the
   * child and `addJob`) must not stand in for an unfinished job and end the
   * sweep early.
   */
  async finishJob(sweepId: string, jobId: string, outcome: JobOutcome): Promise<boolean> {
    const res = await this.redis
      .multi()
      .sadd(this.key(sweepId, 'jobs'), jobId)
      .expire(this.key(sweepId, 'jobs'), TTL_S)
      .hset(this.key(sweepId, 'outcomes'), jobId, outcome)
      .expire(this.key(sweepId, 'outcomes'), TTL_S)
      .scard(this.key(sweepId, 'jobs'))
      .hlen(this.key(sweepId, 'outcomes'))
      .exec();
    const jobs = Number(res?.[4]?.[1] ?? 0);
    const done = Number(res?.[5]?.[1] ?? 0);
    return jobs > 0 && done >= jobs;
  }

  async hasOutcome(sweepId: string, jobId: string): Promise<boolean> {
    return (await this.redis.hexists(this.key(sweepId, 'outcomes'), jobId)) === 1;
  }

  /**
   * Marks the sweep finished, after its figures are stored: a worker dying in
   * between leaves it unmarked, so the next outcome recorded finalizes again
   * (storing the figures is idempotent).
   */
  async markFinished(sweepId: string): Promise<void> {
    await this.redis.set(this.key(sweepId, 'finished'), new Date().toISOString(), 'EX', TTL_S, 'NX');
  }

  async progress(sweepId: string): Promise<SweepProgress> {
    const [jobs, outcomes, meta] = await Promise.all([
      this.redis.scard(this.key(sweepId, 'jobs')),
      this.redis.hvals(this.key(sweepId, 'outcomes')),
      this.redis.hgetall(this.key(sweepId, 'meta')),
    ]);
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    const finished = await this.redis.get(this.key(sweepId, 'finished'));
    return {
      sweepId,
      jobs,
      done: outcomes.length,
      outcomes: counts,
      meta: finished ? { ...meta, finishedAt: finished } : meta,
    };
  }

  async recent(limit = 10): Promise<string[]> {
    return this.redis.zrevrange(`${this.prefix}:sweeps`, 0, limit - 1);
  }
}
