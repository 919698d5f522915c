import type { RobotsRules } from '../../shared/robots';
import type { HostGate } from './host-gate';
import type { HttpFetcherOptions } from './http-fetcher';
import { fetchRobots, rulesFromSnapshot, type RobotsSource } from './robots-source';

/**
 * robots.txt per origin for one process, fetched once and kept for `ttlMs`.
 * Unreachable or 5xx means "disallow all" and a 4xx means "allow all", as
 * RFC 9309 says. With a `gate`, the robots.txt request takes a slot of the
 * host's cap like any other request. A lookup that failed (not a robots.txt
 * that failed: that is an answer) is not kept.
 */
export class RobotsCache implements RobotsSource {
  private readonly entries = new Map<string, { rules: Promise<RobotsRules>; expires: number }>();

  constructor(
    private readonly fetcher: HttpFetcherOptions,
    private readonly ttlMs = 24 * 3600 * 1000,
    private readonly gate?: HostGate,
  ) {}

  rulesFor(url: string): Promise<RobotsRules> {
    const { origin, host } = new URL(url);
    const hit = this.entries.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    const fetchOnce = () => fetchRobots(origin, this.fetcher);
    const rules = (this.gate ? this.gate.run(host, fetchOnce) : fetchOnce()).then(rulesFromSnapshot);
    const entry = { rules, expires: Date.now() + this.ttlMs };
    this.entries.set(origin, entry);
    rules.catch(() => {
      if (this.entries.get(origin) === entry) this.entries.delete(origin);
    });
    return rules;
  }
}
