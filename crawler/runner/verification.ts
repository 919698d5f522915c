import type { Logger } from 'pino';
import type { Matcher } from '../../shared/match';
import type { Store } from '../store';
import {
  resolveVerifyOptions,
  verifyHit,
  type HitCheckResult,
  type PageFetcher,
  type VerifyContext,
  type VerifyOptions,
} from '../verification';
import { TaskPool } from './pool';

export interface RunVerificationOptions extends VerifyOptions {
  store: Pick<Store, 'verifications' | 'evidence' | 'listings' | 'hits' | 'captures' | 'record'>;
  /** A PoliteFetcher: robots.txt, per-host caps and retries apply to every re-fetch. */
  fetcher: PageFetcher;
  /** The clock: check times and which hits are due. Default: the system clock. */
  now?: () => Date;
  /** Relists must still match the hit's item when given (see VerifyContext). */
  matcher?: Pick<Matcher, 'match'>;
  /** Hits checked at once (the fetcher's per-host cap still holds). Default 4. */
  concurrency?: number;
  /** Only these hits. */
  hitIds?: number[];
  /** Only listings of this site. */
  site?: string;
  /** Check every noticed and watched hit now, whatever the intervals say. */
  force?: boolean;
  /** Called after each hit (progress). */
  onResult?: (r: HitCheckResult) => void;
}

export interface VerificationSummary {
  checked: number;
  removed: number;
  stillUp: number;
  relisted: number;
  errors: number;
  results: HitCheckResult[];
}

/** Hits that share a listing (one listing, several items) are judged on one fetch of it per run. */
function oncePerUrl(fetcher: PageFetcher): PageFetcher {
  const pages = new Map<string, ReturnType<PageFetcher['get']>>();
  return {
    get(url, opts) {
      const key = `${opts?.browser ? 'browser' : 'http'} ${url}`;
      let page = pages.get(key);
      if (!page) pages.set(key, (page = fetcher.get(url, opts)));
      return page;
    },
  };
}

/**
 * The embedded verify job: every due hit (see VerificationRepository.due)
 * re-fetched and judged by verifyHit, a few at a time. One hit failing for
 * an unexpected reason (the store, a bug) is counted as an error and the
 * rest go on; nothing is half-recorded, since each check commits on its own.
 */
export async function runVerification(o: RunVerificationOptions): Promise<VerificationSummary> {
  const options = resolveVerifyOptions(o);
  const now = o.now ?? (() => new Date());
  const ctx: VerifyContext = { store: o.store, fetcher: oncePerUrl(o.fetcher), now, options, matcher: o.matcher };
  const due = await o.store.verifications.due({
    now: now(),
    noticedIntervalMs: options.noticedIntervalMs,
    removedIntervalMs: options.removedIntervalMs,
    watchRemovedForMs: options.watchRemovedForMs,
    limit: options.limit,
    hitIds: o.hitIds,
    site: o.site,
    force: o.force,
  });
  const summary: VerificationSummary = { checked: 0, removed: 0, stillUp: 0, relisted: 0, errors: 0, results: [] };
  const pool = new TaskPool(o.concurrency ?? 4);
  for (const hit of due) {
    pool.add(async () => {
      let r: HitCheckResult;
      try {
        r = await verifyHit(ctx, hit);
      } catch (err) {
        r = {
          hitId: hit.id,
          listingUrl: hit.listingUrl,
          outcome: 'error',
          statusBefore: hit.status,
          statusAfter: hit.status,
          records: [],
          error: (err as Error).message,
        };
      }
      summary.checked++;
      if (r.outcome === 'removed') summary.removed++;
      else if (r.outcome === 'still_up') summary.stillUp++;
      else if (r.outcome === 'relisted') summary.relisted++;
      else summary.errors++;
      summary.results.push(r);
      o.onResult?.(r);
    });
  }
  await pool.drain();
  summary.results.sort((a, b) => a.hitId - b.hitId);
  return summary;
}

export interface EmbeddedVerificationOptions extends Omit<
  RunVerificationOptions,
  'force' | 'hitIds' | 'site' | 'matcher'
> {
  everyMs: number;
  /** The catalogue's matcher as it is at each run (relists must still match their item). */
  loadMatcher: () => Promise<Pick<Matcher, 'match'>>;
  logger?: Logger;
  /** After each run that checked something (the sellers' figures follow removals). */
  afterRun?: () => Promise<void>;
}

/**
 * One machine without Redis: `serve` runs the verify job itself every `everyMs`, one run at a time
 * (only hits whose own interval has passed are fetched). `stop()` waits for a run in flight.
 */
export function startEmbeddedVerification(o: EmbeddedVerificationOptions): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = o
      .loadMatcher()
      .then((matcher) => runVerification({ ...o, matcher }))
      .then(async (s) => {
        if (!s.checked) return;
        o.logger?.info({ checked: s.checked, removed: s.removed, relisted: s.relisted }, 'verification run');
        await o.afterRun?.();
      })
      .catch((err: unknown) => o.logger?.error({ err: (err as Error).message }, 'verification run failed'))
      .finally(() => (running = undefined));
  }, o.everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
