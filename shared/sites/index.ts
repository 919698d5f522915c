/**
 * The site adapters this build knows, and lookups over them. `siteAdapters`
 * are the real sites (what a production sweep and the shipped extension
 * read); `demoAdapters` are the generated demo sites on loopback, for the
 * demo and the tests. `adapters` is both: lookups by id or URL see every one.
 */
import type { PageRule, PageType, SiteAdapter, SiteLocale } from './adapter';
import { LISTING_PAGE_TYPES } from './adapter';
import { adapterServes, hostMatches } from './hosts';
import { adapter as demoMarket } from './demo-market';
import { adapter as demoVideo } from './demo-video';
import { adapter as aliexpress } from './aliexpress';
import { adapter as amazon } from './amazon';
import { adapter as bilibili } from './bilibili';
import { adapter as dailymotion } from './dailymotion';
import { adapter as ebay } from './ebay';
import { adapter as etsy } from './etsy';
import { adapter as jd } from './jd';
import { adapter as lazada } from './lazada';
import { adapter as onesixeighteight } from './1688';
import { adapter as rakuten } from './rakuten';
import { adapter as shopee } from './shopee';
import { adapter as taobao } from './taobao';
import { adapter as temu } from './temu';
import { adapter as tiktok } from './tiktok';
import { adapter as tmall } from './tmall';
import { adapter as vimeo } from './vimeo';
import { adapter as walmart } from './walmart';
import { adapter as youtube } from './youtube';
import { torrentAdapters } from './torrent-indexes';
import { streamingAdapters } from './pirate-streaming';
import { adapter as woocommerce } from './woocommerce';
import { engine as duckduckgo } from './duckduckgo';
import { engine as bing } from './bing';
import type { SearchEngineAdapter } from './search-engine';

export type { PageType, SiteAdapter, SiteLocale } from './adapter';
export { LISTING_PAGE_TYPES } from './adapter';
export { adapterServes, hostMatches, matchPatterns } from './hosts';
export { readSearchResults, searchEngineUrl, type SearchEngineAdapter } from './search-engine';

/** The real sites: production sweeps and the shipped extension's hosts. */
export const siteAdapters: SiteAdapter[] = [
  amazon,
  ebay,
  aliexpress,
  taobao,
  tmall,
  onesixeighteight,
  jd,
  lazada,
  walmart,
  etsy,
  rakuten,
  temu,
  shopee,
  youtube,
  bilibili,
  tiktok,
  vimeo,
  dailymotion,
  ...streamingAdapters,
  woocommerce,
  ...torrentAdapters,
];

/** The generated demo sites (127.0.0.1 / localhost): the demo and the tests only. */
export const demoAdapters: SiteAdapter[] = [demoMarket, demoVideo];

/** Every adapter: lookups by id or URL. */
export const adapters: SiteAdapter[] = [...siteAdapters, ...demoAdapters];

interface Compiled {
  rules: { rule: PageRule; re: RegExp }[];
  browser?: RegExp;
}
const compiled = new Map<SiteAdapter, Compiled>();

function rulesOf(a: SiteAdapter): Compiled {
  let c = compiled.get(a);
  if (!c) {
    const rules: PageRule[] = a.pages ?? [
      { type: a.kind === 'video' ? 'video' : 'product', path: a.listingPathPattern },
      { type: 'search', path: a.searchPathPattern },
    ];
    c = { rules: rules.map((rule) => ({ rule, re: new RegExp(rule.path) })) };
    if (a.browserPathPattern !== undefined) c.browser = new RegExp(a.browserPathPattern);
    compiled.set(a, c);
  }
  return c;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function ruleFor(adapter: SiteAdapter, u: URL): PageRule | undefined {
  const path = u.pathname + u.search;
  const host = u.hostname.toLowerCase();
  return rulesOf(adapter).rules.find(
    ({ rule, re }) => (!rule.hosts || rule.hosts.some((h) => hostMatches(h, host))) && re.test(path),
  )?.rule;
}

/**
 * The page type of `url` on `adapter`'s site, or undefined when the host is not the site's or the path is no page it
 * reads.
 */
export function pageType(adapter: SiteAdapter, url: string): PageType | undefined {
  const u = parse(url);
  if (!u || !adapterServes(adapter, u.hostname)) return undefined;
  return ruleFor(adapter, u)?.type;
}

/** 'listing' for a product or video page, 'search' for a page that lists listings (search, channel, shop). */
export function pageKind(adapter: SiteAdapter, url: string): 'listing' | 'search' | undefined {
  const t = pageType(adapter, url);
  if (t === undefined) return undefined;
  return LISTING_PAGE_TYPES.includes(t) ? 'listing' : 'search';
}

/** The adapter whose hosts include the URL's host and that knows its path as a page type. */
export function findAdapter(url: string): SiteAdapter | undefined {
  return adapters.find((a) => pageType(a, url) !== undefined);
}

/** The adapter whose hosts include the URL's host, whatever the path (a home page, a help page). */
export function adapterForHost(url: string): SiteAdapter | undefined {
  const u = parse(url);
  if (!u) return undefined;
  return findAdapter(url) ?? adapters.find((a) => adapterServes(a, u.hostname));
}

export function adapterById(id: string): SiteAdapter | undefined {
  return adapters.find((a) => a.id === id);
}

/**
 * Whether `url` must be rendered in a browser: every page when the adapter
 * says `needsBrowser`, else the pages its `browserPathPattern` or a `browser`
 * page rule matches. The URL's host is not checked; the caller already chose
 * the adapter. A URL that cannot be parsed needs no browser.
 */
export function needsBrowser(adapter: SiteAdapter, url: string): boolean {
  if (adapter.needsBrowser) return true;
  const u = parse(url);
  if (!u) return false;
  const browser = rulesOf(adapter).browser;
  if (browser?.test(u.pathname + u.search)) return true;
  return adapter.pages !== undefined && ruleFor(adapter, u)?.browser === true;
}

/** The locale whose origin's host is `url`'s host (or shares its domain), if the adapter has locales. */
export function localeOf(adapter: SiteAdapter, url: string): SiteLocale | undefined {
  const u = parse(url);
  if (!u || !adapter.locales) return undefined;
  const host = u.hostname.toLowerCase().replace(/^(?:www|m|smile|mobile)\./, '');
  return (
    adapter.locales.find(
      (l) => new URL(l.origin).hostname.toLowerCase().replace(/^(?:www|m|smile|mobile)\./, '') === host,
    ) ??
    adapter.locales.find((l) =>
      host.endsWith(`.${new URL(l.origin).hostname.toLowerCase().replace(/^(?:www|m)\./, '')}`),
    )
  );
}

export function localeById(adapter: SiteAdapter, id: string): SiteLocale | undefined {
  return adapter.locales?.find((l) => l.id === id.toLowerCase());
}

/** The value `{page}` takes for the `n`-th search page (1-based). */
export function pageParam(adapter: SiteAdapter, n: number): number {
  const p = adapter.pagination;
  if (p?.mode === 'offset') return (p.first ?? 0) + (n - 1) * (p.size ?? 1);
  return (p?.first ?? adapter.firstPage) + (n - 1) * (p?.step ?? 1);
}

/**
 * The search URL for `query` on the site at `origin` (default: the locale's,
 * else the adapter's own), `n`-th page (1-based). A locale's own search path wins.
 */
export function searchPageUrl(
  adapter: SiteAdapter,
  query: string,
  options: { origin?: string; locale?: SiteLocale; page?: number } = {},
): string {
  const locale = options.locale ?? (options.origin ? localeOf(adapter, options.origin) : undefined);
  const origin = options.origin ?? locale?.origin ?? adapter.defaultOrigin;
  const template = locale?.searchPath ?? adapter.searchPath;
  const path = template
    .replace('{query}', encodeURIComponent(query))
    .replace('{page}', String(pageParam(adapter, options.page ?? 1)));
  return new URL(path, origin).toString();
}

/** Search engines discovery queries for new sites (see crawler/discovery). */
export const searchEngines: SearchEngineAdapter[] = [duckduckgo, bing];
