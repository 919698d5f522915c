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
  // The buy box shows the price with tax where it applies: only when JSON-LD has no offer.
  fields: {
    price: {
      selector: '[data-buy-box-region="price"] p.wt-text-title-03, [data-selector="price-only"] .currency-value',
    },
  },
  select: {
    title: [{ selector: 'h1[data-buy-box-listing-title]' }, { selector: '[data-buy-box-listing-title]' }],
    sellerName: [
      { selector: '[data-shop-name]', attr: 'data-shop-name' },
      { selector: 'a[href*="/shop/"][href*="simple-shop-header-name"]' },
    ],
    sellerUrl: [{ selector: 'a[href*="/shop/"]', attr: 'href' }],
  },
  brandIsSeller: true,
  state: { ld: { script: 'script[type="application/ld+json"]' } },
  read: {
    listing(ctx) {
      // The JSON-LD "brand" is the shop's name; its link is /shop/<name>. Without JSON-LD, the first shop link.
      const brand = ctx.text('ld:brand.name | ld:brand | ld:[0].brand.name | ld:[0].brand');
      const links = ctx.doc.root.find('a[href*="/shop/"]').map((a) => a.attr('href') ?? '');
      const shopOf = (href: string) => {
        const m = /\/shop\/([^/?#]+)/.exec(href);
        return m ? decodeURIComponent(m[1]!) : undefined;
      };
      const href =
        (brand ? links.find((h) => shopOf(h) === brand) : undefined) ??
        (brand ? undefined : links.find((h) => shopOf(h)));
      const name = brand ?? (href ? shopOf(href) : undefined);
      return name ? { seller: { name, url: href?.replace(/\?.*$/, '') } } : undefined;
    },
  },
  titleBoilerplate: [String.raw`\s*[-|]\s*Etsy(?:\s+[A-Za-zÀ-ÿ]+)?\s*$`],
  dataMarkers: ['script[type="application/ld+json"]', '[data-buy-box-listing-title]', '[data-listing-id]'],
  unavailableMarkers: [
    { selector: '[data-appears-component-name="listing_unavailable"]' },
    { selector: '.listing-unavailable' },
  ],
};
