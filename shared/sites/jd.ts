import type { SiteAdapter, SiteResult } from './adapter';
import { firstAttr, firstText } from './read-helpers';

/**
 * JD.com 京东 (search.jd.com, item.jd.com, item.m.jd.com, item.jd.hk). Search
 * pages list `#J_goodsList li.gl-item[data-sku]` (`.p-name a` with the title
 * in `em`, `.p-price i`, `.p-shop`); JD loads the second half of each page
 * lazily and counts pages 1, 3, 5… in its `page` parameter. Item pages assign
 * `pageConfig = { product: {…} }` (skuid, name, shopId, venderId,
 * imageList); the price comes from a separate request, so an item page often
 * has none in its HTML.
 */

function searchResults(root: import('../extract/document').DocNode): SiteResult[] {
  const out: SiteResult[] = [];
  for (const li of root.find('#J_goodsList li.gl-item, li.gl-item[data-sku]')) {
    const sku = li.attr('data-sku');
    const href = firstAttr(li, 'href', '.p-name a', '.p-img a');
    if (!href || !/item\.(?:m\.)?jd\.(?:com|hk)\//.test(href)) continue;
    out.push({
      url: href,
      title: firstAttr(li, 'title', '.p-name a') ?? firstText(li, '.p-name em', '.p-name'),
      priceText: firstAttr(li, 'data-price', '.p-price strong[data-price]') ?? firstText(li, '.p-price i', '.p-price'),
      seller: firstText(li, '.p-shop a', '.curr-shop'),
      image: firstAttr(li, 'src', '.p-img img') ?? firstAttr(li, 'data-lazy-img', '.p-img img'),
    });
    void sku;
  }
  return out;
}

/** JD's next results page: display page n is `page=2n-1`; the pager says the current page and the count. */
function nextPage(root: import('../extract/document').DocNode, url: string): string | undefined {
  const next = firstAttr(root, 'href', 'a.pn-next');
  if (next && !next.startsWith('javascript')) return next;
  const current = Number(firstText(root, '#J_topPage .fp-text b'));
  const total = Number(firstText(root, '#J_topPage .fp-text i'));
  if (!Number.isInteger(current) || !Number.isInteger(total) || current < 1 || current >= total) return undefined;
  const u = new URL(url);
  u.searchParams.set('page', String(2 * current + 1));
  u.searchParams.set('s', String(current * 60 + 1));
  return u.href;
}

export const adapter: SiteAdapter = {
  id: 'jd',
  name: 'JD.com 京东',
  kind: 'marketplace',
  currency: 'CNY',
  hosts: ['jd.com', '*.jd.com', 'jd.hk', '*.jd.hk'],
  defaultOrigin: 'https://search.jd.com',
  searchPath: '/Search?keyword={query}&enc=utf-8&page={page}',
  firstPage: 1,
  pagination: { mode: 'page', first: 1, step: 2 },
  listingPathPattern: String.raw`^/(?:\d+\.html|product/\d+\.html)`,
  searchPathPattern: String.raw`^/Search\?`,
  pages: [
    {
      type: 'product',
      path: String.raw`^/(?:\d+\.html|product/\d+\.html)`,
      hosts: ['item.jd.com', 'item.m.jd.com', 'item.jd.hk', 'npcitem.jd.hk'],
    },
    {
      type: 'search',
      path: String.raw`^/(?:Search|search)\?`,
      hosts: ['search.jd.com', 'so.m.jd.com', 'search.jd.hk'],
    },
    { type: 'shop', path: String.raw`^/(?:index-\d+\.html|view_search-|$|\?)`, hosts: ['mall.jd.com', '*.jd.com'] },
  ],
  results: {
    item: '#J_goodsList li.gl-item',
    link: { selector: '.p-name a', attr: 'href' },
    title: { selector: '.p-name em' },
    price: { selector: '.p-price i' },
  },
  nextPage: { selector: 'a.pn-next', attr: 'href' },
  fields: {},
  state: { page: { assign: 'pageConfig' } },
  stateFields: {
    title: 'page:product.name',
    sellerId: 'page:product.venderId | page:product.shopId',
    images: 'page:product.imageList[*]',
  },
  select: {
    title: [{ selector: '.sku-name' }, { selector: '#itemName' }],
    price: [{ selector: '.summary-price .p-price .price' }, { selector: '.p-price .price' }, { selector: '#jdPrice' }],
    sellerName: [
      { selector: '.J-hove-wrap .name a' },
      { selector: '.popbox-inner .mt h3 a' },
      { selector: '.shopName' },
    ],
    brand: [{ selector: '#parameter-brand li a' }, { selector: '.p-parameter-list li[title] a' }],
  },
  read: {
    listing: (ctx) => {
      // Images in pageConfig are paths under JD's image host.
      const imgs = ctx.values('page:product.imageList[*]').filter((v): v is string => typeof v === 'string');
      return { images: imgs.map((p) => (/^(?:https?:)?\/\//.test(p) ? p : `https://img14.360buyimg.com/n1/${p}`)) };
    },
    search: (ctx) => ({ results: searchResults(ctx.doc.root), nextPageUrl: nextPage(ctx.doc.root, ctx.doc.url) }),
  },
  titleBoilerplate: [String.raw`【[^】]*】`, String.raw`\s*-\s*京东.*$`],
  dataMarkers: ['#J_goodsList', '.sku-name', '#detail'],
  unavailableMarkers: [{ selector: '.itemover-tip' }, { selector: '#J-off-shelf' }],
};
