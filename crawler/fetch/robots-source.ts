import { parseRobots, robotsForStatus, type RobotsRules } from '../../shared/robots';
import { FetchError } from './errors';
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

/** RFC 9309 caps what a crawler must parse at 500 KiB. */
const MAX_ROBOTS_BYTES = 500 * 1024;

/** Fetches `<origin>/robots.txt`; a network failure is status 0 (treated as unreachable, so disallow all). */
export async function fetchRobots(origin: string, options: HttpFetcherOptions): Promise<RobotsSnapshot> {
  try {
    const page = await fetchPage(`${origin}/robots.txt`, { ...options, maxBytes: MAX_ROBOTS_BYTES });
    return { status: page.status, body: page.body };
  } catch (err) {
    if (err instanceof FetchError) return { status: err.status ?? 0, body: '' };
    throw err;
  }
}

/** 2xx: the file's rules; 4xx: allow all; 5xx or unreachable: disallow all (RFC 9309 §2.3.1). */
export function rulesFromSnapshot(s: RobotsSnapshot): RobotsRules {
  return s.status >= 200 && s.status < 300 ? parseRobots(s.body) : robotsForStatus(s.status);
}
