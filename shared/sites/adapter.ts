/**
 * A site adapter is data: where a site's pages are and how to read what
 * structured data (JSON-LD, microdata, OpenGraph) does not give. One file per
 * site in this folder; the file name is the site id. Where data is not
 * enough, the adapter's `read` hook is code — still in the site's one file.
 */
import type { PageDocument } from '../extract/document';

export interface FieldSelector {
  /** CSS selector, relative to the page (or to a search result). */
  selector: string;
  /** Read this attribute instead of the text. */
  attr?: string;
  /** Take every match (images), not only the first. */
  all?: boolean;
}

/** What kind of page a URL of the site is. */
export type PageType = 'product' | 'video' | 'search' | 'channel' | 'shop';

/** Page types whose page is one listing; the others list listings. */
export const LISTING_PAGE_TYPES: readonly PageType[] = ['product', 'video'];

/**
 * Which URLs are which page type. The first rule that matches wins.
 * `path` is a regexp source matched against the URL's path + query.
 */
export interface PageRule {
  type: PageType;
  path: string;
  /** Only on these host patterns (see `hosts`); default: every host of the adapter. */
  hosts?: string[];
  /** Pages of this type draw their data with JavaScript: fetch them with a browser. */
  browser?: boolean;
}

/** One country or language version of the site, with its own domain and currency. */
export interface SiteLocale {
  /** Short id used on the command line (`scan --site amazon --locale de`): `us`, `uk`, `de`… */
  id: string;
  /** Where that version is served, e.g. `https://www.amazon.co.uk`. */
  origin: string;
  /** ISO 4217 currency prices are shown in when the page does not say. */
  currency?: string;
  /** Search path when it differs from the adapter's (a translated path). */
  searchPath?: string;
}

/**
 * How the `{page}` of `searchPath` counts: page numbers from `first` in
 * steps of `step` (JD counts 1, 3, 5…), or an item offset of `size` per page
 * (`{page}` = (n - 1) × size + `first`).
 */
export interface Pagination {
  mode: 'page' | 'offset';
  /** `{page}` of the first page. Default 1 for 'page', 0 for 'offset'. */
  first?: number;
  /** Page mode: increase per page. Default 1. */
  step?: number;
  /** Offset mode: results per page. */
  size?: number;
}

/**
 * Where a page keeps its state: a script whose text is JSON (`script`), a
 * literal a script assigns (`assign`: `var NAME = {…}`, `NAME = {…}` on the
 * global object, `a.b = {…}`), a call's first argument (`call`:
 * `TShop.Setup({…})`), the value of a key inside a script's literal (`key`:
 * `'colorImages': {…}`), or JSON in an attribute (`attr`).
 */
export type StateSource =
  { script: string } | { assign: string } | { call: string } | { key: string } | { attr: string; selector: string };

/**
 * A value in the page's state: `name:path`, where `name` is a key of the
 * adapter's `state` and `path` walks into it (`data.titleModule.subject`,
 * `items[*].name`, see pathValues). Several, separated by ` | `: the first
 * that gives a value wins.
 */
export type StatePath = string;

/** Fields a site reader can give. Strings are read as text (prices and counts are parsed). */
export type SiteField =
  | 'title'
  | 'description'
  | 'price'
  | 'currency'
  | 'brand'
  | 'sellerId'
  | 'sellerName'
  | 'sellerUrl'
  | 'sellerLocation'
  | 'images'
  | 'soldCount'
  | 'views'
  | 'duration'
  | 'uploadDate'
  | 'canonical';

/** The legacy name of the fields structured data may fill. */
export type AdapterField = Exclude<SiteField, 'brand' | 'uploadDate'>;

/** What a site's reader found on a listing page; every field optional. */
export interface SiteFields {
  title?: string;
  description?: string;
  price?: number;
  /** Price text to parse when no number is given ("¥149.00 - 159.00"). */
  priceText?: string;
  currency?: string;
  brand?: string;
  seller?: { id?: string; name?: string; url?: string; location?: string };
  images?: string[];
  soldCount?: number;
  views?: number;
  durationSeconds?: number;
  /** ISO 8601 date (or date-time) the video was published or the listing created. */
  uploadDate?: string;
  canonical?: string;
  /** A live stream: it has no duration. */
  live?: boolean;
  /** The page says the listing or video is gone (or not viewable). */
  unavailable?: boolean;
}

/** One result of a search (or channel, or shop) page. */
export interface SiteResult {
  url: string;
  title?: string;
  price?: number;
  currency?: string;
  /** Price as shown, parsed when `price` is not given. */
  priceText?: string;
  seller?: string;
  image?: string;
  /** A torrent index's result: size in bytes, seeding peers. */
  sizeBytes?: number;
  seeders?: number;
}

/** What the site's code hook gets: the page, its state, and the adapter's own helpers. */
export interface ReadContext {
  doc: PageDocument;
  pageType: PageType;
  /** The adapter's named state, read lazily and once. */
  state(name: string): unknown;
  /** Values at a state path (`name:path | name:path2`), first alternative that gives any. */
  values(path: StatePath): unknown[];
  /** Text at a state path, first alternative that gives a string or number. */
  text(path: StatePath): string | undefined;
  /** The locale of the page's host, when the adapter has locales. */
  locale?: SiteLocale;
}

/** A search page read by code: its results and the next page. */
export interface SiteSearch {
  results: SiteResult[];
  nextPageUrl?: string;
}

/**
 * Search results read from the page's state: every value at `items`
 * (a state path), with paths relative to one item for its fields. `where`
 * keeps items whose value at a path equals the given one (`__typename`:
 * `Product`).
 */
export interface StateResults {
  items: StatePath;
  where?: Record<string, string | number | boolean>;
  url: string;
  /** Fixed text around the value at `url` (`https://item.taobao.com/item.htm?id={}`). */
  urlTemplate?: string;
  title?: string;
  price?: string;
  currency?: string;
  seller?: string;
  image?: string;
}

export interface SiteAdapter {
  id: string;
  name: string;
  kind: 'marketplace' | 'video';
  /**
   * Host patterns this adapter reads: `example.com` (that host), `*.example.com`
   * (the domain and every subdomain: www., m., item.…), `amazon.*` (any
   * country domain: amazon.com, amazon.co.uk, amazon.com.br…). The extension's
   * match patterns come from them (see sitePatterns), a `name.*` pattern
   * expanded over `locales`.
   */
  hosts: string[];
  /** Origin swept when none is given on the command line. */
  defaultOrigin: string;
  /** ISO 4217 currency of a one-currency site (Taobao: CNY), when a price does not say; a locale's wins. */
  currency?: string;
  /** Country or language versions (Amazon's .com, .co.uk, .de…). */
  locales?: SiteLocale[];
  /** Search page path with `{query}` and `{page}` placeholders. */
  searchPath: string;
  firstPage: number;
  /** How `{page}` counts; default page numbers from `firstPage` in steps of one. */
  pagination?: Pagination;
  /** Path patterns (regexp sources, matched against URL path + query). */
  listingPathPattern: string;
  searchPathPattern: string;
  /**
   * Page types by URL (product, video, search, channel, shop). When absent,
   * `listingPathPattern` is the adapter's kind of listing page and
   * `searchPathPattern` its search page.
   */
  pages?: PageRule[];
  /** On a search page: one element per result, and the link inside it. */
  results: { item: string; link: FieldSelector; title?: FieldSelector; price?: FieldSelector };
  /** Search results from the page's state, tried before the `results` selectors. */
  stateResults?: StateResults;
  /** Link to the next search page. */
  nextPage?: FieldSelector;
  /** Selectors that fill what structured data leaves empty. */
  fields: Partial<Record<AdapterField, FieldSelector>>;
  /**
   * Where the site's own data is, by selector: these win over structured
   * data (which on real sites often carries boilerplate or another offer).
   * Several selectors per field: the first that gives a value wins.
   */
  select?: Partial<Record<SiteField, FieldSelector | FieldSelector[]>>;
  /** Named embedded state (see StateSource), read only when a path uses it. */
  state?: Record<string, StateSource>;
  /** Fields from the page's state; they win over `select` and structured data. */
  stateFields?: Partial<Record<SiteField, StatePath>>;
  /**
   * Code where data is not enough: fields of a listing page, or the results
   * of a search page. What it returns wins over `stateFields` and `select`.
   */
  read?: {
    listing?(ctx: ReadContext): SiteFields | undefined;
    search?(ctx: ReadContext): SiteSearch | undefined;
  };
  /**
   * Patterns removed from a title taken from `<title>` or OpenGraph
   * (regexp sources, case-insensitive): a site's name and category suffixes.
   */
  titleBoilerplate?: string[];
  /**
   * Structured data's brand is the shop (Etsy: the shop's name), not a
   * rights holder: read it as the seller's name instead.
   */
  brandIsSeller?: boolean;
  /** Every page of the site is rendered by JavaScript: fetch them all with a browser. */
  needsBrowser?: boolean;
  /**
   * Only these pages are rendered by JavaScript and are fetched with a browser
   * (regexp source matched against URL path + query, like `listingPathPattern`);
   * the others stay on plain HTTP. Ignored when `needsBrowser` is true.
   */
  browserPathPattern?: string;
  /**
   * How the site says a listing is gone while still answering 200 ("this
   * item is no longer available"): verification counts such a page as
   * removed, like a 404 or 410. Any one marker present is enough.
   */
  unavailableMarkers?: UnavailableMarker[];
  /**
   * What the page must carry for its data to be there (a selector): a page
   * of this site without any is a shell or an interstitial. Used by the
   * fetch classifier to tell a page with a challenge and data (partial block)
   * from a challenge alone.
   */
  dataMarkers?: string[];
  /**
   * A template many sites share (a WordPress video theme): the adapter reads
   * any host whose page shows `template` (selectors, any one enough), and
   * tells its page types by `pages` selectors rather than by URL.
   */
  detect?: { template: string[]; pages: { type: PageType; selector: string }[] };
  /** Built from the site's documented structure, not checked against a saved real page. */
  unverified?: boolean;
}

/**
 * An element that only a taken-down listing's page has (`selector`), or one
 * whose text contains `text` (compared after NFKC and lower-casing), so a
 * phrase is looked for only where the site puts it, not in a seller's own
 * description.
 */
export interface UnavailableMarker {
  selector: string;
  text?: string;
}

export type { PageDocument };
