import type { SiteAdapter } from './adapter';

/**
 * AliExpress (aliexpress.com and its language subdomains he., es., fr.…,
 * aliexpress.us, aliexpress.ru). Server-rendered item pages keep their data
 * in `runParams = { data: {…} }` on the global object: `titleModule.subject`,
 * `priceModule` (the sale price is `minActivityAmount`, the list price
 * `minAmount`), `storeModule` (storeName, storeNum, storeURL), `imageModule`;
 * the 2021–22 layout renames them `…Component`. Newer item pages draw
 * everything from the mtop "pdp" API: they need a browser (the classifier
 * says needs-browser when an item page has none of this state). Search pages
 * keep their results in `_dida_config_._init_data_` (built from the
 * documented structure).
 */
export const adapter: SiteAdapter = {
  id: 'aliexpress',
  name: 'AliExpress',
  kind: 'marketplace',
  hosts: ['aliexpress.com', '*.aliexpress.com', 'aliexpress.us', '*.aliexpress.us', 'aliexpress.ru', '*.aliexpress.ru'],
  defaultOrigin: 'https://www.aliexpress.com',
  locales: [
    { id: 'com', origin: 'https://www.aliexpress.com', currency: 'USD' },
    { id: 'us', origin: 'https://www.aliexpress.us', currency: 'USD' },
    { id: 'ru', origin: 'https://aliexpress.ru', currency: 'RUB' },
  ],
  searchPath: '/w/wholesale-{query}.html?page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:item|i)/(?:[^/?#]+/)?\d+\.html(?:[?#].*)?$`,
  searchPathPattern: String.raw`^/(?:w/wholesale-|wholesale|af/|premium/)`,
  pages: [
    { type: 'product', path: String.raw`^/(?:item|i)/(?:[^/?#]+/)?\d+\.html(?:[?#].*)?$` },
    { type: 'shop', path: String.raw`^/store/(?:\d+|all-wholesale-products/\d+\.html)` },
    { type: 'search', path: String.raw`^/(?:w/wholesale-|wholesale|af/|premium/)`, browser: true },
  ],
  results: {
    item: '[data-product-id], .search-item-card-wrapper-gallery, .list-item',
    link: { selector: 'a[href*="/item/"]', attr: 'href' },
    title: { selector: 'h3, [title]' },
  },
  stateResults: {
    items:
      'dida:_init_data_.data.data.root.fields.mods.itemList.content[*] | ' +
      'init:data.root.fields.mods.itemList.content[*]',
    url: 'productId',
    urlTemplate: 'https://www.aliexpress.com/item/{}.html',
    title: 'title.displayTitle',
    price: 'prices.salePrice.minPrice | prices.salePrice.formattedPrice',
    currency: 'prices.salePrice.currencyCode',
    seller: 'store.storeName',
    image: 'image.imgUrl',
  },
  nextPage: { selector: 'a[rel="next"]', attr: 'href' },
  fields: {},
  state: {
    run: { assign: 'runParams' },
    dida: { assign: '_dida_config_' },
    init: { assign: '_init_data_' },
  },
  stateFields: {
    title: 'run:data.titleModule.subject | run:data.productInfoComponent.subject | run:data.titleComponent.subject',
    price:
      'run:data.priceModule.minActivityAmount.value | run:data.priceModule.minAmount.value | ' +
      'run:data.priceComponent.discountPrice.minActivityAmount.value | ' +
      'run:data.priceComponent.origPrice.minAmount.value',
    currency:
      'run:data.priceModule.minActivityAmount.currency | run:data.priceModule.minAmount.currency | ' +
      'run:data.priceComponent.discountPrice.minActivityAmount.currency | run:data.commonModule.currencyCode | ' +
      'run:data.webEnv.currency',
    sellerName: 'run:data.storeModule.storeName | run:data.sellerComponent.storeName',
    sellerId: 'run:data.storeModule.storeNum | run:data.sellerComponent.storeNum',
    sellerUrl: 'run:data.storeModule.storeURL | run:data.sellerComponent.storeURL',
    sellerLocation: 'run:data.storeModule.countryCompleteName | run:data.sellerComponent.countryCompleteName',
    images: 'run:data.imageModule.imagePathList[*] | run:data.imageComponent.imagePathList[*]',
    soldCount: 'run:data.titleModule.formatTradeCount | run:data.tradeComponent.formatTradeCount',
  },
  // A page drawn by a browser (the pdp app): its DOM, when the state above is gone.
  select: {
    title: [{ selector: 'h1[data-pl="product-title"]' }, { selector: '.product-title-text' }],
    price: [
      { selector: '.product-price-current' },
      { selector: '[class*="price--currentPriceText"]' },
      { selector: '.uniform-banner-box-price' },
    ],
    sellerName: [
      { selector: '[class*="store-detail--storeName"]' },
      { selector: '[data-pl="store-name"]' },
      { selector: '.shop-name a' },
    ],
  },
  titleBoilerplate: [String.raw`^[^|]*\d[^|]*\|`, String.raw`\|.*$`, String.raw`\s*-\s*AliExpress.*$`],
  dataMarkers: ['[data-product-id]', '.product-title', 'h1[data-pl="product-title"]'],
  unavailableMarkers: [{ selector: '.not-found-page' }, { selector: '.product-main .error-content' }],
};
