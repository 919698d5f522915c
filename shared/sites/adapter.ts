/**
 * A site adapter is data: where a site's search and listing pages are and how
 * to read the fields that structured data (JSON-LD, microdata, OpenGraph) does
 * not give. One file per site in this folder; the file name is the site id.
 */
export interface FieldSelector {
  /** CSS selector, relative to the page (or to a search result). */
  selector: string;
  /** Read this attribute instead of the text. */
  attr?: string;
  /** Take every match (images), not only the first. */
  all?: boolean;
}

export interface SiteAdapter {
  id: string;
  name: string;
  kind: 'marketplace' | 'video';
  /** Host names this adapter reads; the extension's match patterns come from them. */
  hosts: string[];
  /** Origin swept when none is given on the command line. */
  defaultOrigin: string;
  /** Search page path with `{query}` and `{page}` placeholders. */
  searchPath: string;
  firstPage: number;
  /** Path patterns (regexp sources, matched against URL path + query). */
  listingPathPattern: string;
  searchPathPattern: string;
  /** On a search page: one element per result, and the link inside it. */
  results: { item: string; link: FieldSelector; title?: FieldSelector; price?: FieldSelector };
  /** Link to the next search page. */
  nextPage?: FieldSelector;
  /** Selectors that fill what structured data leaves empty. */
  fields: Partial<Record<AdapterField, FieldSelector>>;
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

export type AdapterField =
  | 'title'
  | 'description'
  | 'price'
  | 'currency'
  | 'sellerId'
  | 'sellerName'
  | 'sellerUrl'
  | 'sellerLocation'
  | 'images'
  | 'soldCount'
  | 'views'
  | 'duration'
  | 'canonical';
