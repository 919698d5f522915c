/**
 * Generic structured-data extraction over a PageDocument: schema.org JSON-LD,
 * microdata, OpenGraph / <meta>, <link rel=canonical> and <title>. Works on any
 * page, with or without a site adapter.
 */
import type { ListingKind } from '../model/listing';
import type { PageDocument } from './document';
import { fieldsFromSchema, readJsonLd } from './jsonld';
import { extractMicrodata } from './microdata';
import { extractOpenGraph, htmlTitle, linkCanonical } from './opengraph';

export interface StructuredSeller {
  id?: string;
  name?: string;
  url?: string;
  location?: string;
}

/** What one source says about the listing. Every field may be missing. */
export interface StructuredFields {
  kind?: ListingKind;
  title?: string;
  description?: string;
  price?: number;
  /** ISO 4217 code. */
  currency?: string;
  /** Absolute URLs. */
  images?: string[];
  seller?: StructuredSeller;
  brand?: string;
  soldCount?: number;
  views?: number;
  durationSeconds?: number;
  /** The URL the source gives for the listing (absolute). */
  url?: string;
}

export interface StructuredData {
  jsonld: StructuredFields;
  microdata: StructuredFields;
  opengraph: StructuredFields;
  /** <link rel=canonical>, absolute. */
  canonical?: string;
  /** The document's <title>. */
  htmlTitle?: string;
  /** What could not be read and was left out (a JSON-LD block that is not JSON…). */
  warnings: string[];
  /**
   * JSON-LD, then microdata, then OpenGraph, field by field. `url` prefers
   * <link rel=canonical>. The <title> is not folded in (see `htmlTitle`).
   */
  merged: StructuredFields;
}

export interface StructuredOptions {
  /** Which main entity to read when a page has both a Product and a video. */
  prefer?: ListingKind;
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

/** Field-by-field merge: the first source that has a field wins it. */
export function mergeFields(...sources: StructuredFields[]): StructuredFields {
  const pick = <K extends keyof StructuredFields>(k: K): StructuredFields[K] => firstDefined(sources.map((s) => s[k]));
  // Price and currency travel together: take the currency of the source that gave the price.
  const priced = sources.find((s) => s.price !== undefined);
  const seller: StructuredSeller = {
    id: firstDefined(sources.map((s) => s.seller?.id)),
    name: firstDefined(sources.map((s) => s.seller?.name)),
    url: firstDefined(sources.map((s) => s.seller?.url)),
    location: firstDefined(sources.map((s) => s.seller?.location)),
  };
  const hasSeller = Object.values(seller).some((v) => v !== undefined);
  return {
    kind: pick('kind'),
    title: pick('title'),
    description: pick('description'),
    price: priced?.price,
    currency: priced?.currency ?? pick('currency'),
    images: sources.find((s) => (s.images?.length ?? 0) > 0)?.images ?? [],
    seller: hasSeller ? seller : undefined,
    brand: pick('brand'),
    soldCount: pick('soldCount'),
    views: pick('views'),
    durationSeconds: pick('durationSeconds'),
    url: pick('url'),
  };
}

export function extractStructured(doc: PageDocument, options: StructuredOptions = {}): StructuredData {
  const prefer = options.prefer ?? 'product';
  const { blocks, warnings } = readJsonLd(doc.root);
  const jsonld = fieldsFromSchema(blocks, doc.url, prefer);
  const microdata = extractMicrodata(doc, prefer);
  const opengraph = extractOpenGraph(doc);
  const canonical = linkCanonical(doc);
  const merged = mergeFields(jsonld, microdata, opengraph);
  if (canonical) merged.url = canonical;
  return { jsonld, microdata, opengraph, canonical, htmlTitle: htmlTitle(doc), merged, warnings };
}
