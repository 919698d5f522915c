import type { BlockedPageError } from './classify';

/**
 * Sweep figures for pages a site would not serve: how many, and per host by verdict and provider (`block:cloudflare`).
 */
export interface BlockStats {
  blocked?: number;
  blockedByHost?: Record<string, Record<string, number>>;
}

/** Counts a blocked page in the sweep's figures. */
export function noteBlock(stats: BlockStats, err: BlockedPageError): void {
  stats.blocked = (stats.blocked ?? 0) + 1;
  const byHost = (stats.blockedByHost ??= {});
  const host = (byHost[err.host] ??= {});
  host[err.kind] = (host[err.kind] ?? 0) + 1;
}

/** One line per host: `www.walmart.com 3 (block:perimeterx 2, consent:… 1)`. */
export function blockStats(stats: BlockStats): string[] {
  return Object.entries(stats.blockedByHost ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([host, kinds]) => {
      const total = Object.values(kinds).reduce((a, b) => a + b, 0);
      const parts = Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      return `${host} ${total} (${parts})`;
    });
}
