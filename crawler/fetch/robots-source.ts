import { MAX_ROBOTS_BYTES, parseRobots, robotsForStatus, type RobotsRules } from '../../shared/robots';
import { FetchError, RefusedByPolicyError } from './errors';
import { fetchPage, type HttpFetcherOptions } from './http-fetcher';

/** Where the fetch stage gets a host's rules: in-process cache, or Redis for the fleet. */
export interface RobotsSource {
  rulesFor(url: string): Promise<RobotsRules>;
}

/** What a robots.txt request came back with, small enough to cache anywhere. */
export interface RobotsSnapshot {
  status: number;
  body: string;
}

/**
 * A robots.txt body as text: UTF-8, as RFC 9309 §2.3 has it (not sniffed like
 * a page). Cut at the 500 KiB cap, the half line at the cut is dropped, so a
 * rule is never read shortened ("Allow: /shop/private" as "Allow: /shop").
 */
export function robotsText(bytes: Uint8Array, truncated: boolean): string {
  let end = bytes.length;
  if (truncated) {
    const lastBreak = Math.max(bytes.lastIndexOf(0x0a), bytes.lastIndexOf(0x0d));
    if (lastBreak >= 0) end = lastBreak + 1;
  }
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/**
 * Fetches `<origin>/robots.txt`; a network failure is status 0 (treated as
 * unreachable, so disallow all). An origin the outbound policy refuses is
 * not an answer about robots.txt: the RefusedByPolicyError reaches the caller.
 */
export async function fetchRobots(origin: string, options: HttpFetcherOptions): Promise<RobotsSnapshot> {
  try {
    // Over 500 KiB the file is cut, not refused: a refusal read as "no robots.txt" would allow all.
    const page = await fetchPage(`${origin}/robots.txt`, {
      ...options,
      maxBytes: MAX_ROBOTS_BYTES,
      overLimit: 'truncate',
    });
    return { status: page.status, body: robotsText(page.bytes, page.truncated === true) };
  } catch (err) {
    if (err instanceof RefusedByPolicyError) throw err;
    if (err instanceof FetchError) return { status: err.status ?? 0, body: '' };
    throw err;
  }
}

/** 2xx: the file's rules; 4xx: allow all; 5xx or unreachable: disallow all (RFC 9309 §2.3.1). */
export function rulesFromSnapshot(s: RobotsSnapshot): RobotsRules {
  return s.status >= 200 && s.status < 300 ? parseRobots(s.body) : robotsForStatus(s.status);
}
