import type { SiteAdapter } from './adapter';
import { num } from './read-helpers';

/**
 * Walmart (walmart.com, walmart.ca). Pages are Next.js: `<script
 * id="__NEXT_DATA__">` holds the state. Search:
 * `props.pageProps.initialData.searchResult.itemStacks[].items[]` (products
 * are `__typename: Product`: name, canonicalUrl, price, sellerName, brand;
 * ads and tiles are other types), `paginationV2.maxPage`. Item pages:
 * `props.pageProps.initialData.data.product` (name, brand, sellerName,
 * priceInfo.currentPrice.price, imageInfo.allImages). PerimeterX's "Robot or
 * human?" modal (`#px-captcha`) can sit on a page that still carries all of
 * this: the classifier calls that a partial block and the data is read.
 */
const SEARCH = 'next:props.pageProps.initialData.searchResult';
const PRODUCT = 'next:props.pageProps.initialData.data.product';

export const adapter: SiteAdapter = {
  id: 'walmart',
  name: 'Walmart',
  kind: 'marketplace',
  hosts: ['walmart.com', '*.walmart.com', 'walmart.ca', '*.walmart.ca'],
  defaultOrigin: 'https://www.walmart.com',
  locales: [
    { id: 'us', origin: 'https://www.walmart.com', currency: 'USD' },
    { id: 'ca', origin: 'https://www.walmart.ca', currency: 'CAD', searchPath: '/en/search?q={query}&page={page}' },
  ],
  searchPath: '/search?q={query}&page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:en/|fr/)?ip/(?:[^/?#]+/)?[0-9A-Z]+(?:[?#].*)?$`,
  searchPathPattern: String.raw`^/(?:en/|fr/)?search\b`,
  pages: [
    { type: 'product', path: String.raw`^/(?:en/|fr/)?ip/(?:[^/?#]+/)?[0-9A-Z]+(?:[?#].*)?$` },
    { type: 'shop', path: String.raw`^/(?:en/|fr/)?(?:seller|global/seller)/\d+` },
    { type: 'search', path: String.raw`^/(?:en/|fr/)?(?:search|browse|cp)\b` },
  ],
  results: {
    item: '[data-item-id]',
    link: { selector: 'a[link-identifier], a[href*="/ip/"]', attr: 'href' },
    title: { selector: '[data-automation-id="product-title"]' },
    price: { selector: '[data-automation-id="product-price"] .w_iUH7, [data-automation-id="product-price"]' },
  },
  stateResults: {
    items: `${SEARCH}.itemStacks[*].items[*]`,
    where: { __typename: 'Product' },
    url: 'canonicalUrl',
    title: 'name',
    price: 'price | priceInfo.linePrice',
    seller: 'sellerName',
    image: 'imageInfo.thumbnailUrl',
  },
  nextPage: { selector: 'a[data-testid="NextPage"], a[aria-label="Next Page"]', attr: 'href' },
  fields: {},
  state: { next: { script: 'script#__NEXT_DATA__' } },
  stateFields: {
    title: `${PRODUCT}.name`,
    price: `${PRODUCT}.priceInfo.currentPrice.price | ${PRODUCT}.priceInfo.currentPrice.priceString`,
    currency: `${PRODUCT}.priceInfo.currentPrice.currencyUnit`,
    brand: `${PRODUCT}.brand`,
    sellerName: `${PRODUCT}.sellerDisplayName | ${PRODUCT}.sellerName`,
    sellerId: `${PRODUCT}.sellerId | ${PRODUCT}.catalogSellerId`,
    images: `${PRODUCT}.imageInfo.allImages[*].url`,
    canonical: `${PRODUCT}.canonicalUrl`,
  },
  select: { title: [{ selector: 'h1[itemprop="name"]' }, { selector: 'h1#main-title' }] },
  read: {
    search(ctx) {
      // Next page: the URL's page parameter plus one, while under maxPage.
      const max = num(ctx.values(`${SEARCH}.paginationV2.maxPage`)[0]);
      const u = new URL(ctx.doc.url);
      const current = Number(u.searchParams.get('page') ?? '1') || 1;
      if (max === undefined || current >= max) return undefined;
      u.searchParams.set('page', String(current + 1));
      return { results: [], nextPageUrl: u.href };
    },
  },
  titleBoilerplate: [String.raw`\s*[-|]\s*Walmart(?:\.com|\.ca| Canada)?\s*$`],
  dataMarkers: ['script#__NEXT_DATA__'],
  unavailableMarkers: [{ selector: '[data-testid="product-not-available"]' }],
};
