/**
 * The sites the extension reads come from the shared site adapters: their
 * `hosts` become the content script's match patterns and the host
 * permissions the options page asks for, so a site is declared once
 * (shared/sites) and nowhere else.
 *
 * The shipped build knows the real sites (`siteAdapters`) only. A build made
 * with `COUNTERSCAN_DEMO_SITES=1` (`npm run build:ext:demo`, what the e2e
 * tests and the benchmark load) also knows the demo sites on 127.0.0.1 and
 * localhost, and is granted every site at install (see wxt.config.ts).
 */
import { demoAdapters, matchPatterns, siteAdapters, type SiteAdapter } from '../../shared/sites';

declare const __COUNTERSCAN_DEMO_SITES__: boolean | undefined;

/** Whether this build knows the demo sites (set at build time; false outside a WXT build). */
export const DEMO_SITES: boolean =
  typeof __COUNTERSCAN_DEMO_SITES__ !== 'undefined' && __COUNTERSCAN_DEMO_SITES__ === true;

/** The adapters this build reads: the real sites, and the demo sites in a demo build. */
export function builtAdapters(demo = DEMO_SITES): SiteAdapter[] {
  return demo ? [...siteAdapters, ...demoAdapters] : siteAdapters;
}

/**
 * Match patterns for the adapters' hosts, http and https, every path
 * (`*.example.com` covers the domain and its subdomains; `amazon.*` becomes
 * one pattern per locale domain). A match pattern without a port matches
 * every port, which the loopback demo sites need.
 */
export function sitePatterns(list: readonly SiteAdapter[] = builtAdapters()): string[] {
  return [...new Set(list.flatMap((a) => matchPatterns(a)))].sort();
}

/** One site as the options page offers it: its name and the patterns its permission covers. */
export interface SiteAccess {
  id: string;
  name: string;
  patterns: string[];
}

/**
 * The sites one can allow, one entry per adapter that names hosts (a
 * template-detected reader such as the WordPress streaming themes has none:
 * it runs through "scan this page").
 */
export function siteAccessList(list: readonly SiteAdapter[] = builtAdapters()): SiteAccess[] {
  return list
    .map((a) => ({ id: a.id, name: a.name, patterns: sitePatterns([a]) }))
    .filter((s) => s.patterns.length > 0);
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
