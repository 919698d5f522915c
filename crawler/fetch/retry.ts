import { RetryableFetchError } from './errors';

export interface RetryOptions {
  /** Tries after the first. Default 3. */
  retries: number;
  /** First backoff in ms, doubled each time, with full jitter. Default 500. */
  baseDelayMs: number;
}

/** Runs `task` again after a retryable error, backing off exponentially with jitter; other errors pass through. */
export async function withRetries<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (!(err instanceof RetryableFetchError) || attempt >= options.retries) throw err;
      const backoff = options.baseDelayMs * 2 ** attempt;
      const wait = Math.max(err.retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2));
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
