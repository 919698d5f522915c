/**
 * GET one RDAP (or bootstrap) URL as a JSON object, with a timeout and a
 * cache. Every failure becomes an RdapError naming the URL.
 */
import type { Response } from 'undici';
import { outboundRefusal, type OutboundPolicy } from '../../fetch/outbound-policy';
import { TtlCache } from './cache';
import { RdapError } from './errors';

/** RFC 7480 §4.2: ask for RDAP; bootstrap files and some servers answer plain JSON. */
const ACCEPT = 'application/rdap+json, application/json;q=0.9';
const JSON_TYPES = new Set(['application/rdap+json', 'application/json']);

export interface RdapResponse {
  /** Where the answer came from after redirects (RIRs redirect to each other). */
  url: string;
  body: Record<string, unknown>;
}

export interface RdapHttpOptions {
  timeoutMs: number;
  maxCacheEntries: number;
  userAgent: string;
  now: () => number;
  outbound: OutboundPolicy;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class RdapHttp {
  // Promises, not bodies, are cached so concurrent look-ups of one URL share a request.
  private readonly cache: TtlCache<Promise<RdapResponse>>;

  constructor(private readonly options: RdapHttpOptions) {
    this.cache = new TtlCache(options.maxCacheEntries, options.now);
  }

  /** The JSON object at `url`, from the cache when fetched less than `ttlMs` ago. */
  get(url: string, ttlMs: number): Promise<RdapResponse> {
    const cached = this.cache.get(url);
    if (cached) return cached;
    const pending = this.fetchJson(url);
    this.cache.set(url, pending, ttlMs);
    // Failures are not cached: a timeout or 429 now says nothing about a minute later.
    pending.catch(() => this.cache.deleteIf(url, pending));
    return pending;
  }

  clear(): void {
    this.cache.clear();
  }

  private async fetchJson(url: string): Promise<RdapResponse> {
    const { timeoutMs } = this.options;
    // One signal for headers and body, so a server that stalls mid-body is also cut off.
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.options.outbound.fetch(url, {
        headers: { accept: ACCEPT, 'user-agent': this.options.userAgent },
        signal,
      });
      text = await response.text();
    } catch (err) {
      throw transportError(err, url, timeoutMs);
    }
    if (!response.ok) {
      const title = errorTitle(text);
      const detail = `${response.status} ${title ?? response.statusText}`.trim();
      if (response.status === 404) throw new RdapError('not-found', url, `RDAP object not found: ${detail}`, 404);
      throw new RdapError('http-status', url, `RDAP server answered ${detail}`, response.status);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!JSON_TYPES.has(type)) {
      throw new RdapError('bad-content-type', url, `expected application/rdap+json, got ${type || 'no content type'}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new RdapError('malformed-json', url, `body is not valid JSON: ${(err as Error).message}`);
    }
    if (!isRecord(body)) throw new RdapError('malformed-json', url, 'body is JSON but not an object');
    return { url: response.url || url, body };
  }
}

function transportError(err: unknown, url: string, timeoutMs: number): RdapError {
  if (outboundRefusal(err)) return new RdapError('refused', url, 'refused by outbound policy');
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new RdapError('timeout', url, `no RDAP answer within ${timeoutMs} ms`);
  }
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED …) in `cause`.
  const cause = e.cause?.code ?? e.cause?.message;
  return new RdapError('network', url, `RDAP request failed: ${e.message ?? String(err)}${cause ? ` (${cause})` : ''}`);
}

/** RFC 9083 §6: error answers may carry `{ errorCode, title, description }`. */
function errorTitle(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return isRecord(body) && typeof body.title === 'string' ? body.title : undefined;
  } catch {
    return undefined;
  }
}
