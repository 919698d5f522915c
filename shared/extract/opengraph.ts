/**
 * OpenGraph and plain <meta> tags, <link rel=canonical> and <title>.
 */
import type { DocNode, PageDocument } from './document';
import { normaliseCurrency } from './jsonld';
import { parsePrice } from './price';
import type { StructuredFields } from './structured';
import { clean, parseCount, parseDuration, resolveUrl } from './values';

/** Every <meta property|name=… content=…>, keys lower-cased, values in page order. */
export function metaTags(root: DocNode): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const meta of root.find('meta')) {
    const key = (meta.attr('property') ?? meta.attr('name') ?? '').trim().toLowerCase();
    const content = clean(meta.attr('content'));
    if (!key || content === undefined) continue;
    const list = out.get(key);
    if (list) list.push(content);
    else out.set(key, [content]);
  }
  return out;
}

export function extractOpenGraph(doc: PageDocument): StructuredFields {
  const tags = metaTags(doc.root);
  const get = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = tags.get(k)?.[0];
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const images: string[] = [];
  const imageKeys =
    tags.has('og:image') || tags.has('og:image:url')
      ? ['og:image', 'og:image:url']
      : ['twitter:image', 'twitter:image:src'];
  for (const k of imageKeys) {
    for (const v of tags.get(k) ?? []) {
      const u = resolveUrl(v, doc.url);
      if (u && !images.includes(u)) images.push(u);
    }
  }

  const ogType = get('og:type')?.toLowerCase();
  const kind =
    ogType === undefined
      ? undefined
      : ogType.startsWith('video')
        ? 'video'
        : /product/.test(ogType)
          ? 'product'
          : undefined;

  const currency = normaliseCurrency(get('product:price:currency', 'og:price:currency', 'product:sale_price:currency'));
  const rawPrice = get('product:price:amount', 'og:price:amount', 'product:sale_price:amount');
  const price = rawPrice === undefined ? {} : parsePrice(rawPrice, currency);

  return {
    kind,
    title: get('og:title', 'twitter:title'),
    description: get('og:description', 'twitter:description', 'description'),
    price: price.amount !== undefined && price.amount >= 0 ? price.amount : undefined,
    currency: currency ?? normaliseCurrency(price.currency),
    images,
    brand: get('product:brand', 'og:brand'),
    durationSeconds: parseDuration(get('og:video:duration', 'video:duration')),
    views: parseCount(get('og:video:views', 'video:views')),
    url: resolveUrl(get('og:url'), doc.url),
  };
}

/** <link rel=canonical href=…>, absolute. */
export function linkCanonical(doc: PageDocument): string | undefined {
  for (const link of doc.root.find('link[rel]')) {
    const rels = (link.attr('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('canonical')) {
      const u = resolveUrl(link.attr('href'), doc.url);
      if (u) return u;
    }
  }
  return undefined;
}

/** The document's <title>. */
export function htmlTitle(doc: PageDocument): string | undefined {
  for (const t of doc.root.find('title')) {
    // Skip <title> inside inline SVG.
    if (ancestorTag(t, 'svg')) continue;
    const s = clean(t.text());
    if (s) return s;
  }
  return undefined;
}

function ancestorTag(node: DocNode, tag: string): boolean {
  for (let p = node.parent(), n = 0; p && n < 200; p = p.parent(), n++) if (p.tag() === tag) return true;
  return false;
}
