/**
 * The sites the extension reads come from the shared site adapters: their
 * `hosts` become the content script's match patterns and the extension's host
 * permissions, so a site is declared once (shared/sites) and nowhere else.
 */
import { adapters, matchPatterns, type SiteAdapter } from '../../shared/sites';

/**
 * Match patterns for the adapters' hosts, http and https, every path
 * (`*.example.com` covers the domain and its subdomains; `amazon.*` becomes
 * one pattern per locale domain). A match pattern without a port matches
 * every port, which the loopback demo sites need.
 *
 * The default list is every adapter, the demo sites included, so the e2e
 * tests on loopback keep running; `siteAdapters` (shared/sites) is the real
 * sites alone, for the shipped build's per-site permissions.
 */
export function sitePatterns(list: readonly SiteAdapter[] = adapters): string[] {
  return [...new Set(list.flatMap((a) => matchPatterns(a)))].sort();
}

/** Match pattern for an API origin such as `https://review.example.org:8443`; undefined when it is not http(s). */
export function originPattern(origin: string): string | undefined {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return `${u.protocol}//${u.hostname}/*`;
}

/** Whether `url` falls under one of `patterns` (only the `scheme://host/*` shapes this file makes). */
export function coveredBy(url: string, patterns: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return patterns.some((p) => {
    const m = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(p);
    if (!m) return false;
    const [, scheme, host] = m;
    const schemeOk = scheme === '*' ? u.protocol === 'http:' || u.protocol === 'https:' : `${scheme}:` === u.protocol;
    const h = u.hostname.toLowerCase();
    const hostOk = host!.startsWith('*.') ? h === host!.slice(2) || h.endsWith(host!.slice(1)) : host === h;
    return schemeOk && hostOk;
  });
}
