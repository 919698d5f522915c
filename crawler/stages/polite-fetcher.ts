import { DisallowedByRobotsError } from '../fetch/errors';
import { HostLimiter } from '../fetch/host-limiter';
import { fetchPage, type FetchedPage } from '../fetch/http-fetcher';
import { withRetries } from '../fetch/retry';
import { RobotsCache } from '../fetch/robots-cache';

export interface PoliteFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  hostConcurrency: number;
  hostDelayMs: number;
  retries: number;
  retryBaseDelayMs: number;
}

/**
 * The fetch stage: robots.txt first (a disallowed URL is never requested),
 * then the per-host cap, then the request, retried with backoff when that
 * can help. Crawl-delay from robots.txt slows the host down further.
 */
export class PoliteFetcher {
  readonly robots: RobotsCache;
  private readonly limiter: HostLimiter;
  private readonly delaysSet = new Set<string>();

  constructor(private readonly options: PoliteFetcherOptions) {
    this.robots = new RobotsCache({ userAgent: options.userAgent, timeoutMs: options.timeoutMs });
    this.limiter = new HostLimiter({ concurrency: options.hostConcurrency, delayMs: options.hostDelayMs });
  }

  async get(url: string): Promise<FetchedPage> {
    const host = new URL(url).host;
    const rules = await this.robots.rulesFor(url);
    if (!rules.isAllowed(url, this.options.userAgent)) {
      throw new DisallowedByRobotsError('disallowed by robots.txt', url);
    }
    if (!this.delaysSet.has(host)) {
      this.delaysSet.add(host);
      const delay = rules.crawlDelay(this.options.userAgent);
      if (delay !== undefined) this.limiter.setDelay(host, delay * 1000);
    }
    return withRetries(
      () => this.limiter.run(host, () => fetchPage(url, { userAgent: this.options.userAgent, timeoutMs: this.options.timeoutMs })),
      { retries: this.options.retries, baseDelayMs: this.options.retryBaseDelayMs },
    );
  }
}
