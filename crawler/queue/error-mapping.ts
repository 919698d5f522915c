import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ZodError } from 'zod';
import { ExtractionError } from '../../shared/extract';
import { DisallowedByRobotsError, FetchError, HostBusyError, PermanentFetchError } from '../fetch/errors';
import { BlockedPageError } from '../pipeline/classify';
import { UnknownSiteError } from './processors';
import type { JobOutcome } from './sweep-tracker';

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
 * The one place where a stage's error decides the job's fate, as BullMQ
 * understands it: host at its cap → delayed (not failed, no attempt used);
 * robots.txt says no → done, counted; the site answered with a challenge or a
 * wall → done, counted as blocked (a retry now would only be refused again;
 * the host is backed off instead); permanent → UnrecoverableError;
 * anything else → thrown for BullMQ's retry with backoff. `finish` records
 * the job's final outcome exactly when there will be no further attempt.
 */
export async function runMapped(
  job: Job,
  token: string | undefined,
  work: () => Promise<JobOutcome>,
  finish: (outcome: JobOutcome) => Promise<void>,
): Promise<JobOutcome> {
  try {
    const outcome = await work();
    await finish(outcome);
    return outcome;
  } catch (err) {
    if (err instanceof HostBusyError) {
      await job.moveToDelayed(Date.now() + err.retryInMs + Math.floor(Math.random() * 100), token);
      throw new DelayedError();
    }
    if (err instanceof DisallowedByRobotsError) {
      await finish('robots');
      return 'robots';
    }
    if (err instanceof BlockedPageError) {
      await finish('blocked');
      return 'blocked';
    }
    const permanent = isPermanent(err);
    if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await finish(`failed:${failureReason(err)}`);
    if (permanent && !(err instanceof UnrecoverableError)) {
      const reason = failureReason(err);
      const message = (err as Error).message;
      throw new UnrecoverableError(message === reason ? reason : `${reason}: ${message}`);
    }
    throw err;
  }
}
