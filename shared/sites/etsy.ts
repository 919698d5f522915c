import type { SiteAdapter } from './adapter';

/**
 * Etsy (etsy.com, with a locale path prefix such as /es/ or /de/). Listing
 * pages carry JSON-LD Product (name, image, offers in the visitor's
 * currency); its `brand` is the shop, not a rights holder, so it is read as
 * the seller, with the shop link (`/shop/Name`). The `product:price` meta tags
 * give the shop's own currency and are not used. Search pages list
 * `[data-listing-id]` cards (`a.listing-link`, `h3`, `.currency-value`) and
 * carry a JSON-LD ItemList. Etsy sits behind DataDome.
 */
const LOCALE = String.raw`(?:[a-z]{2}(?:-[a-z]{2})?/)?`;

export const adapter: SiteAdapter = {
  id: 'etsy',
  name: 'Etsy',
  kind: 'marketplace',
  hosts: ['etsy.com', '*.etsy.com'],
  defaultOrigin: 'https://www.etsy.com',
  searchPath: '/search?q={query}&page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/${LOCALE}listing/\d+`,
  searchPathPattern: String.raw`^/${LOCALE}search\?`,
  pages: [
    { type: 'product', path: String.raw`^/${LOCALE}listing/\d+` },
    { type: 'shop', path: String.raw`^/${LOCALE}shop/[^/?#]+` },
    { type: 'search', path: String.raw`^/${LOCALE}(?:search|c/)` },
  ],
  results: {
    item: '[data-listing-id]',
    link: { selector: 'a.listing-link, a[href*="/listing/"]', attr: 'href' },
    title: { selector: 'h3, h2' },
    price: { selector: '.n-listing-card__price .currency-value, .lc-price .currency-value, .currency-value' },
  },
  nextPage: { selector: 'a[rel="next"], a[data-clg-id="WtPagination"][aria-label*="Next"]', attr: 'href' },
  fields: {},
  select: {
    title: [{ selector: 'h1[data-buy-box-listing-title]' }, { selector: '[data-buy-box-listing-title]' }],
    sellerName: [{ selector: '[data-shop-name]', attr: 'data-shop-name' }, { selector: 'a[href*="/shop/"][href*="simple-shop-header-name"]' }],
    sellerUrl: [{ selector: 'a[href*="/shop/"]', attr: 'href' }],
  },
  brandIsSeller: true,
  read: {
    listing(ctx) {
      // The shop's name is the path segment of its link (the JSON-LD "brand" says the same).
      const href = ctx.doc.root.find('a[href*="/shop/"]')[0]?.attr('href');
      const m = href ? /\/shop\/([^/?#]+)/.exec(href) : null;
      return m ? { seller: { name: decodeURIComponent(m[1]!), url: href!.replace(/\?.*$/, '') } } : undefined;
    },
  },
  titleBoilerplate: [String.raw`\s*[-|]\s*Etsy(?:\s+[A-Za-zÀ-ÿ]+)?\s*$`],
  dataMarkers: ['script[type="application/ld+json"]', '[data-buy-box-listing-title]', '[data-listing-id]'],
  unavailableMarkers: [{ selector: '[data-appears-component-name="listing_unavailable"]' }, { selector: '.listing-unavailable' }],
};
