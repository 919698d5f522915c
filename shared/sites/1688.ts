import type { SiteAdapter } from './adapter';

/**
 * 1688.com 阿里巴巴 (detail.1688.com offers, s.1688.com search, shop
 * subdomains). Built from the documented structure, no saved page here:
 * offer pages (GBK) assign `__INIT_DATA` on the global object —
 * `globalData.tempModel` (offerTitle, companyName, sellerLoginId, offerId),
 * `globalData.images[].fullPathImageURI`, `globalData.orderParamModel`
 * (price ranges by quantity) — and older ones `iDetailConfig` / `iDetailData`.
 * Prices are wholesale ranges; the first (smallest-quantity) price is the
 * listing's. Search results come from an API after load: a browser page.
 */
export const adapter: SiteAdapter = {
  id: '1688',
  name: '1688 阿里巴巴',
  kind: 'marketplace',
  currency: 'CNY',
  hosts: ['1688.com', '*.1688.com'],
  defaultOrigin: 'https://s.1688.com',
  searchPath: '/selloffer/offer_search.htm?keywords={query}&beginPage={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/offer/\d+\.html`,
  searchPathPattern: String.raw`^/selloffer/offer_search\.htm`,
  pages: [
    {
      type: 'product',
      path: String.raw`^/offer/\d+\.html`,
      hosts: ['detail.1688.com', 'm.1688.com', 'detail.m.1688.com'],
    },
    {
      type: 'search',
      path: String.raw`^/(?:selloffer/offer_search\.htm|company/company_search\.htm)`,
      hosts: ['s.1688.com'],
      browser: true,
    },
    { type: 'shop', path: String.raw`^/(?:page/offerlist\.htm|page/index\.htm|$|\?)` },
  ],
  results: {
    item: '.sm-offer-item, .offer-list-row .offer-item, [data-offer-id]',
    link: { selector: 'a[href*="/offer/"]', attr: 'href' },
    title: { selector: '.title, .offer-title' },
    price: { selector: '.price, .sm-offer-priceNum' },
  },
  nextPage: { selector: 'a.fui-next, a[rel="next"]', attr: 'href' },
  fields: {},
  state: {
    init: { assign: '__INIT_DATA' },
    global: { assign: '__GLOBAL_DATA' },
    config: { assign: 'iDetailConfig' },
    data: { assign: 'iDetailData' },
  },
  stateFields: {
    title: 'init:globalData.tempModel.offerTitle | global:tempModel.offerTitle | config:offerTitle | data:offerTitle',
    price:
      'init:globalData.orderParamModel.orderParam.skuParam.skuRangePrices[0].price | ' +
      'init:globalData.tempModel.price | config:refPrice | data:sku.price',
    sellerName: 'init:globalData.tempModel.companyName | global:tempModel.companyName | config:companyName',
    sellerId: 'init:globalData.tempModel.sellerLoginId | global:tempModel.sellerLoginId | config:loginId',
    sellerUrl: 'init:globalData.tempModel.winportUrl',
    images: 'init:globalData.images[*].fullPathImageURI | global:images[*].fullPathImageURI',
    soldCount: 'init:globalData.tempModel.saledCount',
  },
  select: {
    title: [{ selector: '.title-text' }, { selector: '.d-title' }, { selector: 'h1' }],
    price: [
      { selector: '.price-now' },
      { selector: '.price-text' },
      { selector: '.value.price-length-5, .price .value' },
    ],
    sellerName: [{ selector: '.company-name' }, { selector: '.shop-company-name h1' }],
  },
  titleBoilerplate: [String.raw`\s*-\s*阿里巴巴.*$`, String.raw`\s*-\s*1688.*$`],
  dataMarkers: ['.title-text', '.d-title', '#mod-detail', '.sm-offer-item'],
  unavailableMarkers: [{ selector: '.mod-detail-offline' }, { selector: '.offline-tip' }],
  unverified: true,
};
