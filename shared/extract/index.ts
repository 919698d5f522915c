export * from './document';
export * from './price';
export {
  extractStructured,
  mergeFields,
  type StructuredData,
  type StructuredFields,
  type StructuredOptions,
  type StructuredSeller,
} from './structured';
export { extractJsonLd, jsonLdBlocks, parseJsonLd, normaliseCurrency } from './jsonld';
export { extractMicrodata, microdataItems } from './microdata';
export { extractOpenGraph, metaTags, linkCanonical, htmlTitle } from './opengraph';
export { parseCount, parseDuration, resolveUrl } from './values';
export {
  ExtractionError,
  extractListing,
  extractSearchResults,
  canonicalUrl,
  type SearchPage,
  type SearchResult,
} from './listing';
