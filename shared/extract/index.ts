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
  canonicalUrl,
  // Structured data and the adapter's legacy selectors alone (what the site readers build on).
  extractListing as extractGenericListing,
  extractSearchResults as extractSelectorResults,
  type SearchPage,
  type SearchResult,
} from './listing';
// The adapter interpreter: the site's own data (embedded state, selectors, code) over structured data.
export {
  extractSiteListing as extractListing,
  extractSiteSearch as extractSearchResults,
  extractPage,
  readSiteFields,
  type PageReading,
  type SiteListing,
} from './site-page';
