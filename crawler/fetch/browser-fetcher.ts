/**
 * Pages that only show their data after JavaScript has run are rendered in
 * headless Chromium through Playwright. The result has the same shape as the
 * HTTP fetcher's and failures map to the same retry / give-up errors, so the
 * fetch stage treats both alike.
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page, Response, Route } from 'playwright';
import { NoChromiumError, resolveChromium } from './chromium-path';
import { FetchError, PermanentFetchError, RefusedByPolicyError, RetryableFetchError } from './errors';
import { RETRYABLE_STATUS, type FetchedPage } from './http-fetcher';
import { defaultOutboundPolicy, outboundRefusal, type OutboundPolicy } from './outbound-policy';
import { OutboundProxy, REFUSED_HEADER } from './outbound-proxy';

export interface BrowserFetcherOptions {
  /** The CHROMIUM_PATH setting; see resolveChromium for the fallbacks. */
  chromiumPath?: string;
  /** Pages open at once (a bounded pool per worker); further callers wait. Default 2. */
  pages?: number;
  /** Per page load, in ms: navigation to DOMContentLoaded, then network idle within what is left. Default 30 000. */
  timeoutMs?: number;
  /** Sent with every request the browser makes and reported by navigator.userAgent. */
  userAgent: string;
  /** Larger rendered documents are refused. Default 5 MiB. */
  maxBytes?: number;
  /**
   * Asked before any request the page makes is let through (the page itself,
   * its frames, scripts, XHR); false aborts it. The polite fetcher passes
   * robots.txt here, so scripts do not fetch what a crawler may not.
   */
  allowRequest?: (url: string) => boolean | Promise<boolean>;
  /**
   * Where the browser may connect. Chromium is pointed at an OutboundProxy
   * that opens every connection under this policy (redirects, scripts and
   * loopback included). Default: the policy with no allow-list.
   */
  outbound?: OutboundPolicy;
  /**
   * Take a screenshot (PNG, the viewport) of each rendered page, for evidence: the pipeline keeps
   * it only for hits at or above its screenshot score. Images and stylesheets stay blocked, so it
   * shows the page's text and layout as the crawler read it. Default false.
   */
  screenshots?: boolean;
}

/** Flags for Chromium in containers and CI: no sandbox (often root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Request types a page may make. Everything else — images, media, fonts,
 * stylesheets, favicons, beacons, manifests — is aborted: extraction reads
 * the DOM, so those are only load on the site.
 */
export const ALLOWED_RESOURCE_TYPES: ReadonlySet<string> = new Set(['document', 'script', 'xhr', 'fetch']);

interface Session {
  browser: Browser;
  context: BrowserContext;
  proxy: OutboundProxy;
}

/**
 * Renders pages in headless Chromium. Chromium is launched on the first
 * fetch, not before; if it crashes or is killed, the fetch in flight fails
 * with a RetryableFetchError and the next one launches it again. At most
 * `pages` pages are open at once and they are reused. Call `close()` when
 * done (a later fetch would launch a new browser).
 */
export class BrowserFetcher {
  private readonly pages: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly outbound: OutboundPolicy;
  private session: Promise<Session> | undefined;
  private live: Session | undefined;
  private idle: Page[] = [];
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests aborted by the resource filter or `allowRequest`, for logs and tests. */
  blockedRequests = 0;

  constructor(private readonly options: BrowserFetcherOptions) {
    this.pages = Math.max(1, Math.floor(options.pages ?? 2));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.outbound = options.outbound ?? defaultOutboundPolicy();
  }

  /** The running browser, if any (diagnostics and tests). */
  get browser(): Browser | undefined {
    return this.live?.browser.isConnected() ? this.live.browser : undefined;
  }

  async fetch(url: string): Promise<FetchedPage> {
    // The proxy would refuse it too; asking first gives a clear error and launches nothing.
    try {
      await this.outbound.checkHost(this.outbound.checkUrl(url).hostname);
    } catch (err) {
      const refused = outboundRefusal(err);
      if (refused) throw new RefusedByPolicyError(url, refused.detail);
      throw new RetryableFetchError(`network error: ${(err as Error).message}`, url);
    }
    await this.acquire();
    let session: Session | undefined;
    let page: Page | undefined;
    let healthy = false;
    try {
      session = await this.connect(url);
      page = await this.takePage(session);
      const fetched = await this.load(page, url);
      healthy = true;
      return fetched;
    } catch (err) {
      healthy = err instanceof FetchError && err.status !== undefined; // an HTTP error leaves the page usable
      throw this.toFetchError(err, url, session);
    } finally {
      await this.givePage(page, session, healthy);
      this.release();
    }
  }

  /** Closes the browser. Safe to call more than once, and when nothing was launched. */
  async close(): Promise<void> {
    const pending = this.session;
    this.session = undefined;
    this.live = undefined;
    this.idle = [];
    if (!pending) return;
    const s = await pending.catch(() => undefined);
    await s?.browser.close().catch(() => undefined);
    await s?.proxy.close();
  }

  // ------------------------------------------------------------ loading

  private async load(page: Page, url: string): Promise<FetchedPage> {
    const started = Date.now();
    const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: this.timeoutMs });
    if (!response) throw new PermanentFetchError('no response: not a page load', url);
    // A redirect into an internal address, refused by the proxy (plain HTTP; an HTTPS one fails as a tunnel error).
    if (response.headers()[REFUSED_HEADER])
      throw new RefusedByPolicyError(url, `the page led to ${response.url()}, refused by the proxy`);
    this.checkStatus(response, url);
    // Scripts may still be fetching the data; give them what is left of the timeout, then read what is there.
    const left = this.timeoutMs - (Date.now() - started);
    if (left > 0) {
      await page.waitForLoadState('networkidle', { timeout: left }).catch((err: unknown) => {
        if ((err as Error).name !== 'TimeoutError') throw err;
      });
    }
    const body = await page.content();
    const bytes = new TextEncoder().encode(body);
    if (bytes.byteLength > this.maxBytes) {
      throw new PermanentFetchError(
        `rendered page of ${bytes.byteLength} bytes is over the ${this.maxBytes} byte cap`,
        url,
        response.status(),
      );
    }
    // Evidence: the body as served (before scripts) and, when asked, what the page looked like.
    const served = await response.body().catch(() => undefined);
    const screenshot = this.options.screenshots
      ? await page.screenshot({ type: 'png', timeout: 10_000 }).catch(() => undefined)
      : undefined;
    return {
      url: page.url() || url,
      status: response.status(),
      statusText: response.statusText(),
      requestHeaders: await response
        .request()
        .allHeaders()
        .catch(() => response.request().headers()),
      ...(served ? { served: new Uint8Array(served) } : {}),
      ...(screenshot ? { screenshot: new Uint8Array(screenshot) } : {}),
      contentType: response.headers()['content-type'] ?? '',
      body,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fetchedAt: new Date().toISOString(),
      // Playwright gives lower-case names; the classifier reads them.
      headers: response.headers(),
    };
  }

  private checkStatus(response: Response, url: string): void {
    const status = response.status();
    if (status < 400) return;
    if (RETRYABLE_STATUS.has(status)) {
      const retryAfter = Number(response.headers()['retry-after']);
      throw new RetryableFetchError(
        `HTTP ${status}`,
        url,
        status,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    throw new PermanentFetchError(`HTTP ${status}`, url, status);
  }

  private toFetchError(err: unknown, url: string, session: Session | undefined): FetchError {
    if (err instanceof FetchError) return err;
    if (err instanceof NoChromiumError) return new PermanentFetchError(err.message, url);
    const e = err as Error;
    const first = String(e?.message ?? err).split('\n')[0] ?? '';
    if (session && !session.browser.isConnected())
      return new RetryableFetchError('browser closed or crashed during the page load', url);
    if (e?.name === 'TimeoutError') return new RetryableFetchError(`browser timeout after ${this.timeoutMs} ms`, url);
    if (/Download is starting/i.test(first))
      return new PermanentFetchError('not a page: the browser started a download', url);
    if (/net::ERR_BLOCKED_BY_CLIENT/.test(first))
      return new PermanentFetchError('the page led to a URL that may not be fetched', url);
    const net = /net::ERR_[A-Z0-9_]+/.exec(first);
    if (net) return new RetryableFetchError(`network error: ${net[0]}`, url);
    if (e?.name === 'TargetClosedError' || /crash|closed/i.test(first))
      return new RetryableFetchError(`browser page closed or crashed: ${first}`, url);
    return new RetryableFetchError(`browser error: ${first}`, url);
  }

  // ------------------------------------------------------------ browser

  /** The running browser session, launching Chromium when there is none (or the last one died). */
  private async connect(url: string): Promise<Session> {
    if (this.live && !this.live.browser.isConnected()) this.forget(this.live);
    if (!this.session) {
      const launching = this.launch();
      this.session = launching;
      launching.catch(() => {
        if (this.session === launching) this.session = undefined;
      });
    }
    try {
      return await this.session;
    } catch (err) {
      if (err instanceof NoChromiumError) throw err;
      throw new RetryableFetchError(
        `browser launch failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`,
        url,
      );
    }
  }

  private async launch(): Promise<Session> {
    const executablePath = resolveChromium(this.options.chromiumPath);
    // Loaded on first use, so HTTP-only sweeps never load Playwright.
    const { chromium } = await import('playwright');
    const proxy = await OutboundProxy.start(this.outbound);
    let browser: Browser;
    try {
      // '<-loopback>': loopback goes through the proxy too (Chromium would otherwise connect to it directly).
      browser = await chromium.launch({
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 60_000,
        proxy: { server: proxy.url, bypass: '<-loopback>' },
      });
    } catch (err) {
      await proxy.close();
      throw err;
    }
    try {
      const context = await browser.newContext({
        userAgent: this.options.userAgent,
        serviceWorkers: 'block',
        acceptDownloads: false,
      });
      context.setDefaultTimeout(this.timeoutMs);
      await context.route('**/*', (route) => this.filter(route));
      const session: Session = { browser, context, proxy };
      browser.on('disconnected', () => this.forget(session));
      this.live = session;
      return session;
    } catch (err) {
      await browser.close().catch(() => undefined);
      await proxy.close();
      throw err;
    }
  }

  private forget(session: Session): void {
    void session.proxy.close();
    if (this.live !== session) return;
    this.live = undefined;
    this.session = undefined;
    this.idle = [];
  }

  private async filter(route: Route): Promise<void> {
    const request = route.request();
    try {
      const allowed =
        ALLOWED_RESOURCE_TYPES.has(request.resourceType()) &&
        (this.options.allowRequest ? await this.options.allowRequest(request.url()) : true);
      if (allowed) return await route.continue();
      this.blockedRequests++;
      await route.abort('blockedbyclient');
    } catch {
      // The page or the browser went away meanwhile.
    }
  }

  // ------------------------------------------------------------ page pool

  private async acquire(): Promise<void> {
    while (this.active >= this.pages) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private async takePage(session: Session): Promise<Page> {
    for (let page = this.idle.pop(); page; page = this.idle.pop()) {
      if (!page.isClosed() && page.context() === session.context) return page;
    }
    const page = await session.context.newPage();
    page.on('crash', () => void page.close().catch(() => undefined));
    return page;
  }

  /** Back to the pool, blanked so its scripts stop; or closed when it is broken or its browser is gone. */
  private async givePage(page: Page | undefined, session: Session | undefined, healthy: boolean): Promise<void> {
    if (!page || page.isClosed()) return;
    if (healthy && session && this.live === session && session.browser.isConnected()) {
      try {
        await page.goto('about:blank', { timeout: 5000 });
        this.idle.push(page);
        return;
      } catch {
        // fall through and close it
      }
    }
    await page.close().catch(() => undefined);
  }
}
