import type { SiteAdapter } from './adapter';
import { pathSegments } from './read-helpers';

/**
 * Rakuten Ichiba 楽天市場 (www.rakuten.co.jp, item.rakuten.co.jp,
 * search.rakuten.co.jp). Many shop pages are still EUC-JP or Shift_JIS. An
 * item page's URL names its shop (`item.rakuten.co.jp/<shop>/<item>/`); the
 * page carries the price in `#priceCalculationConfig[data-price]` or
 * `.price2`, and the shop name in `.shop-name`. Search pages list
 * `.searchresultitem` (`.title a`, `.important`). The item and search
 * readers are built from the documented structure; the saved page here is
 * the home page (a charset test).
 */
export const adapter: SiteAdapter = {
  id: 'rakuten',
  name: 'Rakuten Ichiba 楽天市場',
  kind: 'marketplace',
  currency: 'JPY',
  hosts: ['rakuten.co.jp', '*.rakuten.co.jp'],
  defaultOrigin: 'https://search.rakuten.co.jp',
  searchPath: '/search/mall/{query}/?p={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/[^/?#]+/[^/?#]+/?(?:[?#].*)?$`,
  searchPathPattern: String.raw`^/search/mall/`,
  pages: [
    { type: 'product', path: String.raw`^/[^/?#]+/[^/?#]+/?(?:[?#].*)?$`, hosts: ['item.rakuten.co.jp'] },
    { type: 'search', path: String.raw`^/search/mall/`, hosts: ['search.rakuten.co.jp'] },
    {
      type: 'shop',
      path: String.raw`^/gold/[^/?#]+/|^/[^/?#]+/?(?:[?#].*)?$`,
      hosts: ['www.rakuten.co.jp', 'item.rakuten.co.jp'],
    },
  ],
  results: {
    item: '.searchresultitem, [data-testid="item-cell"]',
    link: { selector: '.title a, a[href*="item.rakuten.co.jp"]', attr: 'href' },
    title: { selector: '.title' },
    price: { selector: '.important, .price--OX_YW' },
  },
  nextPage: { selector: 'a.nextPage, .dui-pagination .item.-next', attr: 'href' },
  fields: {},
  select: {
    title: [{ selector: '.normal_reserve_item_name' }, { selector: 'span.item_name' }],
    price: [
      { selector: '#priceCalculationConfig', attr: 'data-price' },
      { selector: '.price2' },
      { selector: '.important' },
    ],
    sellerName: [
      { selector: '.shop-name a' },
      { selector: '.shop-name' },
      { selector: 'meta[name="shop-name"]', attr: 'content' },
    ],
  },
  read: {
    listing(ctx) {
      const shop = pathSegments(ctx.doc.url)[0];
      return shop ? { seller: { id: shop, url: `https://www.rakuten.co.jp/${shop}/` } } : undefined;
    },
  },
  titleBoilerplate: [String.raw`^【楽天市場】`, String.raw`：[^：]+$`],
  dataMarkers: ['#priceCalculationConfig', '.searchresultitem'],
  unavailableMarkers: [{ selector: '.soldout_msg' }, { selector: '.not-found' }],
};
