import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ZodError } from 'zod';
import { ExtractionError } from '../../shared/extract';
import { DisallowedByRobotsError, FetchError, HostBusyError, PermanentFetchError } from '../fetch/errors';
import { BlockedPageError } from '../pipeline/classify';
import { UnknownSiteError } from './processors';

/** A job that ends without doing its work, yet is done: retrying would be refused again. */
export type DoneOutcome = 'robots' | 'blocked';
/** What `finish` hears when an error ends the job for good. */
export type ErrorOutcome = DoneOutcome | `failed:${string}`;

/** What an error means for its job, decided by the error's type alone. */
export type JobFate =
  | { fate: 'delay'; ms: number }
  | { fate: 'done'; outcome: DoneOutcome }
  | { fate: 'permanent'; reason: string }
  | { fate: 'retry'; reason: string };

/** Errors that no retry can mend: the job fails at once and stays inspectable with its reason. */
function isPermanent(err: unknown): boolean {
  return (
    err instanceof PermanentFetchError ||
    err instanceof ExtractionError ||
    err instanceof UnknownSiteError ||
    err instanceof ZodError ||
    err instanceof UnrecoverableError
  );
}

export function failureReason(err: unknown): string {
  if (err instanceof FetchError) return err.status ? `HTTP ${err.status}` : 'network';
  if (err instanceof ExtractionError) return 'extraction';
  if (err instanceof ZodError) return 'payload';
  if (err instanceof UnknownSiteError) return 'unknown-site';
  return 'error';
}

/**
 * The table: host at its cap → delayed (not failed, no attempt used);
 * robots.txt says no → done; the site answered with a challenge or a wall →
 * done, counted as blocked (a retry now would only be refused again; the host
 * is backed off instead); permanent → failed at once; anything else →
 * retried with backoff.
 */
export function jobFate(err: unknown): JobFate {
  if (err instanceof HostBusyError) return { fate: 'delay', ms: err.retryInMs };
  if (err instanceof DisallowedByRobotsError) return { fate: 'done', outcome: 'robots' };
  if (err instanceof BlockedPageError) return { fate: 'done', outcome: 'blocked' };
  if (isPermanent(err)) return { fate: 'permanent', reason: failureReason(err) };
  return { fate: 'retry', reason: failureReason(err) };
}

/**
 * What a failed job says about its host, for `status`: a delay (the fleet's own cap) and a robots.txt refusal
 * asked nothing of the host, so they count neither as a request nor as an error.
 */
export function hostOutcome(err: unknown): 'error' | 'blocked' | null {
  const f = jobFate(err);
  if (f.fate === 'delay' || (f.fate === 'done' && f.outcome === 'robots')) return null;
  return f.fate === 'done' ? 'blocked' : 'error';
}

/**
 * The one place where a job's error becomes its fate as BullMQ understands
 * it, for every queue: delay → `moveToDelayed` + `DelayedError`; done → the
 * job completes with the outcome; permanent → `UnrecoverableError`; retry →
 * the error is thrown for BullMQ's retry. `finish` records the job's final
 * outcome exactly when there will be no further attempt.
 */
export async function runMapped<T>(
  job: Pick<Job, 'attemptsMade' | 'opts' | 'moveToDelayed'>,
  token: string | undefined,
  work: () => Promise<T>,
  finish: (outcome: T | ErrorOutcome) => Promise<void> = async () => {},
): Promise<T | DoneOutcome> {
  try {
    const outcome = await work();
    await finish(outcome);
    return outcome;
  } catch (err) {
    const f = jobFate(err);
    switch (f.fate) {
      case 'delay':
        await job.moveToDelayed(Date.now() + f.ms + Math.floor(Math.random() * 100), token);
        throw new DelayedError();
      case 'done':
        await finish(f.outcome);
        return f.outcome;
      case 'permanent': {
        await finish(`failed:${f.reason}`);
        if (err instanceof UnrecoverableError) throw err;
        const message = (err as Error).message;
        throw new UnrecoverableError(message === f.reason ? f.reason : `${f.reason}: ${message}`);
      }
      case 'retry':
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await finish(`failed:${f.reason}`);
        throw err;
    }
  }
}
