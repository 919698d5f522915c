import { BrowserFetcher } from '../fetch/browser-fetcher';
import { DisallowedByRobotsError, RefusedByPolicyError } from '../fetch/errors';
import type { HostGate } from '../fetch/host-gate';
import { HostLimiter } from '../fetch/host-limiter';
import { fetchPage, type FetchedPage } from '../fetch/http-fetcher';
import { defaultOutboundPolicy, outboundRefusal, type OutboundPolicy } from '../fetch/outbound-policy';
import { withRetries } from '../fetch/retry';
import { RobotsCache } from '../fetch/robots-cache';
import type { RobotsSource } from '../fetch/robots-source';

export interface PoliteFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  hostConcurrency: number;
  hostDelayMs: number;
  /** Tries after the first for a retryable error; 0 for queue workers (the queue retries). */
  retries: number;
  retryBaseDelayMs: number;
  /** CHROMIUM_PATH, for pages fetched with `{ browser: true }`; see resolveChromium. */
  chromiumPath?: string;
  /** Browser pages open at once in this process. Default 2. */
  browserPages?: number;
  /** Rendered pages come with a screenshot for evidence (see BrowserFetcherOptions.screenshots). Default false. */
  browserScreenshots?: boolean;
  /**
   * Where robots.txt rules come from (RedisRobotsCache for a fleet). Default: an in-process RobotsCache that fetches
   * through `gate`.
   */
  robots?: RobotsSource;
  /**
   * The per-host cap (RedisHostGate for a fleet; it may throw HostBusyError,
   * which reaches the caller untouched). Default: an in-process HostLimiter
   * from hostConcurrency and hostDelayMs.
   */
  gate?: HostGate;
  /**
   * Where requests may go: robots.txt, pages, every redirect hop and what a
   * rendered page's scripts ask for. Default: the policy with no allow-list
   * (internal addresses refused).
   */
  outbound?: OutboundPolicy;
}

export interface GetOptions {
  /** Render the page in headless Chromium (the site adapter says it needs JavaScript). */
  browser?: boolean;
  /**
   * Fetch an image: bytes only (never decoded as text, never in a browser),
   * asked for as `image/*`, within `maxBytes` (default 10 MiB), conditionally
   * when validators are given (a 304 comes back with status 304, no bytes).
   * Robots.txt, the host gate and the outbound policy apply as to any page.
   */
  image?: { maxBytes?: number; etag?: string | null; lastModified?: string | null };
}

/** An image's largest encoded size fetched unless the caller says otherwise. */
const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The fetch stage: robots.txt first (a disallowed URL is never requested),
 * then the per-host cap, then the request, retried with backoff when that
 * can help (HostBusyError from a fleet gate is not retried here: the queue
 * delays the job). Crawl-delay from robots.txt slows the host down further. Pages
 * asked for with `{ browser: true }` take the same path but are rendered by
 * a BrowserFetcher, created (and Chromium launched) on the first such page;
 * `close()` shuts it down.
 */
export class PoliteFetcher {
  readonly robots: RobotsSource;
  private readonly gate: HostGate;
  private readonly delaysSet = new Set<string>();
  private browserFetcher: BrowserFetcher | undefined;
  private readonly outbound: OutboundPolicy;
  private readonly backoffs = new Map<string, number>();

  constructor(private readonly options: PoliteFetcherOptions) {
    this.outbound = options.outbound ?? defaultOutboundPolicy();
    this.gate = options.gate ?? new HostLimiter({ concurrency: options.hostConcurrency, delayMs: options.hostDelayMs });
    this.robots =
      options.robots ??
      new RobotsCache(
        { userAgent: options.userAgent, timeoutMs: options.timeoutMs, outbound: this.outbound },
        undefined,
        this.gate,
      );
  }

  async get(url: string, opts: GetOptions = {}): Promise<FetchedPage> {
    // An internal address literal or a scheme other than http(s) is refused before robots.txt is asked for.
    try {
      this.outbound.checkUrl(url);
    } catch (err) {
      throw new RefusedByPolicyError(url, outboundRefusal(err)?.detail ?? String(err));
    }
    const host = new URL(url).host;
    const rules = await this.robots.rulesFor(url);
    if (!rules.isAllowed(url, this.options.userAgent)) {
      throw new DisallowedByRobotsError('disallowed by robots.txt', url);
    }
    if (!this.delaysSet.has(host)) {
      this.delaysSet.add(host);
      const delay = rules.crawlDelay(this.options.userAgent);
      if (delay !== undefined) this.gate.setDelay(host, delay * 1000);
    }
    const common = { userAgent: this.options.userAgent, timeoutMs: this.options.timeoutMs, outbound: this.outbound };
    const image = opts.image;
    const fetchOnce = image
      ? () =>
          fetchPage(url, {
            ...common,
            accept: 'image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8',
            binary: true,
            maxBytes: image.maxBytes ?? IMAGE_MAX_BYTES,
            ...(image.etag || image.lastModified
              ? { conditional: { etag: image.etag, lastModified: image.lastModified } }
              : {}),
          })
      : opts.browser
        ? () => this.browser().fetch(url)
        : () => fetchPage(url, common);
    return withRetries(() => this.gate.run(host, fetchOnce), {
      retries: this.options.retries,
      baseDelayMs: this.options.retryBaseDelayMs,
    });
  }

  /**
   * The host answered with a challenge or a wall: space its requests out
   * further — 10 s after the first block, doubling with each one to 10
   * minutes — through the host gate (fleet-wide with a Redis gate).
   */
  backOff(host: string): number {
    const next = Math.min(Math.max((this.backoffs.get(host) ?? 0) * 2, 10_000), 600_000);
    this.backoffs.set(host, next);
    void this.gate.setDelay(host, next);
    return next;
  }

  /** Shuts the browser down, if one was started. The HTTP side holds nothing open. */
  async close(): Promise<void> {
    const b = this.browserFetcher;
    this.browserFetcher = undefined;
    await b?.close();
  }

  private browser(): BrowserFetcher {
    this.browserFetcher ??= new BrowserFetcher({
      userAgent: this.options.userAgent,
      timeoutMs: this.options.timeoutMs,
      chromiumPath: this.options.chromiumPath,
      pages: this.options.browserPages ?? 2,
      outbound: this.outbound,
      screenshots: this.options.browserScreenshots ?? false,
      // What the page's own scripts request obeys robots.txt too.
      allowRequest: (u) => this.robotsAllow(u),
    });
    return this.browserFetcher;
  }

  private async robotsAllow(url: string): Promise<boolean> {
    if (!/^https?:/i.test(url)) return true;
    try {
      return (await this.robots.rulesFor(url)).isAllowed(url, this.options.userAgent);
    } catch {
      return false;
    }
  }
}
