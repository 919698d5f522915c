import type { DocNode } from '../extract/document';
import { clean } from '../extract/values';
import type { SiteAdapter, SiteResult } from './adapter';

/**
 * Lazada (lazada.com.ph, .co.th, .com.my, .sg, .vn, .co.id). Search pages as
 * served keep their results in `pageData` on the global object
 * (`mods.listItems[]`: name, itemUrl, price, sellerName, location); a
 * rendered page shows them as `[data-qa-locator="product-item"][data-item-id]`
 * cards whose class names are hashed, so a card is read by its structure (the
 * titled product link, the first price-shaped text). The JSON-LD ItemList only
 * names the first ten. Item pages carry JSON-LD Product and `__moduleData__`
 * (data.root.fields: product.title, seller.name, skuInfos).
 */

const PRICE_TEXT = /^(?:₱|฿|₫|RM|Rp|S\$|\$)\s?\d[\d.,]*$|^\d[\d.,]*\s?(?:₫|VND)$/;

function card(node: DocNode): SiteResult | undefined {
  const link = node.find('a[title][href*="/products/"]')[0] ?? node.find('a[href*="/products/"]')[0];
  const href = link?.attr('href');
  if (!href) return undefined;
  let priceText: string | undefined;
  for (const s of node.find('span')) {
    const t = clean(s.text());
    if (t && PRICE_TEXT.test(t)) {
      priceText = t;
      break;
    }
  }
  const img = node.find('img')[0];
  return {
    url: href,
    title: clean(link?.attr('title')) ?? clean(img?.attr('alt')) ?? clean(link?.text()),
    priceText,
    image: clean(img?.attr('src')),
  };
}

export const adapter: SiteAdapter = {
  id: 'lazada',
  name: 'Lazada',
  kind: 'marketplace',
  hosts: ['lazada.*', '*.lazada.*'],
  defaultOrigin: 'https://www.lazada.com.ph',
  locales: [
    { id: 'ph', origin: 'https://www.lazada.com.ph', currency: 'PHP' },
    { id: 'th', origin: 'https://www.lazada.co.th', currency: 'THB' },
    { id: 'my', origin: 'https://www.lazada.com.my', currency: 'MYR' },
    { id: 'sg', origin: 'https://www.lazada.sg', currency: 'SGD' },
    { id: 'vn', origin: 'https://www.lazada.vn', currency: 'VND' },
    { id: 'id', origin: 'https://www.lazada.co.id', currency: 'IDR' },
  ],
  searchPath: '/catalog/?q={query}&page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/products/[^?#]*-i\d+(?:-s\d+)?\.html`,
  searchPathPattern: String.raw`^/catalog/`,
  pages: [
    { type: 'product', path: String.raw`^/products/[^?#]*-i\d+(?:-s\d+)?\.html` },
    { type: 'shop', path: String.raw`^/shop/[^/?#]+` },
    { type: 'search', path: String.raw`^/(?:catalog/|tag/|shop-[^/?#]+/)` },
  ],
  results: {
    item: '[data-qa-locator="product-item"]',
    link: { selector: 'a[href*="/products/"]', attr: 'href' },
    title: { selector: 'a[title]', attr: 'title' },
  },
  stateResults: {
    items: 'page:mods.listItems[*]',
    url: 'itemUrl | productUrl',
    title: 'name',
    price: 'priceShow | price',
    seller: 'sellerName',
    image: 'image',
  },
  nextPage: { selector: 'li.ant-pagination-next:not(.ant-pagination-disabled) a, a[rel="next"]', attr: 'href' },
  fields: {},
  state: { page: { assign: 'pageData' }, module: { assign: '__moduleData__' } },
  stateFields: {
    title: 'module:data.root.fields.product.title',
    sellerName: 'module:data.root.fields.seller.name',
    sellerId: 'module:data.root.fields.seller.sellerId',
    sellerUrl: 'module:data.root.fields.seller.url',
    brand: 'module:data.root.fields.product.brand.name',
    price: 'module:data.root.fields.skuInfos.0.price.salePrice.value',
    images: 'module:data.root.fields.skuGalleries.0[*].src',
  },
  select: {
    title: [{ selector: 'h1.pdp-mod-product-badge-title' }],
    sellerName: [{ selector: '.seller-name__detail-name' }],
  },
  read: {
    search(ctx) {
      if (ctx.values('page:mods.listItems[*]').length > 0) return undefined;
      const results = ctx.doc.root
        .find('[data-qa-locator="product-item"]')
        .map(card)
        .filter((r): r is SiteResult => r !== undefined);
      // The pager's next link: the page after the active one.
      const items = ctx.doc.root.find('li.ant-pagination-item');
      const active = items.findIndex((li) => (li.attr('class') ?? '').includes('ant-pagination-item-active'));
      const nextHref = active >= 0 ? items[active + 1]?.find('a')[0]?.attr('href') : undefined;
      return { results, nextPageUrl: nextHref };
    },
  },
  titleBoilerplate: [String.raw`\s*\|\s*Lazada.*$`, String.raw`\s*-\s*Buy .*$`],
  dataMarkers: ['[data-qa-locator="product-item"]', '#module_product_title_1', 'script[type="application/ld+json"]'],
  unavailableMarkers: [{ selector: '.error-page' }, { selector: '.pdp-block__product-offline' }],
};
