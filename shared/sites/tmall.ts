import type { SiteAdapter } from './adapter';

/**
 * Tmall 天猫 (detail.tmall.com, detail.tmall.hk, chaoshi.detail.tmall.com,
 * detail.m.tmall.com, list.tmall.com). Built from the documented structure,
 * no saved page here: classic item pages (GBK) call `TShop.Setup({…})` with
 * `itemDO` (title, itemId, brand, userId) and `detail.defaultItemPrice`, the
 * shop name in `.slogo-shopname`; the mobile page assigns `_DATA_Detail`
 * (seller.shopName, item.title, item.images); the 2023 page keeps its data in
 * `__ICE_APP_CONTEXT__` (loaderData.home.data.res: item, seller,
 * componentsVO.priceVO). Tmall shares Taobao's punish slider and login wall.
 */
export const adapter: SiteAdapter = {
  id: 'tmall',
  name: 'Tmall 天猫',
  kind: 'marketplace',
  currency: 'CNY',
  hosts: ['tmall.com', '*.tmall.com', 'tmall.hk', '*.tmall.hk'],
  defaultOrigin: 'https://list.tmall.com',
  searchPath: '/search_product.htm?q={query}&s={page}',
  firstPage: 0,
  pagination: { mode: 'offset', first: 0, size: 60 },
  listingPathPattern: String.raw`^/item\.htm\?(?:.*&)?id=\d+`,
  searchPathPattern: String.raw`^/search_product\.htm\?`,
  pages: [
    { type: 'product', path: String.raw`^/item\.htm\?(?:.*&)?id=\d+` },
    { type: 'search', path: String.raw`^/search_product\.htm\?`, hosts: ['list.tmall.com', 'list.tmall.hk'] },
    { type: 'shop', path: String.raw`^/(?:search\.htm|category-\d+\.htm|shop/view_shop\.htm|$|\?)` },
  ],
  results: {
    item: '.product[data-id], .product-iWrap',
    link: { selector: '.productTitle a, .productImg', attr: 'href' },
    title: { selector: '.productTitle' },
    price: { selector: '.productPrice em' },
  },
  stateResults: {
    items: 'page:mods.itemlist.data.auctions[*]',
    url: 'nid',
    urlTemplate: 'https://detail.tmall.com/item.htm?id={}',
    title: 'raw_title | title',
    price: 'view_price',
    seller: 'nick',
    image: 'pic_url',
  },
  nextPage: { selector: 'a.ui-page-next, a[rel="next"]', attr: 'href' },
  fields: {},
  state: {
    setup: { call: 'TShop.Setup' },
    mobile: { assign: '_DATA_Detail' },
    ice: { assign: '__ICE_APP_CONTEXT__' },
    config: { assign: 'g_config' },
    page: { assign: 'g_page_config' },
  },
  stateFields: {
    title: 'ice:loaderData.home.data.res.item.title | setup:itemDO.title | mobile:item.title',
    price:
      'ice:loaderData.home.data.res.componentsVO.priceVO.price.priceText | setup:detail.defaultItemPrice | ' +
      'mobile:mock.price.price.priceText',
    brand: 'setup:itemDO.brand',
    sellerName: 'ice:loaderData.home.data.res.seller.shopName | mobile:seller.shopName | config:shopName',
    sellerId:
      'ice:loaderData.home.data.res.seller.userId | setup:itemDO.userId | mobile:seller.userId | config:sellerId',
    sellerUrl: 'ice:loaderData.home.data.res.seller.shopUrl | mobile:seller.shopUrl',
    images: 'ice:loaderData.home.data.res.item.images[*] | setup:propertyPics.default[*] | mobile:item.images[*]',
    soldCount: 'ice:loaderData.home.data.res.item.vagueSellCount',
  },
  select: {
    title: [{ selector: '.tb-detail-hd h1' }, { selector: '[class*="ItemHeader--mainTitle"]' }],
    price: [
      { selector: '#J_PromoPrice .tm-price' },
      { selector: '#J_StrPriceModBox .tm-price' },
      { selector: '[class*="Price--priceText"]' },
    ],
    sellerName: [
      { selector: '.slogo-shopname strong' },
      { selector: '.slogo-shopname' },
      { selector: '[class*="ShopHeader--shopName"]' },
    ],
    soldCount: [{ selector: '.tm-ind-sellCount .tm-count' }],
  },
  titleBoilerplate: [String.raw`\s*-\s*tmall\.com天猫.*$`, String.raw`\s*-\s*天猫.*$`],
  dataMarkers: ['.tb-detail-hd', '#J_DetailMeta', '[class*="ItemHeader"]', '.product[data-id]'],
  unavailableMarkers: [{ selector: '.errorDetail' }, { selector: '.sold-out-tit' }],
  unverified: true,
};
