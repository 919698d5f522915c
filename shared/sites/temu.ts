import type { SiteAdapter } from './adapter';

/**
 * Temu (www.temu.com and its country paths /uk/, /de/…). Built from the
 * documented structure, no saved page here. An app shell: the HTML a crawler
 * gets has no product data (and Temu often answers it with a verification
 * page), so every page is fetched with a browser. The rendered product page
 * carries JSON-LD Product (name, offers, brand) and OpenGraph; the shop
 * (`-m-<id>.html`) is linked from the page.
 */
export const adapter: SiteAdapter = {
  id: 'temu',
  name: 'Temu',
  kind: 'marketplace',
  hosts: ['temu.com', '*.temu.com'],
  defaultOrigin: 'https://www.temu.com',
  searchPath: '/search_result.html?search_key={query}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:[a-z]{2}(?:-[a-z]{2})?/)?[^/?#]*-g-\d+\.html`,
  searchPathPattern: String.raw`^/(?:[a-z]{2}(?:-[a-z]{2})?/)?search_result\.html`,
  pages: [
    { type: 'product', path: String.raw`^/(?:[a-z]{2}(?:-[a-z]{2})?/)?[^/?#]*-g-\d+\.html` },
    { type: 'shop', path: String.raw`^/(?:[a-z]{2}(?:-[a-z]{2})?/)?[^/?#]*-m-\d+\.html` },
    { type: 'search', path: String.raw`^/(?:[a-z]{2}(?:-[a-z]{2})?/)?search_result\.html` },
  ],
  needsBrowser: true,
  results: {
    item: '[data-tooltip-title], ._6q6qVUF5',
    link: { selector: 'a[href*="-g-"]', attr: 'href' },
    title: { selector: 'h2, [data-tooltip-title]', attr: 'data-tooltip-title' },
  },
  fields: {},
  select: {
    sellerName: [{ selector: 'a[href*="-m-"] h2' }, { selector: 'a[href*="-m-"]' }],
    sellerUrl: [{ selector: 'a[href*="-m-"]', attr: 'href' }],
  },
  titleBoilerplate: [String.raw`\s*-\s*Temu.*$`, String.raw`\s*\|\s*Temu.*$`],
  dataMarkers: ['script[type="application/ld+json"]', 'a[href*="-g-"]'],
  unverified: true,
};
