import { createHash } from 'node:crypto';
import type { Response } from 'undici';
import { classifyFetch } from '../../shared/classify';
import { decodeHtml } from './decode-html';
import { ChallengeResponseError, PermanentFetchError, RefusedByPolicyError, RetryableFetchError } from './errors';
import { defaultOutboundPolicy, outboundRefusal, type OutboundPolicy } from './outbound-policy';

export interface FetchedPage {
  /** URL after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
  bytes: Uint8Array;
  sha256: string;
  fetchedAt: string;
  /** The body was cut at maxBytes (overLimit 'truncate'). */
  truncated?: boolean;
  /** Response headers, lower-case names (`set-cookie` as a list): the fetch classifier reads them. */
  headers?: Record<string, string | string[]>;
  /** The status line's reason phrase, as the server sent it. */
  statusText?: string;
  /** The headers this crawler sent, for the WARC request record. */
  requestHeaders?: Record<string, string>;
  /** A rendered page: the body as served, before scripts ran (`bytes` is then the DOM read after). */
  served?: Uint8Array;
  /** A rendered page's screenshot (PNG), when the browser fetcher was asked for them. */
  screenshot?: Uint8Array;
}

/** The response's headers as the classifier reads them. */
export function headerRecord(headers: {
  forEach(cb: (value: string, name: string) => void): void;
  getSetCookie?(): string[];
}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'set-cookie') out[name.toLowerCase()] = value;
  });
  const cookies = headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** Statuses whose body may be a challenge or refusal page, read (up to 1 MiB) to tell which. */
const CHALLENGE_STATUS: ReadonlySet<number> = new Set([401, 403, 429, 503]);
const MAX_CHALLENGE_BYTES = 1024 * 1024;

export interface HttpFetcherOptions {
  userAgent: string;
  /** Per request, in ms. Default 15 000. */
  timeoutMs?: number;
  /** Larger bodies are refused (or cut, see `overLimit`). Default 5 MiB. */
  maxBytes?: number;
  /**
   * A body over maxBytes: 'refuse' it (PermanentFetchError, the default) or
   * 'truncate' it to its first maxBytes — robots.txt, of which RFC 9309 has
   * crawlers parse the first 500 KiB rather than give up on the file.
   */
  overLimit?: 'refuse' | 'truncate';
  /** Where requests may go (every redirect hop is checked). Default: the policy with no allow-list. */
  outbound?: OutboundPolicy;
  /** The Accept header. Default: HTML first, anything else after. */
  accept?: string;
  /** Bytes only (an image): the body is not decoded as text (`body` is empty). Default false. */
  binary?: boolean;
  /**
   * Conditional request validators (`if-none-match`, `if-modified-since`):
   * a 304 answer comes back as a page with status 304 and no bytes.
   */
  conditional?: { etag?: string | null; lastModified?: string | null };
}

/** Statuses worth another try later; every other 4xx/5xx is permanent. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** One GET with an honest User-Agent, a timeout and a size cap; errors say whether a retry may help. */
export async function fetchPage(url: string, options: HttpFetcherOptions): Promise<FetchedPage> {
  let res: Response;
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: options.accept ?? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
    ...(options.conditional?.etag ? { 'if-none-match': options.conditional.etag } : {}),
    ...(options.conditional?.lastModified ? { 'if-modified-since': options.conditional.lastModified } : {}),
  };
  try {
    res = await (options.outbound ?? defaultOutboundPolicy()).fetch(url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (err) {
    const refused = outboundRefusal(err);
    if (refused) throw new RefusedByPolicyError(url, refused.detail);
    throw new RetryableFetchError(`network error: ${(err as Error).cause ?? (err as Error).message}`, url);
  }
  if (res.status === 304 && options.conditional) {
    await res.body?.cancel();
    return toPage(url, res, new Uint8Array(), false, true);
  }
  if (!res.ok) {
    if (CHALLENGE_STATUS.has(res.status)) {
      // A challenge page is a block to count and keep, not a failure to retry.
      const { bytes, truncated } = await readCapped(res, MAX_CHALLENGE_BYTES, url, true).catch(() => ({
        bytes: new Uint8Array(),
        truncated: false,
      }));
      const page = toPage(url, res, bytes, truncated);
      const classification = classifyFetch({
        url: page.url,
        status: page.status,
        headers: page.headers,
        html: page.body,
      });
      // A bare status (no provider's page) and a plain 429 stay what they were: permanent, or worth a retry after
      // Retry-After.
      const named =
        classification.provider !== undefined &&
        classification.provider !== `http-${res.status}` &&
        classification.provider !== 'rate-limited';
      if (!classification.extractable && named) throw new ChallengeResponseError(url, res.status, page, classification);
    } else await res.body?.cancel();
    const retryAfter = Number(res.headers.get('retry-after'));
    if (RETRYABLE_STATUS.has(res.status)) {
      throw new RetryableFetchError(
        `HTTP ${res.status}`,
        url,
        res.status,
        Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      );
    }
    throw new PermanentFetchError(`HTTP ${res.status}`, url, res.status);
  }
  const { bytes, truncated } = await readCapped(
    res,
    options.maxBytes ?? 5 * 1024 * 1024,
    url,
    options.overLimit === 'truncate',
  );
  return { ...toPage(url, res, bytes, truncated, options.binary ?? false), requestHeaders: headers };
}

function toPage(url: string, res: Response, bytes: Uint8Array, truncated: boolean, binary = false): FetchedPage {
  return {
    url: res.url || url,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: binary ? '' : decodeHtml(bytes, { contentType: res.headers.get('content-type') }).text,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: new Date().toISOString(),
    headers: headerRecord(res.headers),
    statusText: res.statusText,
    ...(truncated ? { truncated } : {}),
  };
}

async function readCapped(
  res: Response,
  maxBytes: number,
  url: string,
  truncate: boolean,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes && !truncate) {
    await res.body?.cancel();
    throw new PermanentFetchError(`body of ${declared} bytes is over the ${maxBytes} byte cap`, url, res.status);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of res.body ?? []) {
      if (size + chunk.byteLength > maxBytes) {
        if (!truncate) throw new PermanentFetchError(`body is over the ${maxBytes} byte cap`, url, res.status);
        // Leaving the loop cancels the stream: the rest is never downloaded.
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      size += chunk.byteLength;
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof PermanentFetchError) throw err;
    throw new RetryableFetchError(`body cut off: ${(err as Error).message}`, url, res.status);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return { bytes: out, truncated };
}
