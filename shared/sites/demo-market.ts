import type { SiteAdapter } from './adapter';

/**
 * The generated demo marketplace (demo/). Shares 127.0.0.1 with
 * demo-video, so its paths (/search, /item/…) never overlap with that site's.
 */
export const adapter: SiteAdapter = {
  id: 'demo-market',
  name: 'DemoMarket 集市 (generated demo marketplace)',
  kind: 'marketplace',
  hosts: ['127.0.0.1', 'localhost'],
  defaultOrigin: 'http://127.0.0.1:8401',
  searchPath: '/search?q={query}&page={page}',
  firstPage: 1,
  listingPathPattern: '^/item/(?:hidden/|js/)?\\d+\\.html(?:[?#].*)?$',
  // A few listings draw their data with JavaScript only.
  browserPathPattern: '^/item/js/\\d+\\.html(?:[?#].*)?$',
  searchPathPattern: '^/search\\?',
  results: {
    item: 'li.result-card',
    link: { selector: 'a.result-link', attr: 'href' },
    title: { selector: '.result-title' },
    price: { selector: '.result-price' },
  },
  nextPage: { selector: 'a[rel="next"]', attr: 'href' },
  fields: {
    title: { selector: 'h1.item-title' },
    description: { selector: '.item-desc' },
    price: { selector: '.price-box .price' },
    currency: { selector: '.price-box .price', attr: 'data-currency' },
    sellerId: { selector: '.seller-card a.seller-link', attr: 'data-seller-id' },
    sellerName: { selector: '.seller-card .seller-name' },
    sellerUrl: { selector: '.seller-card a.seller-link', attr: 'href' },
    sellerLocation: { selector: '.seller-card .seller-location' },
    images: { selector: '.gallery img', attr: 'src', all: true },
    soldCount: { selector: '.price-box .sold-count' },
    canonical: { selector: 'link[rel="canonical"]', attr: 'href' },
  },
  // A taken-down item answers 200 with this notice instead of the listing.
  unavailableMarkers: [{ selector: '.item-unavailable' }, { selector: 'main.message h1', text: '已下架' }],
};
