/** The site adapters this build knows, and lookups over them. */
import type { SiteAdapter } from './adapter';
import { adapter as demoMarket } from './demo-market';
import { adapter as demoVideo } from './demo-video';

export type { AdapterField, FieldSelector, SiteAdapter } from './adapter';

export const adapters: SiteAdapter[] = [demoMarket, demoVideo];

interface Patterns {
  listing: RegExp;
  search: RegExp;
  browser?: RegExp;
}
const compiled = new Map<SiteAdapter, Patterns>();
function patterns(a: SiteAdapter): Patterns {
  let p = compiled.get(a);
  if (!p) {
    p = { listing: new RegExp(a.listingPathPattern), search: new RegExp(a.searchPathPattern) };
    if (a.browserPathPattern !== undefined) p.browser = new RegExp(a.browserPathPattern);
    compiled.set(a, p);
  }
  return p;
}

/** What kind of page of `adapter` the URL is, or undefined when it is neither a listing nor a search page. */
export function pageKind(adapter: SiteAdapter, url: string): 'listing' | 'search' | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!adapter.hosts.includes(u.hostname.toLowerCase())) return undefined;
  const path = u.pathname + u.search;
  const p = patterns(adapter);
  if (p.listing.test(path)) return 'listing';
  if (p.search.test(path)) return 'search';
  return undefined;
}

/** The adapter whose hosts include the URL's host and whose listing or search pattern matches its path. */
export function findAdapter(url: string): SiteAdapter | undefined {
  return adapters.find((a) => pageKind(a, url) !== undefined);
}

export function adapterById(id: string): SiteAdapter | undefined {
  return adapters.find((a) => a.id === id);
}

/**
 * Whether `url` must be rendered in a browser: every page when the adapter
 * says `needsBrowser`, else the pages its `browserPathPattern` matches (path +
 * query). The URL's host is not checked; the caller already chose the adapter.
 * A URL that cannot be parsed needs no browser.
 */
export function needsBrowser(adapter: SiteAdapter, url: string): boolean {
  if (adapter.needsBrowser) return true;
  const browser = patterns(adapter).browser;
  if (!browser) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return browser.test(u.pathname + u.search);
}
