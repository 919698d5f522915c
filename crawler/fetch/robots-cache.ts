import type { RobotsRules } from '../../shared/robots';
import type { HttpFetcherOptions } from './http-fetcher';
import { fetchRobots, rulesFromSnapshot, type RobotsSource } from './robots-source';

/**
 * robots.txt per origin for one process, fetched once and kept for `ttlMs`.
 * Unreachable or 5xx means "disallow all" and a 4xx means "allow all", as
 * RFC 9309 says.
 */
export class RobotsCache implements RobotsSource {
  private readonly entries = new Map<string, { rules: Promise<RobotsRules>; expires: number }>();

  constructor(
    private readonly fetcher: HttpFetcherOptions,
    private readonly ttlMs = 24 * 3600 * 1000,
  ) {}

  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const hit = this.entries.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    const rules = fetchRobots(origin, this.fetcher).then(rulesFromSnapshot);
    this.entries.set(origin, { rules, expires: Date.now() + this.ttlMs });
    return rules;
  }
}
