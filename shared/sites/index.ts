/** The site adapters this build knows, and lookups over them. */
import type { SiteAdapter } from './adapter';
import { adapter as demoMarket } from './demo-market';
import { adapter as demoVideo } from './demo-video';

export type { AdapterField, FieldSelector, SiteAdapter } from './adapter';

export const adapters: SiteAdapter[] = [demoMarket, demoVideo];

const compiled = new Map<SiteAdapter, { listing: RegExp; search: RegExp }>();
function patterns(a: SiteAdapter): { listing: RegExp; search: RegExp } {
  let p = compiled.get(a);
  if (!p) {
    p = { listing: new RegExp(a.listingPathPattern), search: new RegExp(a.searchPathPattern) };
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
