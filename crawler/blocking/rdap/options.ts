import { lookup } from 'node:dns/promises';
import { defaultOutboundPolicy, type OutboundPolicy } from '../../fetch/outbound-policy';

/** Hostname → its IP addresses (v4 and v6). */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface RdapClientOptions {
  /**
   * Folder holding the IANA bootstrap files `dns.json`, `ipv4.json`, `ipv6.json`. Default
   * `https://data.iana.org/rdap/`.
   */
  bootstrapBaseUrl?: string;
  /** Per request, the whole answer included, ms. Default 10_000. */
  timeoutMs?: number;
  /** How long an RDAP answer is reused, ms. Default 1 hour. */
  cacheTtlMs?: number;
  /** How long a bootstrap file is reused, ms. Default 24 hours: IANA changes them a few times a month. */
  bootstrapTtlMs?: number;
  /** Most answers kept in the cache; the oldest go first. Default 1000. */
  maxCacheEntries?: number;
  /** Resolves the site's hostname for the hosting look-up. Default `node:dns/promises` `lookup` with `all: true`. */
  resolve?: Resolver;
  /** Most addresses of one site looked up at the RIRs. Default 4 (CDN sites resolve to many). */
  maxHosts?: number;
  /** Sent as User-Agent; RIRs ask automated clients to identify themselves. Default `counterscan-rdap/0.1`. */
  userAgent?: string;
  /** Clock for cache expiry and `fetchedAt`. Default `Date.now`. */
  now?: () => number;
  /** Where RDAP requests may go, redirects between RIRs included. Default: the policy with no allow-list. */
  outbound?: OutboundPolicy;
}

export type ResolvedRdapOptions = Required<RdapClientOptions>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function resolveOptions(options: RdapClientOptions): ResolvedRdapOptions {
  const base = options.bootstrapBaseUrl ?? 'https://data.iana.org/rdap/';
  return {
    // Bootstrap file names are resolved against this folder, so it must end with '/'.
    bootstrapBaseUrl: base.endsWith('/') ? base : `${base}/`,
    timeoutMs: options.timeoutMs ?? 10_000,
    cacheTtlMs: options.cacheTtlMs ?? 60 * 60_000,
    bootstrapTtlMs: options.bootstrapTtlMs ?? 24 * 60 * 60_000,
    maxCacheEntries: options.maxCacheEntries ?? 1000,
    resolve: options.resolve ?? systemResolver,
    maxHosts: options.maxHosts ?? 4,
    userAgent: options.userAgent ?? 'counterscan-rdap/0.1',
    now: options.now ?? Date.now,
    outbound: options.outbound ?? defaultOutboundPolicy(),
  };
}
