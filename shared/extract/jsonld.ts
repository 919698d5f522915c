/**
 * schema.org JSON-LD, and the schema.org interpretation shared with microdata:
 * microdata items are turned into the same plain-object shape and read here.
 */
import { isIsoCurrency } from './currencies';
import type { DocNode } from './document';
import { parseLenientJson } from './lenient-json';
import { currencyCode, parsePrice } from './price';
import type { StructuredFields, StructuredSeller } from './structured';
import { clean, decodeEntities, parseCount, parseDuration, resolveUrl } from './values';

export type SchemaNode = Record<string, unknown>;

const PRODUCT_TYPES = new Set([
  'Product',
  'ProductGroup',
  'ProductModel',
  'IndividualProduct',
  'SomeProducts',
  'Vehicle',
  'Book',
]);
const VIDEO_TYPES = new Set(['VideoObject', 'Movie', 'TVEpisode', 'Episode', 'Clip', 'TVSeries', 'MovieSeries']);
/**
 * How much of one entity is read. A page can list 200,000 images or offers;
 * the first ones are the listing's, the rest only cost time.
 */
export const MAX_IMAGES = 50;
const MAX_OFFERS = 100;
const MAX_STATS = 50;
/** `{"@value": {"name": {"@value": …}}}` is followed this deep for a text, through this many values in all. */
const MAX_TEXT_DEPTH = 8;
const MAX_TEXT_VALUES = 200;

/** Properties not descended into when looking for the page's main entity. */
const SKIP_KEYS = new Set([
  'isRelatedTo',
  'isSimilarTo',
  'isAccessoryOrSparePartFor',
  'isConsumableFor',
  'review',
  'itemListElement',
]);

export function isObject(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}

/** `@type` names without the vocabulary prefix ("http://schema.org/Product" → "Product"). */
export function typesOf(node: SchemaNode): string[] {
  return asArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/#:]/, ''));
}

/**
 * The first text in a value (a string, a number, an object's @value or name).
 * Microdata items can share values, so the search has a budget, not just a depth.
 */
function text(v: unknown, depth = 0, budget = { left: MAX_TEXT_VALUES }): string | undefined {
  for (const item of asArray(v)) {
    if (--budget.left < 0) return undefined;
    if (typeof item === 'string') {
      const s = clean(decodeEntities(item));
      if (s) return s;
    } else if (typeof item === 'number' && Number.isFinite(item)) {
      return String(item);
    } else if (isObject(item) && depth < MAX_TEXT_DEPTH) {
      const s = text(item['@value'] ?? item['name'], depth + 1, budget);
      if (s) return s;
    }
  }
  return undefined;
}

function urlOf(v: unknown, base: string): string | undefined {
  for (const item of asArray(v)) {
    const s =
      typeof item === 'string' ? item : isObject(item) ? (item['url'] ?? item['contentUrl'] ?? item['@id']) : undefined;
    const u = typeof s === 'string' ? resolveUrl(s, base) : undefined;
    if (u) return u;
  }
  return undefined;
}

/** Image URLs, first MAX_IMAGES distinct ones (a Set: `includes` made 200,000 images take 90 s). */
function imagesOf(v: unknown, base: string, into = new Set<string>()): Set<string> {
  for (const item of asArray(v)) {
    const src = isObject(item) ? (item['url'] ?? item['contentUrl'] ?? item['thumbnailUrl']) : item;
    for (const s of asArray(src)) {
      if (into.size >= MAX_IMAGES) return into;
      const u = typeof s === 'string' ? resolveUrl(s, base) : undefined;
      if (u) into.add(u);
    }
  }
  return into;
}

/**
 * ISO 4217 code from "USD", "usd", "$", "元", "RMB"…; undefined when not
 * recognisable. Three letters that are no currency ("XYZ") are refused, not
 * passed on: the store and the FX table only know real codes.
 */
export function normaliseCurrency(v: string | undefined): string | undefined {
  const s = clean(v);
  if (!s) return undefined;
  const code = currencyCode(s) ?? currencyCode(s.toUpperCase());
  return code && isIsoCurrency(code) ? code : undefined;
}

function amountOf(v: unknown, currency: string | undefined): { amount?: number; currency?: string } {
  for (const item of asArray(v)) {
    if (typeof item === 'number' && Number.isFinite(item) && item >= 0) return { amount: item };
    const s = text(item);
    if (s) {
      const p = parsePrice(s, currency);
      if (p.amount !== undefined && p.amount >= 0) return p;
    }
  }
  return {};
}

/**
 * Everywhere a node can point at another by `{"@id": …}` alone. Walks keep a
 * `seen` set: a microdata item with `itemprop="a b"` is one object under two
 * keys, and nested twice at each level that makes the tree exponential.
 */
class Graph {
  private readonly byId = new Map<string, SchemaNode>();
  constructor(roots: unknown[]) {
    const seen = new Set<object>();
    const visit = (v: unknown, depth: number): void => {
      if (depth > 20 || typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
      else if (isObject(v)) {
        const id = v['@id'];
        if (typeof id === 'string' && Object.keys(v).length > 1 && !this.byId.has(id)) this.byId.set(id, v);
        for (const child of Object.values(v)) visit(child, depth + 1);
      }
    };
    roots.forEach((r) => visit(r, 0));
  }
  deref(v: unknown): unknown {
    if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1) return this.byId.get(v['@id']) ?? v;
    return v;
  }
  all(v: unknown): SchemaNode[] {
    return asArray(v)
      .map((x) => this.deref(x))
      .filter(isObject);
  }
}

/** All objects reachable from the roots, breadth first, so top-level entities come before nested ones. */
function breadthFirst(roots: unknown[]): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<SchemaNode>();
  let level: unknown[] = roots;
  for (let depth = 0; level.length > 0 && depth < 12; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      for (const item of asArray(v)) {
        if (!isObject(item) || seen.has(item)) continue;
        seen.add(item);
        out.push(item);
        for (const [k, child] of Object.entries(item))
          if (!SKIP_KEYS.has(k) && typeof child === 'object') next.push(child);
      }
    }
    level = next;
  }
  return out;
}

function sellerOf(v: unknown, graph: Graph, base: string): StructuredSeller | undefined {
  for (const item of asArray(v)) {
    const node = graph.deref(item);
    if (typeof node === 'string') {
      const name = clean(decodeEntities(node));
      if (name) return { name };
      continue;
    }
    if (!isObject(node)) continue;
    const address = graph.deref(node['address']);
    const location = isObject(address)
      ? [address['addressLocality'], address['addressRegion'], address['addressCountry']]
          .map((v) => text(v))
          .filter(Boolean)
          .join(', ')
      : text(address);
    const seller: StructuredSeller = {
      id:
        text(isObject(node['identifier']) ? node['identifier']['value'] : node['identifier']) ??
        text(node['alternateName']),
      name: text(node['name']) ?? text(node['legalName']),
      url: urlOf(node['url'], base),
      location: location || undefined,
    };
    if (seller.id || seller.name || seller.url) return seller;
  }
  return undefined;
}

interface OfferReading {
  amount?: number;
  currency?: string;
  seller?: StructuredSeller;
}

/** Offers, and the offers an AggregateOffer lists, up to MAX_OFFERS in all (not per level: 100 × 100 × 100). */
function readOffers(v: unknown, graph: Graph, base: string, depth = 0, budget = { left: MAX_OFFERS }): OfferReading[] {
  const out: OfferReading[] = [];
  for (const offer of graph.all(v)) {
    if (--budget.left < 0) break;
    const spec = graph.all(offer['priceSpecification'])[0];
    const currency = normaliseCurrency(text(offer['priceCurrency']) ?? (spec && text(spec['priceCurrency'])));
    const raw = offer['lowPrice'] ?? offer['price'] ?? spec?.['price'] ?? spec?.['minPrice'];
    const p = amountOf(raw, currency);
    const seller = sellerOf(offer['seller'] ?? offer['offeredBy'], graph, base);
    // An AggregateOffer may list the offers it aggregates.
    const inner =
      depth < 3 && offer['offers'] !== undefined ? readOffers(offer['offers'], graph, base, depth + 1, budget) : [];
    if (p.amount === undefined && inner.length > 0) {
      out.push(...inner.map((o) => ({ ...o, seller: o.seller ?? seller })));
      continue;
    }
    out.push({
      amount: p.amount,
      currency: currency ?? normaliseCurrency(p.currency) ?? inner.find((o) => o.currency)?.currency,
      seller: seller ?? inner.find((o) => o.seller)?.seller,
    });
  }
  return out;
}

function interactionCount(v: unknown, graph: Graph, kinds: RegExp): number | undefined {
  for (const stat of graph.all(v).slice(0, MAX_STATS)) {
    const type = stat['interactionType'];
    const name = isObject(type) ? (typesOf(type)[0] ?? text(type['@id'])) : text(type);
    if (name && kinds.test(name)) {
      const n = parseCount(
        typeof stat['userInteractionCount'] === 'number'
          ? stat['userInteractionCount']
          : text(stat['userInteractionCount']),
      );
      if (n !== undefined) return n;
    }
  }
  return undefined;
}

/** Read one schema.org entity (Product, VideoObject…) into structured fields. */
function readEntity(node: SchemaNode, graph: Graph, base: string, offerPool: SchemaNode[] = []): StructuredFields {
  const types = typesOf(node);
  const video = types.some((t) => VIDEO_TYPES.has(t));
  const offers = readOffers(node['offers'] ?? (!video && offerPool.length > 0 ? offerPool : undefined), graph, base);
  const priced = offers.filter((o) => o.amount !== undefined);
  const best = priced.reduce<OfferReading | undefined>(
    (a, o) => (a === undefined || (o.amount as number) < (a.amount as number) ? o : a),
    undefined,
  );
  const seller =
    best?.seller ??
    offers.find((o) => o.seller)?.seller ??
    sellerOf(node['seller'], graph, base) ??
    (video ? sellerOf(node['author'] ?? node['uploader'] ?? node['creator'], graph, base) : undefined);

  const images = [...imagesOf(node['thumbnailUrl'] ?? node['thumbnail'], base, imagesOf(node['image'], base))];

  const rawCount = node['interactionCount'];
  const views =
    interactionCount(node['interactionStatistic'], graph, /Watch|View|Play/i) ??
    (video ? parseCount(typeof rawCount === 'number' ? rawCount : text(rawCount)) : undefined);

  const brand = graph.deref(node['brand']);
  return {
    kind: video ? 'video' : 'product',
    title: text(node['name']) ?? text(node['headline']),
    description: text(node['description']),
    price: best?.amount,
    currency: best?.currency ?? offers.find((o) => o.currency)?.currency,
    images,
    seller,
    brand: isObject(brand) ? text(brand['name']) : text(brand),
    soldCount: interactionCount(node['interactionStatistic'], graph, /Buy|Order/i),
    views,
    durationSeconds: parseDuration(text(node['duration']) ?? text(node['timeRequired'])),
    url: urlOf(node['url'], base),
  };
}

/**
 * Fields from the page's main schema.org entity among `roots`: the first
 * Product (or video, when `prefer` is 'video') found breadth first.
 */
export function fieldsFromSchema(
  roots: unknown[],
  base: string,
  prefer: 'product' | 'video' = 'product',
): StructuredFields {
  const graph = new Graph(roots);
  const nodes = breadthFirst(roots);
  const products = nodes.filter((n) => typesOf(n).some((t) => PRODUCT_TYPES.has(t)));
  const videos = nodes.filter((n) => typesOf(n).some((t) => VIDEO_TYPES.has(t)));
  const main = prefer === 'video' ? (videos[0] ?? products[0]) : (products[0] ?? videos[0]);
  if (!main) return {};
  // An Offer that names the product via itemOffered rather than the other way round.
  const offerPool = nodes.filter((n) => typesOf(n).some((t) => t === 'Offer' || t === 'AggregateOffer'));
  return readEntity(main, graph, base, offerPool);
}

/**
 * Parse one JSON-LD block: strict JSON first, then leniently (comments,
 * single quotes, unquoted keys, trailing commas, NaN, several values in a
 * row…; see lenient-json.ts). Several values come back as an array. Throws a
 * SyntaxError when the block is broken beyond one clear reading, or holds no
 * object or array.
 */
export function parseJsonLd(source: string): unknown {
  const s = source
    .trim()
    .replace(/^<!--|-->$/g, '')
    .replace(/^\/\*\s*<!\[CDATA\[\s*\*\/|\/\*\s*\]\]>\s*\*\/$/g, '')
    .trim();
  try {
    return JSON.parse(s);
  } catch {
    const { values, damage } = parseLenientJson(s);
    // Comments, single quotes, NaN… have one reading; a broken string or bracket does not, and guessing could invent a
    // title.
    if (damage) throw new SyntaxError(`not JSON: ${damage}`);
    const entities = values.filter((v) => typeof v === 'object' && v !== null);
    if (entities.length === 0) throw new SyntaxError('no JSON object or array in the block');
    return entities.length === 1 ? entities[0] : entities;
  }
}

export interface JsonLdReading {
  blocks: unknown[];
  /** One line per block that could not be read and was dropped. */
  warnings: string[];
}

/** Every JSON-LD block on the page, parsed; a block that cannot be read is dropped and named in `warnings`. */
export function readJsonLd(root: DocNode): JsonLdReading {
  const blocks: unknown[] = [];
  const warnings: string[] = [];
  let n = 0;
  for (const script of root.find('script')) {
    const type = (script.attr('type') ?? '').toLowerCase().split(';')[0]?.trim();
    if (type !== 'application/ld+json') continue;
    n++;
    try {
      blocks.push(parseJsonLd(script.rawText()));
    } catch (err) {
      // A broken block must not fail the page; the listing says it was dropped.
      warnings.push(`JSON-LD block ${n} dropped: ${err instanceof SyntaxError ? err.message : 'unreadable'}`);
    }
  }
  return { blocks, warnings };
}
