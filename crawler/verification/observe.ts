import { canonicalUrl, ExtractionError } from '../../shared/extract';
import type { Listing } from '../../shared/model';
import { needsBrowser, pageKind } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import {
  DisallowedByRobotsError,
  RefusedByPolicyError,
  HostBusyError,
  PermanentFetchError,
  RetryableFetchError,
} from '../fetch/errors';
import type { FetchedPage } from '../fetch/http-fetcher';
import { readFetchedPage } from '../pipeline/classify';
import type { GetOptions } from '../stages/polite-fetcher';
import { describeMarker, unavailableMarker } from './markers';

/** The fetch stage as verification uses it: a PoliteFetcher (robots.txt, per-host caps, retries), or a fleet one. */
export interface PageFetcher {
  get(url: string, opts?: GetOptions): Promise<FetchedPage>;
}

/**
 * What one request showed: the listing is `gone` (404, 410, an "item
 * unavailable" page, a redirect away from listing pages), `up` (a listing
 * page was read), or `unknown` (no answer that decides it: robots.txt,
 * network, 403, 5xx after retries, a page with no listing on it).
 */
export interface Observation {
  url: string;
  state: 'gone' | 'up' | 'unknown';
  httpStatus: number | null;
  reason: string;
  /** The page, when one was had (kept as evidence). */
  page?: FetchedPage;
  /** The listing read from it, when `up`. */
  listing?: Listing;
}

/** Statuses by which a site says the listing is gone. */
const GONE_STATUSES: ReadonlySet<number> = new Set([404, 410]);

/**
 * Fetches `url` politely and says what it shows. HostBusyError (a fleet
 * host at its cap) always reaches the caller, so the queue can delay the
 * job; with `throwRetryable`, retryable failures do too, so BullMQ retries.
 */
export async function observe(
  fetcher: PageFetcher,
  adapter: SiteAdapter | undefined,
  url: string,
  o: { throwRetryable?: boolean } = {},
): Promise<Observation> {
  let page: FetchedPage;
  try {
    page = await fetcher.get(url, { browser: adapter ? needsBrowser(adapter, url) : false });
  } catch (err) {
    if (err instanceof HostBusyError) throw err;
    if (err instanceof PermanentFetchError && err.status !== undefined && GONE_STATUSES.has(err.status)) {
      return { url, state: 'gone', httpStatus: err.status, reason: `HTTP ${err.status}` };
    }
    // robots.txt of a host that does not resolve reads as 'disallow all': the same answer as below.
    if (err instanceof DisallowedByRobotsError) return unreachable(url);
    if (err instanceof RetryableFetchError) {
      if (o.throwRetryable) throw err;
      if (err.status === undefined) return unreachable(url);
      return { url, state: 'unknown', httpStatus: err.status, reason: err.message };
    }
    if (err instanceof RefusedByPolicyError) return unreachable(url);
    if (err instanceof PermanentFetchError)
      return { url, state: 'unknown', httpStatus: err.status ?? null, reason: err.message };
    return { url, state: 'unknown', httpStatus: null, reason: `fetch failed: ${(err as Error).message}` };
  }

  const marker = adapter ? unavailableMarker(cheerioDocument(page.body, page.url), adapter) : undefined;
  if (marker)
    return {
      url,
      state: 'gone',
      httpStatus: page.status,
      reason: `HTTP ${page.status} with ${describeMarker(marker)}`,
      page,
    };
  if (adapter && sameUrl(page.url, url) === false && pageKind(adapter, page.url) !== 'listing') {
    return {
      url,
      state: 'gone',
      httpStatus: page.status,
      reason: `redirected to ${page.url}, not a listing page`,
      page,
    };
  }
  // Classified first: a challenge or a wall says nothing about the listing, and is never read as one.
  const read = readFetchedPage(page, adapter);
  if (!read.classification.extractable) {
    return {
      url,
      state: 'unknown',
      httpStatus: page.status,
      reason:
        `HTTP ${page.status} but the site answered with ${read.classification.verdict} ` +
        `(${read.classification.reason})`,
      page,
    };
  }
  if (read.reading?.unavailable)
    return {
      url,
      state: 'gone',
      httpStatus: page.status,
      reason: `HTTP ${page.status}, the page's own data says the listing is unavailable`,
      page,
    };
  const listing = read.reading?.listing;
  if (listing)
    return { url, state: 'up', httpStatus: page.status, reason: `HTTP ${page.status}, listing shown`, page, listing };
  if (read.error !== undefined && !(read.error instanceof ExtractionError)) throw read.error;
  const why =
    read.error instanceof ExtractionError
      ? read.error.message
      : `not a listing page (${read.reading?.pageType ?? 'no page type the adapter knows'})`;
  return {
    url,
    state: 'unknown',
    httpStatus: page.status,
    reason: `HTTP ${page.status} but no listing could be read: ${why}`,
    page,
  };
}

function sameUrl(a: string, b: string): boolean | undefined {
  try {
    return canonicalUrl(a) === canonicalUrl(b);
  } catch {
    return undefined;
  }
}

/**
 * A target the crawler did not get an HTTP answer from: a host name that does not resolve, a
 * connection that failed, an address the outbound policy refuses, or a robots.txt that forbids
 * it (or could not be fetched) all read the same, so a holder who flags internal URLs cannot
 * tell which internal names exist or answer.
 */
export const UNREACHABLE_REASON = 'not checked: no answer, unknown host, robots.txt, or refused by the outbound policy';

function unreachable(url: string): Observation {
  return { url, state: 'unknown', httpStatus: null, reason: UNREACHABLE_REASON };
}
