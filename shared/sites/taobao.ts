import type { SiteAdapter } from './adapter';

/**
 * Taobao (item.taobao.com, s.taobao.com, world.taobao.com, m. hosts). Item
 * pages (GBK) declare `var g_config = {…}` — a JavaScript literal with
 * expressions in it (`+new Date`, ternaries), read by the bounded literal
 * reader: `itemId`, `shopName`, `sellerId`, `sellerNick`, `idata.item.title`,
 * `idata.item.auctionImages`, `idata.shop.url`. The price range is in the DOM
 * (`#J_StrPrice .tb-rmb-num`); promotions and stock come from the sib.htm
 * XHR. Search pages hold `g_page_config = {…}` with
 * `mods.itemlist.data.auctions[]` (nid, raw_title, view_price, nick, item_loc).
 * Taobao answers crawlers with the `_____tmd_____/punish` slider and often a
 * login wall on search; the fetch classifier names both.
 */
export const adapter: SiteAdapter = {
  id: 'taobao',
  name: 'Taobao 淘宝',
  kind: 'marketplace',
  currency: 'CNY',
  hosts: ['taobao.com', '*.taobao.com'],
  defaultOrigin: 'https://s.taobao.com',
  searchPath: '/search?q={query}&s={page}',
  firstPage: 0,
  pagination: { mode: 'offset', first: 0, size: 44 },
  listingPathPattern: String.raw`^/item\.htm\?(?:.*&)?id=\d+`,
  searchPathPattern: String.raw`^/search\?`,
  pages: [
    {
      type: 'product',
      path: String.raw`^/(?:item\.htm|awp/core/detail\.htm)\?(?:.*&)?id=\d+`,
      hosts: ['item.taobao.com', 'world.taobao.com', 'h5.m.taobao.com', 'main.m.taobao.com', 'market.m.taobao.com'],
    },
    { type: 'product', path: String.raw`^/item/\d+\.htm`, hosts: ['world.taobao.com'] },
    {
      type: 'search',
      path: String.raw`^/(?:search|list)\b`,
      hosts: ['s.taobao.com', 's.m.taobao.com', 'uland.taobao.com'],
    },
    {
      type: 'shop',
      path: String.raw`^/(?:search\.htm|category-\d+\.htm|shop/view_shop\.htm|$|\?)`,
      hosts: ['*.taobao.com'],
    },
  ],
  results: {
    item: '.item.J_MouserOnverReq, [data-category="auctions"], a[href*="item.htm?id="]',
    link: { selector: 'a[href*="item.htm"]', attr: 'href' },
    title: { selector: '.title' },
    price: { selector: '.price' },
  },
  stateResults: {
    items: 'page:mods.itemlist.data.auctions[*]',
    url: 'nid',
    urlTemplate: 'https://item.taobao.com/item.htm?id={}',
    title: 'raw_title | title',
    price: 'view_price',
    currency: 'priceCurrency',
    seller: 'nick',
    image: 'pic_url',
  },
  nextPage: { selector: 'a[rel="next"]', attr: 'href' },
  fields: {},
  state: { config: { assign: 'g_config' }, page: { assign: 'g_page_config' }, ice: { assign: '__ICE_APP_CONTEXT__' } },
  stateFields: {
    title: 'config:idata.item.title | ice:loaderData.home.data.res.item.title',
    sellerName: 'config:shopName | ice:loaderData.home.data.res.seller.shopName',
    sellerId: 'config:sellerId | config:idata.seller.id | ice:loaderData.home.data.res.seller.userId',
    sellerUrl: 'config:idata.shop.url | ice:loaderData.home.data.res.seller.shopUrl',
    images: 'config:idata.item.auctionImages[*] | config:idata.item.pic | ice:loaderData.home.data.res.item.images[*]',
    price: 'config:idata.item.price | ice:loaderData.home.data.res.componentsVO.priceVO.price.priceText',
  },
  select: {
    title: [{ selector: '#J_Title .tb-main-title', attr: 'data-title' }, { selector: '.tb-main-title' }],
    price: [{ selector: '#J_PromoPriceNum' }, { selector: '#J_StrPrice .tb-rmb-num' }, { selector: '.tb-rmb-num' }],
    sellerName: [{ selector: '.tb-shop-name a' }, { selector: '.tb-shop-name' }, { selector: '.tb-seller-name' }],
    soldCount: [{ selector: '#J_SellCounter' }],
  },
  read: {
    listing(ctx) {
      // `idata.item.id` is the item id, not a URL: the canonical item URL is built from it.
      const id = ctx.text('config:idata.item.id | config:itemId');
      return { canonical: id && /^\d+$/.test(id) ? `https://item.taobao.com/item.htm?id=${id}` : undefined };
    },
  },
  titleBoilerplate: [String.raw`\s*-\s*淘宝网.*$`, String.raw`\s*-\s*Taobao.*$`],
  dataMarkers: ['#J_Title', '.tb-main-title', '#J_itemlist', '.m-itemlist'],
  unavailableMarkers: [
    { selector: '.error-notice-hd' },
    { selector: '#J_detail_offline' },
    { selector: '.tb-off-sale' },
  ],
};
