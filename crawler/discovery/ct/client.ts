/**
 * A client for one RFC 6962 log's read API: `get-sth` and `get-entries`.
 * Requests are spaced by `minIntervalMs` (logs rate-limit readers and ban
 * greedy ones); a 429 or 5xx is retried after the log's Retry-After, else
 * after an exponential backoff, up to `maxRetries` times. Every request goes
 * through the outbound policy like the crawler's own.
 */
import { z } from 'zod';
import type { OutboundPolicy } from '../../fetch/outbound-policy';
import { fetch as undiciFetch } from 'undici';

export interface CtLogClientOptions {
  /** The log's base URL, e.g. `https://ct.example/2026h1/` (`ct/v1/…` is appended). */
  url: string;
  outbound: OutboundPolicy;
  userAgent: string;
  /** Least time between two requests to the log. Default 250 ms. */
  minIntervalMs?: number;
  /** Retries of a 429, 5xx or network failure. Default 5. */
  maxRetries?: number;
  /** First backoff when the log gives no Retry-After; doubles each time. Default 1 s. */
  baseDelayMs?: number;
  /** Longest wait, Retry-After included. Default 5 minutes. */
  maxDelayMs?: number;
  timeoutMs?: number;
  /** For tests: how the client waits. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SignedTreeHead {
  treeSize: number;
  timestamp: number;
  rootHash: string;
}

export interface RawEntry {
  leafInput: Uint8Array;
}

/** The log could not be read (after the retries, or an answer that is not RFC 6962). */
export class CtLogError extends Error {}

const SthSchema = z.object({
  tree_size: z.number().int().min(0),
  timestamp: z.number(),
  sha256_root_hash: z.string(),
});
const EntriesSchema = z.object({
  entries: z.array(z.object({ leaf_input: z.string(), extra_data: z.string() })),
});

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class CtLogClient {
  private nextSlot = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Every wait the client made because of the log (backoffs), for the run's summary and the tests. */
  readonly backoffs: { status: number | null; waitMs: number }[] = [];
  requests = 0;

  constructor(private readonly o: CtLogClientOptions) {
    this.sleep = o.sleep ?? defaultSleep;
  }

  get url(): string {
    return this.o.url;
  }

  async getSth(): Promise<SignedTreeHead> {
    const body = SthSchema.safeParse(await this.getJson('ct/v1/get-sth'));
    if (!body.success) throw new CtLogError(`${this.o.url}: get-sth answer is not a signed tree head`);
    return { treeSize: body.data.tree_size, timestamp: body.data.timestamp, rootHash: body.data.sha256_root_hash };
  }

  /** Entries `start`..`end` inclusive; a log may return fewer than asked (never more is used). */
  async getEntries(start: number, end: number): Promise<RawEntry[]> {
    const body = EntriesSchema.safeParse(await this.getJson(`ct/v1/get-entries?start=${start}&end=${end}`));
    if (!body.success) throw new CtLogError(`${this.o.url}: get-entries answer has no entries`);
    return body.data.entries.slice(0, end - start + 1).map((e) => ({ leafInput: Buffer.from(e.leaf_input, 'base64') }));
  }

  private async pace(): Promise<void> {
    const now = Date.now();
    const wait = this.nextSlot - now;
    this.nextSlot = Math.max(now, this.nextSlot) + (this.o.minIntervalMs ?? 250);
    if (wait > 0) await this.sleep(wait);
  }

  private async getJson(path: string): Promise<unknown> {
    const url = new URL(path, this.o.url.endsWith('/') ? this.o.url : `${this.o.url}/`).href;
    this.o.outbound.checkUrl(url);
    const maxRetries = this.o.maxRetries ?? 5;
    const maxDelay = this.o.maxDelayMs ?? 300_000;
    for (let attempt = 0; ; attempt++) {
      await this.pace();
      let status: number | null = null;
      let retryAfter: number | undefined;
      let problem: string;
      try {
        this.requests++;
        const res = await undiciFetch(url, {
          dispatcher: this.o.outbound.dispatcher,
          headers: { 'user-agent': this.o.userAgent, accept: 'application/json' },
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
        });
        if (res.ok) return await res.json();
        status = res.status;
        retryAfter = retryAfterMs(res.headers.get('retry-after'));
        await res.body?.cancel();
        problem = `HTTP ${res.status}`;
        if (res.status !== 429 && res.status < 500) throw new CtLogError(`${url}: ${problem}`);
      } catch (e) {
        if (e instanceof CtLogError) throw e;
        problem = (e as Error).message;
      }
      if (attempt >= maxRetries) throw new CtLogError(`${url}: ${problem} after ${attempt + 1} tries`);
      const waitMs = Math.min(retryAfter ?? (this.o.baseDelayMs ?? 1000) * 2 ** attempt, maxDelay);
      this.backoffs.push({ status, waitMs });
      await this.sleep(waitMs);
      // The log asked for quiet: the next request waits its turn after the backoff too.
      this.nextSlot = Math.max(this.nextSlot, Date.now());
    }
  }
}
