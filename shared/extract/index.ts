export * from './document';
export * from './price';
export { extractStructured } from './structured';
export { microdataItems } from './microdata';
export { parseCount, parseDuration } from './values';
export {
  ExtractionError,
  canonicalUrl,
  // Structured data and the adapter's legacy selectors alone (what the site readers build on).
  type SearchResult,
} from './listing';
// The adapter interpreter: the site's own data (embedded state, selectors, code) over structured data.
export { extractSiteListing as extractListing, extractSiteSearch as extractSearchResults } from './site-page';
