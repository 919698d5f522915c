import type { SiteAdapter } from './adapter';

/**
 * Shopee (shopee.sg, .com.my, .co.id, .co.th, .vn, .ph, .tw, .com.br,
 * .com.mx, .cl, .com.co). Built from the documented structure, no saved page
 * here. An app shell (`<div id="main">` and scripts): item data comes from
 * the /api/v4 endpoints after JavaScript runs, so every page is fetched with
 * a browser; the rendered item page carries JSON-LD Product (name, offers,
 * brand, image) and the shop link (`/shop/<id>`). Item URLs end
 * `-i.<shopid>.<itemid>`.
 */
export const adapter: SiteAdapter = {
  id: 'shopee',
  name: 'Shopee',
  kind: 'marketplace',
  hosts: ['shopee.*', '*.shopee.*'],
  defaultOrigin: 'https://shopee.sg',
  locales: [
    { id: 'sg', origin: 'https://shopee.sg', currency: 'SGD' },
    { id: 'my', origin: 'https://shopee.com.my', currency: 'MYR' },
    { id: 'id', origin: 'https://shopee.co.id', currency: 'IDR' },
    { id: 'th', origin: 'https://shopee.co.th', currency: 'THB' },
    { id: 'vn', origin: 'https://shopee.vn', currency: 'VND' },
    { id: 'ph', origin: 'https://shopee.ph', currency: 'PHP' },
    { id: 'tw', origin: 'https://shopee.tw', currency: 'TWD' },
    { id: 'br', origin: 'https://shopee.com.br', currency: 'BRL' },
    { id: 'mx', origin: 'https://shopee.com.mx', currency: 'MXN' },
    { id: 'cl', origin: 'https://shopee.cl', currency: 'CLP' },
    { id: 'co', origin: 'https://shopee.com.co', currency: 'COP' },
  ],
  searchPath: '/search?keyword={query}&page={page}',
  firstPage: 0,
  listingPathPattern: String.raw`^/(?:[^/?#]*-i\.\d+\.\d+|product/\d+/\d+)`,
  searchPathPattern: String.raw`^/search\?`,
  pages: [
    { type: 'product', path: String.raw`^/(?:[^/?#]*-i\.\d+\.\d+|product/\d+/\d+)` },
    { type: 'search', path: String.raw`^/search\?` },
    { type: 'shop', path: String.raw`^/shop/\d+` },
  ],
  needsBrowser: true,
  results: {
    item: '.shopee-search-item-result__item, [data-sqe="item"]',
    link: { selector: 'a[href*="-i."]', attr: 'href' },
    title: { selector: '[data-sqe="name"]' },
  },
  fields: {},
  select: { sellerUrl: [{ selector: 'a[href*="/shop/"]', attr: 'href' }] },
  titleBoilerplate: [String.raw`\s*\|\s*Shopee.*$`],
  dataMarkers: ['script[type="application/ld+json"]', '[data-sqe="item"]'],
  unverified: true,
};
