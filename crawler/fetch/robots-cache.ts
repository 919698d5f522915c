import { parseRobots, robotsForStatus, type RobotsRules } from '../../shared/robots';
import { FetchError } from './errors';
import { fetchPage, type HttpFetcherOptions } from './http-fetcher';

/**
 * robots.txt per origin, fetched once and kept for `ttlMs`. Unreachable or
 * 5xx means "disallow all" and a 4xx means "allow all", as RFC 9309 says.
 */
export class RobotsCache {
  private readonly entries = new Map<string, { rules: Promise<RobotsRules>; expires: number }>();

  constructor(
    private readonly fetcher: HttpFetcherOptions,
    private readonly ttlMs = 24 * 3600 * 1000,
  ) {}

  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const hit = this.entries.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    const rules = this.load(origin);
    this.entries.set(origin, { rules, expires: Date.now() + this.ttlMs });
    return rules;
  }

  private async load(origin: string): Promise<RobotsRules> {
    try {
      const page = await fetchPage(`${origin}/robots.txt`, { ...this.fetcher, maxBytes: 500 * 1024 });
      return parseRobots(page.body);
    } catch (err) {
      if (err instanceof FetchError) return robotsForStatus(err.status ?? 503);
      throw err;
    }
  }
}
