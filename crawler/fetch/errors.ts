/**
 * What went wrong with a request decides what happens next, so the runner
 * (and later the queue worker) maps these to retry / give up in one place.
 */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Worth another try later: 5xx, 429, timeouts, resets. */
export class RetryableFetchError extends FetchError {
  constructor(
    message: string,
    url: string,
    status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message, url, status);
  }
}

/** Trying again will not help: 4xx, not HTML, too large. */
export class PermanentFetchError extends FetchError {}

/**
 * The outbound policy refused the target (an internal address, a scheme
 * other than http(s)); nothing was sent to it. The message is all a user may
 * see — not whether the target exists or answers; `detail` (which address,
 * which range) is for the operator's log.
 */
export class RefusedByPolicyError extends PermanentFetchError {
  constructor(
    url: string,
    readonly detail: string,
  ) {
    super('refused by outbound policy', url);
  }
}

/**
 * The site answered 401/403/429/503 with a challenge or a refusal page
 * (Cloudflare's "Just a moment...", DataDome, a rate-limit page): not worth a
 * retry. The page is kept (`page`, with its headers) so the pipeline can count
 * it as a block and keep it as evidence.
 */
export class ChallengeResponseError extends PermanentFetchError {
  constructor(
    url: string,
    status: number,
    readonly page: import('./http-fetcher').FetchedPage,
    readonly classification: import('../../shared/classify').Classification,
  ) {
    super(`HTTP ${status}: ${classification.reason}`, url, status);
  }
}

/** robots.txt says no; never requested. */
export class DisallowedByRobotsError extends FetchError {}

/**
 * Not a failed request (nothing was sent): the host is at its fleet-wide cap.
 * Try this job again in `retryInMs`; the queue worker delays the job rather
 * than failing it, and withRetries passes it through untouched.
 */
export class HostBusyError extends Error {
  constructor(
    readonly host: string,
    readonly retryInMs: number,
  ) {
    super(`host ${host} is at its cap; try again in ${retryInMs} ms`);
    this.name = new.target.name;
  }
}
