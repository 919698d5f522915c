/**
 * The adapter interpreter for real sites: what kind of page this is, and
 * its listing or its results. The site's own data — its embedded state
 * (`stateFields`), its selectors (`select`) and its code (`read`) — wins over
 * structured data, which on real sites often carries boilerplate ("Amazon.com:
 * … : Automotive"), a carousel's offer or the shop as the brand; structured
 * data and the legacy `fields` selectors fill what the site's data leaves empty.
 */
import { listingSchema, type Listing } from '../model/listing';
import type {
  FieldSelector,
  PageType,
  ReadContext,
  SiteAdapter,
  SiteField,
  SiteFields,
  SiteLocale,
  SiteResult,
  SiteSearch,
  StatePath,
} from '../sites/adapter';
import { LISTING_PAGE_TYPES } from '../sites/adapter';
import { adapters, localeOf, pageType as urlPageType } from '../sites/index';
import type { DocNode, PageDocument } from './document';
import { assignedState, attributeJson, callArgument, keyedState, pathValues, scriptJson } from './embedded-state';
import { normaliseCurrency } from './jsonld';
import {
  canonicalUrl,
  ExtractionError,
  extractListing,
  extractSearchResults,
  searchNextPage,
  type SearchPage,
  type SearchResult,
} from './listing';
import { currencyCode, parsePrice } from './price';
import { clean, parseCount, parseDuration, resolveUrl } from './values';

/** The listing a site page gives (the model's Listing). */
export type SiteListing = Listing;

export interface PageReading {
  /** What the adapter says the URL is; undefined with no adapter or an unknown path. */
  pageType?: PageType;
  /** A product or video page's listing (also any page read without an adapter). */
  listing?: SiteListing;
  /** A search, channel or shop page's results. */
  search?: SearchPage;
  /**
   * The site's own data named the listing (its state, selectors or code gave
   * the title), or structured data gave its price, seller or length — not
   * just a <title>. What tells a page from an interstitial or a shell.
   */
  siteData?: boolean;
  /** The site's own data says the listing or video is gone (YouTube's playability status ERROR). */
  unavailable?: boolean;
}

// ---------------------------------------------------------------- which adapter, which page

/** A template adapter (a shared theme, see SiteAdapter.detect) whose fingerprint the page shows. */
export function templateAdapter(doc: PageDocument): SiteAdapter | undefined {
  return adapters.find((a) => a.detect?.template.some((sel) => doc.root.find(sel).length > 0));
}

/** The page type: by URL, or for a template adapter by the page's own markup. */
export function pageTypeOf(adapter: SiteAdapter, doc: PageDocument): PageType | undefined {
  const byUrl = urlPageType(adapter, doc.url);
  if (byUrl || !adapter.detect) return byUrl;
  return adapter.detect.pages.find((p) => doc.root.find(p.selector).length > 0)?.type;
}

// ---------------------------------------------------------------- context

function stateOf(doc: PageDocument, adapter: SiteAdapter): (name: string) => unknown {
  const cache = new Map<string, unknown>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const src = adapter.state?.[name];
    let v: unknown;
    if (src) {
      if ('script' in src) v = scriptJson(doc, src.script);
      else if ('assign' in src) v = assignedState(doc, src.assign);
      else if ('call' in src) v = callArgument(doc, src.call);
      else if ('key' in src) v = keyedState(doc, src.key);
      else v = attributeJson(doc.root, src.selector, src.attr);
    }
    cache.set(name, v);
    return v;
  };
}

/** Values at `name:path | name:path2`: the first alternative that gives any. */
function resolve(state: (name: string) => unknown, spec: StatePath, base?: unknown): unknown[] {
  for (const alt of spec.split('|')) {
    const s = alt.trim();
    if (s === '') continue;
    const colon = s.indexOf(':');
    // Within a result item, paths have no state name.
    const root = colon > 0 && base === undefined ? state(s.slice(0, colon)) : base;
    const path = colon > 0 && base === undefined ? s.slice(colon + 1) : s;
    if (root === undefined) continue;
    const vs = path === '' ? [root] : pathValues(root, path);
    if (vs.length > 0) return vs;
  }
  return [];
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function firstText(vs: unknown[]): string | undefined {
  for (const v of vs) {
    const t = asText(v);
    if (t !== undefined) return t;
  }
  return undefined;
}

export function readContext(doc: PageDocument, adapter: SiteAdapter, pageType: PageType): ReadContext {
  const state = stateOf(doc, adapter);
  return {
    doc,
    pageType,
    state,
    values: (path) => resolve(state, path),
    text: (path) => firstText(resolve(state, path)),
    locale: localeOf(adapter, doc.url),
  };
}

// ---------------------------------------------------------------- selectors

/** Attributes read when a selector names none and the element is of that sort. */
const IMAGE_ATTRS = ['data-old-hires', 'src', 'data-src', 'data-original', 'data-lazy-src', 'content', 'href'];

function readSelector(root: DocNode, sel: FieldSelector, field?: SiteField): string[] {
  const out: string[] = [];
  const nodes = sel.selector.trim() === '' ? [root] : root.find(sel.selector);
  for (const node of nodes) {
    let v: string | undefined;
    if (sel.attr) v = clean(node.attr(sel.attr));
    else if (field === 'images') {
      for (const a of IMAGE_ATTRS) {
        v = clean(node.attr(a));
        if (v && !v.startsWith('data:')) break;
        v = undefined;
      }
    } else if (node.tag() === 'meta') v = clean(node.attr('content'));
    else if (node.tag() === 'input') v = clean(node.attr('value'));
    else v = clean(node.text());
    if (v !== undefined) {
      out.push(v);
      if (!sel.all) break;
    }
  }
  return out;
}

function selectAll(root: DocNode, spec: FieldSelector | FieldSelector[] | undefined, field?: SiteField): string[] {
  if (!spec) return [];
  const list = Array.isArray(spec) ? spec : [spec];
  // One pass for the whole list first: on most pages most fallbacks are absent.
  if (list.length > 1 && root.find(list.map((s) => s.selector).join(', ')).length === 0) return [];
  for (const sel of list) {
    const vs = readSelector(root, sel, field);
    if (vs.length > 0) return vs;
  }
  return [];
}

// ---------------------------------------------------------------- listing fields

function setSeller(f: SiteFields, key: 'id' | 'name' | 'url' | 'location', v: string | undefined): void {
  if (v === undefined) return;
  f.seller = { ...f.seller };
  f.seller[key] ??= v;
}

/** One field from state paths, then selectors: what the site's data says. */
function declared(ctx: ReadContext, adapter: SiteAdapter): SiteFields {
  const f: SiteFields = {};
  const fromState = (field: SiteField): unknown[] => {
    const spec = adapter.stateFields?.[field];
    return spec ? resolve(ctx.state, spec) : [];
  };
  const text = (field: SiteField): string | undefined =>
    firstText(fromState(field)) ?? selectAll(ctx.doc.root, adapter.select?.[field], field)[0];

  f.title = text('title');
  f.description = text('description');
  const priceState = fromState('price');
  if (typeof priceState[0] === 'number') f.price = priceState[0];
  else f.priceText = firstText(priceState) ?? selectAll(ctx.doc.root, adapter.select?.price, 'price')[0];
  f.currency = text('currency');
  f.brand = text('brand');
  setSeller(f, 'id', text('sellerId'));
  setSeller(f, 'name', text('sellerName'));
  setSeller(f, 'url', text('sellerUrl'));
  setSeller(f, 'location', text('sellerLocation'));
  const images = fromState('images')
    .map(asText)
    .filter((s): s is string => s !== undefined);
  f.images = images.length > 0 ? images : selectAll(ctx.doc.root, adapter.select?.images, 'images');
  f.soldCount = parseCount(text('soldCount'));
  f.views = parseCount(text('views'));
  f.durationSeconds = parseDuration(text('duration'));
  f.uploadDate = text('uploadDate');
  f.canonical = text('canonical');
  return f;
}

/** Code's fields over declared ones, field by field. */
function overlay(base: SiteFields, top: SiteFields | undefined): SiteFields {
  if (!top) return base;
  const out: SiteFields = { ...base };
  for (const [k, v] of Object.entries(top) as [keyof SiteFields, unknown][]) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (k === 'seller') out.seller = { ...base.seller, ...stripUndefined(v as object) };
    else (out as Record<string, unknown>)[k] = v;
  }
  // A price from code replaces the declared price text, and the other way round.
  if (top.price !== undefined) out.priceText = top.priceText;
  else if (top.priceText !== undefined) out.price = undefined;
  return out;
}

/** What the site's own data says about the listing on this page. */
export function readSiteFields(doc: PageDocument, adapter: SiteAdapter, pageType: PageType): SiteFields {
  const ctx = readContext(doc, adapter, pageType);
  return overlay(declared(ctx, adapter), adapter.read?.listing?.(ctx));
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function stripBoilerplate(title: string, adapter: SiteAdapter): string {
  let t = title;
  for (const p of adapter.titleBoilerplate ?? []) t = t.replace(new RegExp(p, 'iu'), '');
  return clean(t) ?? title;
}

function priceOf(f: SiteFields, hint: string | undefined): { price?: number; currency?: string } {
  const cur = f.currency ? (normaliseCurrency(f.currency) ?? currencyCode(f.currency)) : undefined;
  if (f.price !== undefined && Number.isFinite(f.price) && f.price >= 0)
    return { price: f.price, currency: cur ?? hint };
  if (f.priceText) {
    const p = parsePrice(f.priceText, cur ?? hint);
    if (p.amount !== undefined && p.amount >= 0)
      return { price: p.amount, currency: cur ?? normaliseCurrency(p.currency) ?? hint };
  }
  return { currency: cur };
}

/**
 * A product or video page's listing: structured data and the legacy
 * selectors first (extractListing), then the site's own data over them.
 */
export function extractSiteListing(
  doc: PageDocument,
  adapter: SiteAdapter | undefined,
  meta: { fetchedAt: string; contentHash?: string },
  type?: PageType,
): SiteListing {
  return buildListing(doc, adapter, meta, type).listing;
}

function buildListing(
  doc: PageDocument,
  adapter: SiteAdapter | undefined,
  meta: { fetchedAt: string; contentHash?: string },
  type?: PageType,
): { listing: SiteListing; siteData: boolean; unavailable?: boolean } {
  const pageType = type ?? (adapter ? pageTypeOf(adapter, doc) : undefined);
  const site = adapter && pageType ? readSiteFields(doc, adapter, pageType) : undefined;
  const structured = (l: Listing | undefined) =>
    l !== undefined && (l.price !== undefined || l.seller !== undefined || l.durationSeconds !== undefined);
  let generic: Listing | undefined;
  try {
    generic = extractListing(doc, adapter, meta);
  } catch (err) {
    if (!(err instanceof ExtractionError) || !site?.title) throw err;
  }
  if (!adapter || !site) return { listing: generic!, siteData: structured(generic) };

  const fromSite = site.title !== undefined;
  let title = site.title ?? generic!.title;
  if (!fromSite) title = stripBoilerplate(title, adapter);

  const locale = localeOf(adapter, doc.url);
  const hint = locale?.currency ?? adapter.currency;
  const p = priceOf(site, hint);
  const price = p.price ?? generic?.price;
  let currency =
    p.price !== undefined
      ? p.currency
      : (generic?.currency ?? p.currency ?? (generic?.price !== undefined ? hint : undefined));
  if (price === undefined) currency = undefined;

  const siteSeller = stripUndefined({ ...site.seller, url: resolveUrl(site.seller?.url, doc.url) });
  const seller = stripUndefined({ ...generic?.seller, ...siteSeller });
  // A shop's "brand" (adapter.brandIsSeller) is never the listing's brand.
  const brand = site.brand ?? (adapter.brandIsSeller ? undefined : generic?.brand);

  const images = [
    ...new Set((site.images ?? []).map((i) => resolveUrl(i, doc.url)).filter((i): i is string => i !== undefined)),
  ];
  const kind =
    pageType === 'video'
      ? 'video'
      : pageType === 'product'
        ? 'product'
        : (generic?.kind ?? (adapter.kind === 'video' ? 'video' : 'product'));
  let durationSeconds = site.durationSeconds ?? generic?.durationSeconds;
  if (site.live) durationSeconds = undefined;
  if (kind === 'product') durationSeconds = undefined;

  let url = generic?.url ?? canonicalUrl(doc.url);
  if (site.canonical) {
    try {
      url = canonicalUrl(site.canonical, doc.url);
    } catch {
      // keep the page's own
    }
  }

  const candidate = stripUndefined({
    ...generic,
    url,
    site: adapter.id,
    kind,
    title,
    description: site.description ?? generic?.description,
    price,
    currency,
    seller: Object.keys(seller).length > 0 ? seller : undefined,
    images: images.length > 0 ? images : (generic?.images ?? []),
    brand,
    soldCount: site.soldCount ?? (kind === 'product' ? generic?.soldCount : undefined),
    views: site.views ?? (kind === 'video' ? generic?.views : undefined),
    durationSeconds,
    uploadDate: kind === 'video' ? (site.uploadDate ?? generic?.uploadDate) : undefined,
    fetchedAt: meta.fetchedAt,
    contentHash: meta.contentHash,
  });
  const parsed = listingSchema().safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ExtractionError(`invalid listing on ${doc.url}: ${problems}`, doc.url);
  }
  const out = { listing: stripUndefined(parsed.data), siteData: site.title !== undefined || structured(generic) };
  return site.unavailable ? { ...out, unavailable: true } : out;
}

// ---------------------------------------------------------------- search pages

function resultsFromState(ctx: ReadContext, adapter: SiteAdapter): SiteResult[] {
  const spec = adapter.stateResults;
  if (!spec) return [];
  const out: SiteResult[] = [];
  for (const item of ctx.values(spec.items)) {
    if (spec.where && !Object.entries(spec.where).every(([path, want]) => pathValues(item, path)[0] === want)) continue;
    const at = (path: string | undefined) => (path ? firstText(resolve(ctx.state, path, item)) : undefined);
    let url = at(spec.url);
    if (!url) continue;
    if (spec.urlTemplate) url = spec.urlTemplate.replace('{}', url);
    const priceRaw = spec.price ? resolve(ctx.state, spec.price, item)[0] : undefined;
    out.push(
      stripUndefined({
        url,
        title: at(spec.title),
        price: typeof priceRaw === 'number' ? priceRaw : undefined,
        priceText: typeof priceRaw === 'string' ? priceRaw : undefined,
        currency: at(spec.currency),
        seller: at(spec.seller),
        image: at(spec.image),
      }),
    );
  }
  return out;
}

function toSearchResult(r: SiteResult, base: string, hint: string | undefined): SearchResult | undefined {
  const abs = resolveUrl(r.url, base);
  if (!abs) return undefined;
  let url: string;
  try {
    url = canonicalUrl(abs);
  } catch {
    return undefined;
  }
  let price = r.price;
  let currency = r.currency ? (normaliseCurrency(r.currency) ?? currencyCode(r.currency)) : undefined;
  if (price === undefined && r.priceText) {
    const p = parsePrice(r.priceText, currency ?? hint);
    price = p.amount;
    currency ??= normaliseCurrency(p.currency);
  }
  if (price !== undefined) currency ??= hint;
  else currency = undefined;
  return stripUndefined({
    url,
    title: clean(r.title),
    price,
    currency,
    seller: clean(r.seller),
    sizeBytes: r.sizeBytes,
    seeders: r.seeders,
  });
}

/**
 * A search, channel or shop page's results: the site's code, else its state,
 * else the `results` selectors. Links are resolved, canonicalised and
 * de-duplicated; a state or code reader's next page wins over `nextPage`.
 */
export function extractSiteSearch(doc: PageDocument, adapter: SiteAdapter, type?: PageType): SearchPage {
  const pageType = type ?? pageTypeOf(adapter, doc) ?? 'search';
  const ctx = readContext(doc, adapter, pageType);
  const code: SiteSearch | undefined = adapter.read?.search?.(ctx);
  let raw = code?.results ?? [];
  if (raw.length === 0) raw = resultsFromState(ctx, adapter);
  if (raw.length === 0) {
    const dom = extractSearchResults(doc, adapter);
    return { ...dom, nextPageUrl: resolveNext(code?.nextPageUrl, doc.url) ?? dom.nextPageUrl };
  }
  const hint = (ctx.locale as SiteLocale | undefined)?.currency ?? adapter.currency;
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (const r of raw) {
    const res = toSearchResult(r, doc.url, hint);
    if (!res || seen.has(res.url)) continue;
    seen.add(res.url);
    results.push(res);
  }
  // The state or the site's code gave the results: of the cards' markup only the next-page link is read.
  const next = resolveNext(code?.nextPageUrl, doc.url) ?? searchNextPage(doc, adapter);
  return stripUndefined({ listingUrls: results.map((r) => r.url), nextPageUrl: next, results });
}

function resolveNext(href: string | undefined, base: string): string | undefined {
  const abs = resolveUrl(href, base);
  if (!abs) return undefined;
  try {
    const next = canonicalUrl(abs);
    return next === canonicalUrl(base) ? undefined : next;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- a whole page

/**
 * A page as the adapter sees it: a listing page's listing, a search page's
 * results. With no adapter for the host, a shared template's adapter is
 * tried (pirate streaming themes), then the generic extractor reads the page
 * as a listing. A page of a known site whose path is no page type (a home
 * page, a help page) gives nothing, unless the site's own data there names a
 * listing (a URL shape the adapter does not know yet).
 */
export function extractPage(
  doc: PageDocument,
  siteAdapter: SiteAdapter | undefined,
  meta: { fetchedAt: string; contentHash?: string },
): PageReading & { adapter?: SiteAdapter } {
  const adapter = siteAdapter ?? templateAdapter(doc);
  if (!adapter) return buildListing(doc, undefined, meta);
  const pageType = pageTypeOf(adapter, doc);
  if (pageType && !LISTING_PAGE_TYPES.includes(pageType)) {
    const search = extractSiteSearch(doc, adapter, pageType);
    return { adapter, pageType, search, siteData: (search.results?.length ?? search.listingUrls.length) > 0 };
  }
  if (pageType) return { adapter, pageType, ...buildListing(doc, adapter, meta, pageType) };
  const guess: PageType = adapter.kind === 'video' ? 'video' : 'product';
  if (!readSiteFields(doc, adapter, guess).title) return { adapter, siteData: false };
  return { adapter, pageType: guess, ...buildListing(doc, adapter, meta, guess) };
}
