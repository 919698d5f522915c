/**
 * Real sites' pages, written for the tests: the structure of the real ones
 * (Walmart's Next.js state beside its rendered cards, JD's `li.gl-item`
 * list, Amazon's search cards and product page) with made-up products, and a
 * server that answers for them under the sites' real host names (the browser
 * maps those names to it with --host-resolver-rules). Each result says what
 * it is (`label`), so a test can check which cards are badged.
 *
 * The catalogue names the brand's authorised sellers; their results are
 * genuine and must never be badged, whatever the card shows.
 */
import type { RequestListener } from 'node:http';
import type { Catalogue } from '../../../shared/model';
import { serveHttpAndHttps } from './dual-server';

export type Label = 'counterfeit' | 'authorised' | 'unrelated';

export interface FixtureResult {
  path: string;
  title: string;
  price: number;
  seller: string;
  label: Label;
}

export const REAL_SITE_HOSTS = ['www.walmart.com', 'search.jd.com', 'item.jd.com', 'www.amazon.com'] as const;

/** Two made-up holders: a brand of earbuds sold by named stores, and a film. */
export function realSitesCatalogue(): Catalogue {
  return {
    holders: [],
    items: [
      {
        id: 'kestrova-kx200',
        holder: 'kestrova',
        ipType: 'trademark',
        title: 'Kestrova KX-200 Wireless Earbuds',
        aliases: ['凯斯特罗瓦 KX-200 无线耳机'],
        brandTerms: ['Kestrova', '凯斯特罗瓦'],
        modelNumbers: ['KX-200'],
        registrations: [],
        category: 'electronics',
        referencePrice: { amount: 149, currency: 'USD' },
        authorisedSellers: ['Walmart.com', 'Kestrova Official Store', '凯斯特罗瓦官方旗舰店', 'Amazon.com'],
        officialDomains: ['kestrova.example'],
        imageUrls: [],
        territories: ['WW'],
      },
      {
        id: 'orlindo-tapes',
        holder: 'orlindo',
        ipType: 'copyright',
        title: 'The Orlindo Tapes',
        aliases: [],
        brandTerms: ['Orlindo'],
        modelNumbers: [],
        registrations: [],
        referencePrice: { amount: 14.99, currency: 'USD' },
        authorisedSellers: ['Orlindo Pictures'],
        officialDomains: [],
        imageUrls: [],
        runtimeSeconds: 6300,
        territories: ['WW'],
      },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------- Walmart search

export const WALMART: FixtureResult[] = [
  {
    path: '/ip/Kestrova-KX-200-Wireless-Earbuds-Black/500000001',
    title: 'Kestrova KX-200 Wireless Earbuds, Black',
    price: 149,
    seller: 'Walmart.com',
    label: 'authorised',
  },
  {
    path: '/ip/Kestrova-KX-200-Wireless-Earbuds/500000002',
    title: 'Kestrova KX-200 Wireless Earbuds with Charging Case',
    price: 139,
    seller: 'Kestrova Official Store',
    label: 'authorised',
  },
  {
    path: '/ip/KX-200-Earbuds-Replica/500000003',
    title: 'Kestrova KX-200 replica earbuds, AAA 1:1 copy',
    price: 19.99,
    seller: 'Best Deals 4U',
    label: 'counterfeit',
  },
  {
    path: '/ip/KX200-Earbuds-Super-Copy/500000004',
    title: 'Kestrova KX200 earbuds super copy, mirror quality',
    price: 24.99,
    seller: 'Gadget Hub LLC',
    label: 'counterfeit',
  },
  {
    path: '/ip/USB-C-Cable-2m/500000005',
    title: 'Braided USB-C charging cable, 2 m',
    price: 7.99,
    seller: 'Cable Co',
    label: 'unrelated',
  },
];

/** A Walmart search page: `__NEXT_DATA__` with itemStacks (and an ad tile), and the cards React rendered from it. */
export function walmartSearch(results: FixtureResult[] = WALMART): string {
  const items = [
    { __typename: 'AdPlaceholder', name: 'Sponsored' },
    ...results.map((r, i) => ({
      __typename: 'Product',
      usItemId: String(500000001 + i),
      name: r.title,
      brand: 'Kestrova',
      canonicalUrl: r.path,
      price: r.price,
      sellerName: r.seller,
      imageInfo: { thumbnailUrl: `https://i5.walmartimages.com/fixture/${i}.jpg` },
    })),
  ];
  const state = {
    props: { pageProps: { initialData: { searchResult: { itemStacks: [{ items }], paginationV2: { maxPage: 1 } } } } },
  };
  const cards = results
    .map(
      (r, i) =>
        `<div data-item-id="${500000001 + i}" class="mb0 ph1 pa0-xl bb b--near-white w-25">
  <a link-identifier="${500000001 + i}" href="${esc(r.path)}" class="absolute w-100 h-100 z-1">` +
        `<span class="w_iUH7">${esc(r.title)}</span></a>
  <div data-automation-id="product-price"><span class="w_iUH7">current price $${r.price}</span></div>
  <span data-automation-id="product-title">${esc(r.title)}</span>
  <div class="gray f7">Sold by ${esc(r.seller)}</div>
</div>`,
    )
    .join('\n');
  return (
    `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>kestrova - Walmart.com</title></head>
<body><div id="__next"><main><h1>Results for "kestrova"</h1><section><div class="flex flex-wrap">${cards}</div>` +
    `</section></main></div>
<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(state).replace(/</g, '\\u003c')}</script></body>` +
    `</html>`
  );
}

// ---------------------------------------------------------------- JD search

export const JD: FixtureResult[] = [
  {
    path: '//item.jd.com/700000000001.html',
    title: '凯斯特罗瓦 Kestrova KX-200 无线耳机 黑色',
    price: 999,
    seller: '凯斯特罗瓦官方旗舰店',
    label: 'authorised',
  },
  {
    path: '//item.jd.com/700000000002.html',
    title: 'Kestrova KX-200 高仿 无线耳机 一比一 复刻',
    price: 89,
    seller: '小明数码专营店',
    label: 'counterfeit',
  },
  {
    path: '//item.jd.com/700000000003.html',
    title: '数据线 Type-C 快充 1米',
    price: 19.9,
    seller: '线材小铺',
    label: 'unrelated',
  },
];

/** A JD search page: `#J_goodsList li.gl-item[data-sku]` with `.p-name a em`, `.p-price i`, `.p-shop`. */
export function jdSearch(results: FixtureResult[] = JD): string {
  const items = results
    .map((r) => {
      const sku = /(\d+)\.html/.exec(r.path)![1];
      return (
        `<li class="gl-item" data-sku="${sku}" data-spu="${sku}"><div class="gl-i-wrap">
  <div class="p-img"><a target="_blank" title="${esc(r.title)}" href="${r.path}">` +
        `<img width="220" height="220" data-lazy-img="//img10.360buyimg.com/n7/fixture${sku}.jpg"></a></div>
  <div class="p-price"><strong class="J_${sku}" data-price="${r.price}"><em>￥</em><i>${r.price.toFixed(2)}</i>` +
        `</strong></div>
  <div class="p-name p-name-type-2"><a target="_blank" title="${esc(r.title)}" href="${r.path}">` +
        `<em>${esc(r.title)}</em></a></div>
  <div class="p-shop" data-selfware="0"><span class="J_im_icon">` +
        (`<a target="_blank" href="//mall.jd.com/index-${sku}.html" title="${esc(r.seller)}">${esc(r.seller)}</a>` +
          `</span></div>
</div></li>`)
      );
    })
    .join('\n');
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>kestrova - 商品搜索 - 京东</title></head>
<body><div id="J_searchWrap"><div id="J_goodsList" class="goods-list-v2 gl-type-1 J-goods-list">` +
    `<ul class="gl-warp clearfix">${items}</ul></div>
<div id="J_topPage"><span class="fp-text"><b>1</b><em>/</em><i>1</i></span></div></div>
<script>var pageConfig = { product: null, search: { keyword: 'kestrova' } };</script></body></html>`
  );
}

// ---------------------------------------------------------------- Amazon product pages

export const AMAZON_PRODUCTS: (FixtureResult & { asin: string })[] = [
  {
    asin: 'B0FIXT0001',
    path: '/dp/B0FIXT0001',
    title: 'Kestrova KX-200 Wireless Earbuds AAA replica, 1:1 mirror copy',
    price: 21.5,
    seller: 'Shenzhen Copy Trading',
    label: 'counterfeit',
  },
  {
    asin: 'B0FIXT0002',
    path: '/dp/B0FIXT0002',
    title: 'Kestrova KX-200 Wireless Earbuds, Noise Cancelling, Black',
    price: 149,
    seller: 'Kestrova Official Store',
    label: 'authorised',
  },
];

/**
 * An Amazon product page: `#productTitle`, the buy box price, `#bylineInfo`, `#sellerProfileTriggerId`, and the
 * `<title>` boilerplate.
 */
export function amazonProduct(p: (typeof AMAZON_PRODUCTS)[number]): string {
  return (
    `<!doctype html><html lang="en-us"><head><meta charset="utf-8">` +
    `<title>Amazon.com: ${esc(p.title)} : Electronics</title></head>
<body><div id="dp"><div id="centerCol">
  <div id="titleSection"><h1 id="title" class="a-size-large a-spacing-none">` +
    `<span id="productTitle" class="a-size-large product-title-word-break">  ${esc(p.title)}  </span></h1></div>
  <a id="bylineInfo" class="a-link-normal" href="/stores/Kestrova/page/FIXTURE">Visit the Kestrova Store</a>
  <div id="corePrice_feature_div"><span class="a-price" data-a-size="xl">` +
    `<span class="a-offscreen">$${p.price.toFixed(2)}</span><span aria-hidden="true">$${p.price}</span></span>
  <span class="a-price a-text-price"><span class="a-offscreen">$199.99</span></span></div>
  <div id="imageBlock"><img id="landingImage" ` +
    `data-old-hires="https://m.media-amazon.com/images/I/fixture-${p.asin}.jpg" ` +
    `src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></div>
</div>
<div id="rightCol"><div id="merchant-info">Ships from and sold by <a id="sellerProfileTriggerId" ` +
    `href="/gp/help/seller/at-a-glance.html?seller=AFIXTURE${p.asin}">${esc(p.seller)}</a>.</div></div>
</div></body></html>`
  );
}

// ---------------------------------------------------------------- the server

export interface RealSites {
  ports: { http: number; https: number };
  close(): Promise<void>;
}

/**
 * One loopback port for every host, http and https: it answers by the Host header. A path
 * it does not know is a 404 (a result's own page is not served: the card's
 * verdict stands, as when a listing page cannot be read).
 */
export async function startRealSites(): Promise<RealSites> {
  const handler: RequestListener = (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (host === 'www.walmart.com' && url.pathname === '/search') return html(walmartSearch());
    if (host === 'search.jd.com' && url.pathname === '/Search') return html(jdSearch());
    const amazon = host === 'www.amazon.com' ? AMAZON_PRODUCTS.find((p) => url.pathname === p.path) : undefined;
    if (amazon) return html(amazonProduct(amazon));
    if (host === 'www.example.org' && url.pathname === '/shop/kx200') return html(genericListing());
    res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title>');
  };
  return serveHttpAndHttps(handler);
}

/** A shop no adapter knows, with schema.org JSON-LD: "scan this page" reads it with the generic extractor. */
export function genericListing(): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Kestrova KX-200 earbuds replica, 1:1 top copy',
    brand: { '@type': 'Brand', name: 'Kestrova' },
    offers: {
      '@type': 'Offer',
      price: '18.00',
      priceCurrency: 'USD',
      seller: { '@type': 'Organization', name: 'Copy Corner' },
    },
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>KX-200 copy | Copy Corner</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><h1>Kestrova KX-200 earbuds replica, 1:1 top copy</h1><p>$18.00 — sold by Copy Corner</p></body></html>`;
}
