/**
 * The adapter interpreter: one Listing from a page. Structured data first
 * (JSON-LD, microdata, OpenGraph); the site adapter's selectors fill the gaps,
 * and win for seller fields, which structured data rarely carries.
 */
import { listingSchema, type Listing, type Seller } from '../model/listing';
import type { AdapterField, FieldSelector, SiteAdapter } from '../sites/adapter';
import { cleanStrings } from '../text';
import { isIsoCurrency } from './currencies';
import type { DocNode, PageDocument } from './document';
import { MAX_IMAGES, normaliseCurrency } from './jsonld';
import { parsePrice } from './price';
import { extractStructured } from './structured';
import { clean, parseCount, parseDuration, resolveUrl, storableText } from './values';

export class ExtractionError extends Error {
  override name = 'ExtractionError';
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
  }
}

/** Query parameters that only track the visitor or the click. */
const TRACKING_PARAMS = new Set([
  'spm',
  'scm',
  'spm_id_from',
  'from_spmid',
  'pvid',
  'algo_pvid',
  'algo_expid',
  'scm_id',
  'trackinfo',
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'ttclid',
  'twclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  's_kwcid',
  'ef_id',
  'srsltid',
  'ref',
  'ref_',
  'ref_src',
  'ref_url',
  'referer',
  'referrer',
  'trk',
  'trkinfo',
  '_trksid',
  '_trkparms',
  'vd_source',
  'share_source',
  'share_medium',
  'share_from',
  'share_token',
  'si',
  'cmpid',
  'wt.mc_id',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

function isTracking(rawKey: string): boolean {
  let key = rawKey;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    // keep the raw key
  }
  key = key.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * Canonical form of a URL: absolute (against `base`), lower-case host, no
 * fragment, tracking parameters (utm_*, spm, fbclid, gclid, ref, scm…) removed,
 * the remaining parameters sorted by name (original encoding kept).
 * Throws a TypeError on a URL that cannot be parsed.
 */
export function canonicalUrl(url: string, base?: string): string {
  const u = new URL(url.trim(), base);
  u.hash = '';
  const pairs = u.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && !isTracking(p.split('=')[0] ?? ''));
  const keyed = pairs.map((p, i) => ({ p, key: p.split('=')[0] ?? '', i }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  u.search = keyed.length > 0 ? `?${keyed.map((k) => k.p).join('&')}` : '';
  return u.href;
}

// ---------------------------------------------------------------- selectors

/**
 * Values of a field selector, in document order. `fallbackAttr` is read when the selector names no attribute and the
 * element has it.
 */
function readAll(root: DocNode, sel: FieldSelector, fallbackAttrs: string[] = []): string[] {
  const out: string[] = [];
  // An empty selector means the node itself (a search result that is the link).
  const nodes = sel.selector.trim() === '' ? [root] : root.find(sel.selector);
  for (const node of nodes) {
    let v: string | undefined;
    if (sel.attr) v = clean(node.attr(sel.attr));
    else {
      for (const a of fallbackAttrs) {
        v = clean(node.attr(a));
        if (v && !v.startsWith('data:')) break;
        v = undefined;
      }
      v ??= clean(node.text());
    }
    if (v !== undefined) {
      out.push(v);
      if (!sel.all) break;
    }
  }
  return out;
}

function readOne(root: DocNode, sel: FieldSelector | undefined, fallbackAttrs: string[] = []): string | undefined {
  return sel ? readAll(root, { ...sel, all: false }, fallbackAttrs)[0] : undefined;
}

function adapterField(
  doc: PageDocument,
  adapter: SiteAdapter | undefined,
  field: AdapterField,
  fallbackAttrs: string[] = [],
): string | undefined {
  return readOne(doc.root, adapter?.fields[field], fallbackAttrs);
}

const IMAGE_ATTRS = ['src', 'data-src', 'data-original', 'data-lazy-src', 'content', 'href'];
const LINK_ATTRS = ['href', 'content'];

// ---------------------------------------------------------------- listing

function hostKey(host: string): string {
  return host.toLowerCase().replace(/^(www|m|mobile)\./, '');
}

/** Accept a page's declared canonical URL only when it plausibly names this same page. */
function trustedCanonical(
  declared: string | undefined,
  pageUrl: URL,
  adapter: SiteAdapter | undefined,
): string | undefined {
  if (!declared) return undefined;
  let u: URL;
  try {
    u = new URL(declared);
  } catch {
    return undefined;
  }
  const a = hostKey(u.hostname);
  const b = hostKey(pageUrl.hostname);
  const sameSite =
    a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`) || (adapter?.hosts ?? []).some((h) => hostKey(h) === a);
  if (!sameSite) return undefined;
  // A canonical pointing at the home page is a template default, not this listing.
  if (u.pathname === '/' && pageUrl.pathname !== '/' && u.search === '') return undefined;
  return u.href;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Longest text kept per field. Real titles stay under a few hundred characters;
 * a page's whole text as its "title" would only slow matching and the store.
 */
const MAX_TITLE = 1_000;
const MAX_DESCRIPTION = 20_000;
const MAX_SELLER_FIELD = 500;
const MAX_IMAGE_URL = 4_096;

function capText(s: string | undefined, max: number): string | undefined {
  if (s === undefined || s.length <= max) return s;
  // storableText: a cut through a surrogate pair leaves half a character.
  return storableText(s.slice(0, max)).trimEnd();
}

/** Fields a listing is still worth keeping without: one absurd value drops that field, not the listing. */
const OPTIONAL_FIELDS = new Set([
  'description',
  'price',
  'currency',
  'seller',
  'images',
  'soldCount',
  'views',
  'durationSeconds',
  'contentHash',
]);

/**
 * One Listing from a page, or an ExtractionError saying why not (never
 * another error: a page that cannot be read is not worth a retry).
 */
export function extractListing(
  doc: PageDocument,
  adapter: SiteAdapter | undefined,
  meta: { fetchedAt: string; contentHash?: string },
): Listing {
  try {
    return readListing(doc, adapter, meta);
  } catch (err) {
    // Stack overflow, or a string or array too large for the engine: the page is hostile, not the request unlucky.
    if (err instanceof RangeError)
      throw new ExtractionError(`page too large or too deeply nested to read (${err.message}) on ${doc.url}`, doc.url);
    throw err;
  }
}

function readListing(
  doc: PageDocument,
  adapter: SiteAdapter | undefined,
  meta: { fetchedAt: string; contentHash?: string },
): Listing {
  let pageUrl: URL;
  try {
    pageUrl = new URL(doc.url);
  } catch {
    throw new ExtractionError(`invalid page URL ${JSON.stringify(doc.url)}`, doc.url);
  }
  const videoSite = adapter?.kind === 'video';
  const sd = extractStructured(doc, { prefer: videoSite ? 'video' : 'product' });
  const s = sd.merged;
  const field = (name: AdapterField, attrs?: string[]) => adapterField(doc, adapter, name, attrs);

  const title = capText(s.title ?? clean(field('title')) ?? sd.htmlTitle, MAX_TITLE);
  if (!title) throw new ExtractionError(`no title found on ${doc.url}`, doc.url);

  // Price: structured first; the adapter's price text fills the gap.
  const adapterCurrencyText = field('currency');
  const adapterCurrency = adapterCurrencyText
    ? (normaliseCurrency(adapterCurrencyText) ?? normaliseCurrency(parsePrice(adapterCurrencyText).currency))
    : undefined;
  let price = s.price;
  let currency = s.currency;
  if (price === undefined) {
    const text = field('price', ['content']);
    const parsed = text ? parsePrice(text, currency ?? adapterCurrency) : {};
    if (parsed.amount !== undefined && parsed.amount >= 0) {
      price = parsed.amount;
      currency = currency ?? adapterCurrency ?? normaliseCurrency(parsed.currency);
    }
  }
  currency ??= adapterCurrency;
  if (currency !== undefined && !isIsoCurrency(currency)) currency = normaliseCurrency(currency);

  // Seller: adapter selectors win, structured data fills.
  const seller: Seller = stripUndefined({
    id: capText(clean(field('sellerId')) ?? s.seller?.id, MAX_SELLER_FIELD),
    name: capText(clean(field('sellerName')) ?? s.seller?.name, MAX_SELLER_FIELD),
    url: resolveUrl(field('sellerUrl', LINK_ATTRS), doc.url) ?? s.seller?.url,
    location: capText(clean(field('sellerLocation')) ?? s.seller?.location, MAX_SELLER_FIELD),
  });

  let images = (s.images ?? []).map((i) => resolveUrl(i, doc.url)).filter((i): i is string => i !== undefined);
  if (images.length === 0 && adapter?.fields.images) {
    images = readAll(doc.root, adapter.fields.images, IMAGE_ATTRS)
      .map((i) => resolveUrl(i, doc.url))
      .filter((i): i is string => i !== undefined);
  }
  images = [...new Set(images)].filter((i) => i.length <= MAX_IMAGE_URL).slice(0, MAX_IMAGES);

  const declared = resolveUrl(field('canonical', LINK_ATTRS), doc.url) ?? s.url;
  const url = canonicalUrl(trustedCanonical(declared, pageUrl, adapter) ?? pageUrl.href);

  const candidate = stripUndefined({
    url,
    site: adapter?.id ?? pageUrl.hostname.toLowerCase(),
    kind: videoSite || s.kind === 'video' ? 'video' : 'product',
    title,
    description: capText(s.description ?? clean(field('description')), MAX_DESCRIPTION),
    price,
    currency,
    seller: Object.keys(seller).length > 0 ? seller : undefined,
    brand: capText(clean(s.brand), MAX_SELLER_FIELD),
    images,
    soldCount: s.soldCount ?? parseCount(field('soldCount')),
    views: s.views ?? parseCount(field('views')),
    durationSeconds: s.durationSeconds ?? parseDuration(field('duration', ['content', 'datetime'])),
    fetchedAt: meta.fetchedAt,
    contentHash: meta.contentHash,
  });
  return validListing(cleanStrings(candidate), sd.warnings, doc.url);
}

/**
 * The candidate as a Listing. A field that fails validation is dropped and
 * named in extractionWarnings when the listing can do without it (a sold
 * count past 2^53 must not let a seller hide the listing); otherwise the page
 * gives an ExtractionError.
 */
function validListing(candidate: Record<string, unknown>, readWarnings: string[], url: string): Listing {
  const warnings = [...readWarnings];
  let parsed = listingSchema().safeParse(candidate);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
    if ([...fields].every((f) => OPTIONAL_FIELDS.has(f))) {
      const kept = { ...candidate };
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (field in kept) warnings.push(`${field} dropped: ${issue.message}`);
        delete kept[field];
      }
      parsed = listingSchema().safeParse(kept);
    }
  }
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ExtractionError(`invalid listing on ${url}: ${problems}`, url);
  }
  const listing = stripUndefined(parsed.data);
  // Warnings quote the page (a JSON key), so they are cleaned like every other string.
  return warnings.length > 0 ? { ...listing, extractionWarnings: cleanStrings(warnings) } : listing;
}

// ---------------------------------------------------------------- search pages

export interface SearchResult {
  url: string;
  title?: string;
  price?: number;
  currency?: string;
  /** The seller or shop the result card (or the page's state) names. */
  seller?: string;
  /** A torrent index's result: the size of what it shares, in bytes, and how many peers seed it. */
  sizeBytes?: number;
  seeders?: number;
}

export interface SearchPage {
  listingUrls: string[];
  nextPageUrl?: string;
  /** The same results with what the result card shows, when the adapter says where. */
  results?: SearchResult[];
}

/** Results read from one search page: real ones show 20 to 100; 20,000 would only cost time. */
const MAX_RESULTS = 1_000;

function pathMatcher(source: string | undefined): ((u: URL) => boolean) | undefined {
  if (!source) return undefined;
  try {
    const re = new RegExp(source);
    return (u) => re.test(u.pathname + u.search);
  } catch {
    return undefined;
  }
}

/**
 * Listing links and the next-page link of a search page. Links are resolved,
 * canonicalised and de-duplicated; links that do not match the adapter's
 * `listingPathPattern` (ads, shop links) are dropped.
 */
export function extractSearchResults(doc: PageDocument, adapter: SiteAdapter): SearchPage {
  const isListing = pathMatcher(adapter.listingPathPattern);
  const results: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of doc.root.find(adapter.results.item).slice(0, MAX_RESULTS)) {
    const href = readOne(item, adapter.results.link, ['href']);
    const abs = resolveUrl(href, doc.url);
    if (!abs) continue;
    if (isListing && !isListing(new URL(abs))) continue;
    const url = canonicalUrl(abs);
    if (seen.has(url)) continue;
    seen.add(url);
    const title = clean(readOne(item, adapter.results.title));
    const priceText = readOne(item, adapter.results.price, ['content']);
    const p = priceText ? parsePrice(priceText) : {};
    results.push(stripUndefined({ url, title, price: p.amount, currency: normaliseCurrency(p.currency) }));
  }

  const nextPageUrl = searchNextPage(doc, adapter);
  return stripUndefined({
    listingUrls: results.map((r) => r.url),
    nextPageUrl,
    results,
  });
}

/** The next results page a search page links (the adapter's `nextPage`, else a rel=next link), if not itself. */
export function searchNextPage(doc: PageDocument, adapter: SiteAdapter): string | undefined {
  let next = resolveUrl(readOne(doc.root, adapter.nextPage, ['href']), doc.url);
  if (!next) {
    for (const link of doc.root.find('link[rel], a[rel]')) {
      if ((link.attr('rel') ?? '').toLowerCase().split(/\s+/).includes('next')) {
        next = resolveUrl(link.attr('href'), doc.url);
        if (next) break;
      }
    }
  }
  const nextPageUrl = next ? canonicalUrl(next) : undefined;
  let here: string | undefined;
  try {
    here = canonicalUrl(doc.url);
  } catch {
    here = undefined;
  }
  return nextPageUrl !== here ? nextPageUrl : undefined;
}
