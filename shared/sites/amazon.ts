import type { DocNode } from '../extract/document';
import { clean } from '../extract/values';
import type { SiteAdapter, SiteFields, SiteResult } from './adapter';
import { firstAttr, firstText, pathSegments, queryParam } from './read-helpers';

/**
 * Amazon, every country store (amazon.com, .co.uk, .de, .co.jp…). Product
 * pages carry no JSON-LD: the title is `#productTitle`, the buy box's price
 * one of a few price blocks (the page also shows carousels and "was" prices),
 * the seller `#sellerProfileTriggerId` or `#merchant-info`, the brand
 * `#bylineInfo`, the images `data-old-hires` / `data-a-dynamic-image` and the
 * `colorImages` literal of the image block's script.
 */

/** The buy box's price, newest layouts first; never a strike-through ("was") price. */
const PRICE_SELECTORS = [
  '#corePriceDisplay_desktop_feature_div .priceToPay .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .apexPriceToPay .a-offscreen',
  '#corePrice_feature_div .a-price:not(.a-text-price) .a-offscreen',
  '#corePrice_desktop .apexPriceToPay .a-offscreen',
  '#apex_desktop .apexPriceToPay .a-offscreen',
  '#apex_offerDisplay_desktop .priceToPay .a-offscreen',
  '#apex_offerDisplay_desktop .a-price:not(.a-text-price) .a-offscreen',
  '#apex_desktop .priceToPay .a-offscreen',
  '#tp_price_block_total_price_ww .a-offscreen',
  '#priceblock_dealprice',
  '#priceblock_saleprice',
  '#priceblock_ourprice',
  '#priceblock_pospromoprice',
  '#price_inside_buybox',
  '#newBuyBoxPrice',
  '#buybox .a-price:not(.a-text-price) .a-offscreen',
  '#kindle-price',
  '#price',
  '.offer-price',
];

/** The buy box's price boxes whose screen-reader copy (`.a-offscreen`) is sometimes left empty. */
const PRICE_BOXES = [
  '#corePriceDisplay_desktop_feature_div .priceToPay',
  '#corePriceDisplay_desktop_feature_div .apexPriceToPay',
  '#apex_offerDisplay_desktop .priceToPay',
  '#corePrice_feature_div .a-price:not(.a-text-price)',
  '#apex_desktop .apexPriceToPay',
];

/** A price drawn in parts: symbol, whole, fraction (`$` `24.` `99`). */
function priceFromParts(root: DocNode): string | undefined {
  for (const box of root.find(PRICE_BOXES.join(', '))) {
    const whole = clean(box.find('.a-price-whole')[0]?.text());
    if (!whole) continue;
    const fraction = clean(box.find('.a-price-fraction')[0]?.text()) ?? '';
    const symbol = clean(box.find('.a-price-symbol')[0]?.text()) ?? '';
    const w = whole.replace(/[.,]$/, '');
    return fraction ? `${symbol}${w}${/,\d{2}$|,$/.test(whole) ? ',' : '.'}${fraction}` : `${symbol}${w}`;
  }
  return undefined;
}

function price(root: DocNode): string | undefined {
  const shown = firstText(root, ...PRICE_SELECTORS);
  if (shown && /\d/.test(shown)) return shown;
  const parts = priceFromParts(root);
  if (parts) return parts;
  // Hidden inputs the buy box is built from (the number alone; the locale gives the currency).
  const value = firstAttr(root, 'value', '#twister-plus-price-data-price', '#attach-base-product-price');
  if (value && /\d/.test(value)) {
    const symbol = firstAttr(
      root,
      'value',
      '#twister-plus-price-data-price-unit',
      '#attach-base-product-currency-symbol',
    );
    return symbol ? `${symbol}${value}` : value;
  }
  return undefined;
}

/** "Sold by X", "Ships from and sold by Amazon.com.", or the seller's profile link. */
function seller(root: DocNode): SiteFields['seller'] {
  const link = root.find('#sellerProfileTriggerId')[0];
  if (link) {
    const href = link.attr('href');
    return { name: clean(link.text()), id: queryParam(href, 'seller') ?? queryParam(href, 'me'), url: href };
  }
  const tabular = firstText(
    root,
    '#tabular-buybox [tabular-attribute-name="Sold by"] .tabular-buybox-text',
    '#merchantInfoFeature_feature_div .offer-display-feature-text-message',
    '#merchant-info a',
  );
  const text = tabular ?? firstText(root, '#merchant-info', '#merchantInfo');
  if (!text) return undefined;
  // Amazon itself sells: "Ships from and sold by Amazon.com.", "Verkauf und Versand durch Amazon."
  const own = /\bAmazon(?:\.[a-z]{2,3}(?:\.[a-z]{2})?)?\b/i.exec(text);
  if (!tabular && own) return { name: own[0] };
  if (tabular) return { name: tabular };
  const soldBy = /sold by\s+(.+?)(?:\s+and\s+(?:fulfilled|shipped)\b|\.\s|\.$|$)/i.exec(text);
  return soldBy ? { name: clean(soldBy[1]) } : undefined;
}

/**
 * The brand from the byline: its link names it (`/stores/Gorilla/…`, `field-lbr_brands_browse-bin=ChangM`), else its
 * text.
 */
function brand(root: DocNode): string | undefined {
  const byline = root.find('#bylineInfo')[0];
  if (!byline) return firstText(root, 'tr.po-brand td.po-break-word');
  const href = byline.attr('href');
  const param = queryParam(href, 'field-lbr_brands_browse-bin') ?? queryParam(href, 'field-brandtextbin');
  if (param) return clean(param);
  const seg = pathSegments(href);
  if (seg[0] === 'stores' && seg[1] && seg[1] !== 'page') return clean(seg[1]);
  const text = clean(byline.text());
  if (!text) return undefined;
  return clean(
    text
      .replace(/^(?:Visit the|Brand:|Marke:|Marque\s*:|Marca:|ブランド:)\s*/i, '')
      .replace(/\s+Store$/i, '')
      .replace(/^Besuche den\s+(.+?)-Store$/i, '$1')
      .replace(/^Visita (?:la tienda de|lo Store di)\s+/i, '')
      .replace(/^Visiter la boutique\s+/i, '')
      .replace(/^(.+?)\s*のストアを表示$/, '$1'),
  );
}

/** Full-size image URL: Amazon's size modifiers (`._AC_US40_.`) removed. */
function fullSize(url: string): string {
  return url.replace(/\._[^/]*_\.(jpe?g|png|webp|gif)$/i, '.$1');
}

function images(root: DocNode, colorImages: unknown): string[] {
  const out: string[] = [];
  if (colorImages && typeof colorImages === 'object') {
    const initial = (colorImages as { initial?: unknown }).initial;
    if (Array.isArray(initial)) {
      for (const i of initial) {
        const o = i as { hiRes?: unknown; large?: unknown };
        const u = typeof o.hiRes === 'string' ? o.hiRes : typeof o.large === 'string' ? o.large : undefined;
        if (u) out.push(u);
      }
    }
  }
  if (out.length > 0) return out;
  const main = root.find('#landingImage, #imgBlkFront, #ebooksImgBlkFront, #main-image')[0];
  if (main) {
    const hires = clean(main.attr('data-old-hires'));
    if (hires) out.push(hires);
    else {
      try {
        const dyn = JSON.parse(main.attr('data-a-dynamic-image') ?? '{}') as Record<string, [number, number]>;
        const biggest = Object.entries(dyn).sort((a, b) => b[1][0] * b[1][1] - a[1][0] * a[1][1])[0];
        if (biggest) out.push(fullSize(biggest[0]));
      } catch {
        // no usable list
      }
      if (out.length === 0) {
        const src = clean(main.attr('src'));
        if (src && !src.startsWith('data:')) out.push(src);
      }
    }
  }
  for (const img of root.find('#altImages li.imageThumbnail img, #altImages li.item img')) {
    const src = clean(img.attr('src'));
    if (src && /\/images\/I\//.test(src)) out.push(fullSize(src));
  }
  return [...new Set(out)];
}

function searchResults(root: DocNode): SiteResult[] {
  const out: SiteResult[] = [];
  for (const card of root.find('[data-component-type="s-search-result"][data-asin], div.s-result-item[data-asin]')) {
    const asin = card.attr('data-asin');
    if (!asin) continue;
    const href = firstAttr(card, 'href', 'h2 a', 'a.a-link-normal.s-no-outline', 'a.a-link-normal[href*="/dp/"]');
    out.push({
      // A sponsored result links through a click tracker: the product's own address is /dp/<ASIN>.
      url: href && /\/dp\/[A-Z0-9]{10}/.test(href) ? href : `/dp/${asin}`,
      title: firstText(card, 'h2 a span', 'h2 span', 'h2'),
      priceText: firstText(card, '.a-price:not(.a-text-price) .a-offscreen'),
      image: firstAttr(card, 'src', 'img.s-image'),
    });
  }
  return out;
}

export const adapter: SiteAdapter = {
  id: 'amazon',
  name: 'Amazon',
  kind: 'marketplace',
  hosts: ['amazon.*', '*.amazon.*'],
  defaultOrigin: 'https://www.amazon.com',
  locales: [
    { id: 'us', origin: 'https://www.amazon.com', currency: 'USD' },
    { id: 'uk', origin: 'https://www.amazon.co.uk', currency: 'GBP' },
    { id: 'de', origin: 'https://www.amazon.de', currency: 'EUR' },
    { id: 'fr', origin: 'https://www.amazon.fr', currency: 'EUR' },
    { id: 'it', origin: 'https://www.amazon.it', currency: 'EUR' },
    { id: 'es', origin: 'https://www.amazon.es', currency: 'EUR' },
    { id: 'nl', origin: 'https://www.amazon.nl', currency: 'EUR' },
    { id: 'be', origin: 'https://www.amazon.com.be', currency: 'EUR' },
    { id: 'ie', origin: 'https://www.amazon.ie', currency: 'EUR' },
    { id: 'pl', origin: 'https://www.amazon.pl', currency: 'PLN' },
    { id: 'se', origin: 'https://www.amazon.se', currency: 'SEK' },
    { id: 'tr', origin: 'https://www.amazon.com.tr', currency: 'TRY' },
    { id: 'ca', origin: 'https://www.amazon.ca', currency: 'CAD' },
    { id: 'mx', origin: 'https://www.amazon.com.mx', currency: 'MXN' },
    { id: 'br', origin: 'https://www.amazon.com.br', currency: 'BRL' },
    { id: 'jp', origin: 'https://www.amazon.co.jp', currency: 'JPY' },
    { id: 'in', origin: 'https://www.amazon.in', currency: 'INR' },
    { id: 'au', origin: 'https://www.amazon.com.au', currency: 'AUD' },
    { id: 'sg', origin: 'https://www.amazon.sg', currency: 'SGD' },
    { id: 'ae', origin: 'https://www.amazon.ae', currency: 'AED' },
    { id: 'sa', origin: 'https://www.amazon.sa', currency: 'SAR' },
    { id: 'eg', origin: 'https://www.amazon.eg', currency: 'EGP' },
  ],
  searchPath: '/s?k={query}&page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:[^/?#]+/)?(?:dp|gp/product|gp/aw/d|exec/obidos/ASIN)/[A-Z0-9]{10}(?:[/?#].*)?$`,
  searchPathPattern: String.raw`^/s(?:[/?].*)?$`,
  pages: [
    {
      type: 'product',
      path: String.raw`^/(?:[^/?#]+/)?(?:dp|gp/product|gp/aw/d|exec/obidos/ASIN)/[A-Z0-9]{10}(?:[/?#].*)?$`,
    },
    { type: 'shop', path: String.raw`^/(?:s\?(?:.*&)?me=|sp\?(?:.*&)?seller=)` },
    { type: 'search', path: String.raw`^/s(?:[/?].*)?$` },
  ],
  results: {
    item: '[data-component-type="s-search-result"][data-asin]',
    link: { selector: 'h2 a', attr: 'href' },
    title: { selector: 'h2' },
    price: { selector: '.a-price:not(.a-text-price) .a-offscreen' },
  },
  nextPage: { selector: 'a.s-pagination-next', attr: 'href' },
  fields: { title: { selector: '#productTitle' } },
  select: { title: [{ selector: '#productTitle' }, { selector: '#title' }, { selector: '#ebooksProductTitle' }] },
  state: { colorImages: { key: 'colorImages' } },
  read: {
    listing(ctx) {
      // The product's own block (#ppd: image, title, byline, buy box); the rest of the page is carousels and ads.
      const root = ctx.doc.root.find('#ppd')[0] ?? ctx.doc.root;
      return {
        priceText: price(root),
        seller: seller(root),
        brand: brand(root),
        images: images(root, ctx.state('colorImages')),
      };
    },
    search(ctx) {
      return { results: searchResults(ctx.doc.root) };
    },
  },
  titleBoilerplate: [
    String.raw`^Amazon(?:\.[a-z.]+)?\s*[:：]\s*`,
    String.raw`\s+:\s+[^:]+$`,
    String.raw`\s*(?:-\s*)+Amazon(?:\.[a-z.]+)?\s*$`,
    String.raw`\s*[:|]\s*Amazon(?:\.[a-z.]+)?.*$`,
  ],
  dataMarkers: ['#productTitle', '#dp-container', '[data-component-type="s-search-result"]'],
  unavailableMarkers: [
    { selector: '#availability .a-color-price', text: 'currently unavailable' },
    { selector: '#outOfStock' },
  ],
};
