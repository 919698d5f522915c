import type { DocNode } from '../extract/document';
import { clean } from '../extract/values';
import type { SiteAdapter } from './adapter';
import { firstAttr, firstText, pathSegments } from './read-helpers';

/**
 * eBay, every country site. Item pages carry schema.org microdata (price,
 * currency, brand, mpn, gtin13), which structured data reads; the title is
 * `#itemTitle` (classic layout, behind a hidden "Details about" label) or
 * `h1.x-item-title__mainTitle` (2022 layout), the seller `#mbgLink` or the
 * seller card. Current eBay often answers a crawler with the "Pardon Our
 * Interruption" page, which the fetch classifier counts as a block.
 */

function title(root: DocNode): string | undefined {
  const modern = firstText(root, 'h1.x-item-title__mainTitle', '.x-item-title__mainTitle');
  if (modern) return modern;
  const h1 = root.find('#itemTitle')[0];
  if (!h1) return undefined;
  const full = clean(h1.text()) ?? '';
  // The visually hidden label ("Details about", "Détails sur"…) precedes the title in the same h1.
  const label = clean(h1.find('.g-hdn')[0]?.text());
  return clean(label && full.startsWith(label) ? full.slice(label.length) : full);
}

function soldCount(root: DocNode): string | undefined {
  for (const n of root.find(
    '.soldwithfeedback, .vi-qtyS-hot-red, #qtySubTxt, .x-quantity__availability span, .d-quantity__availability span',
  )) {
    const t = clean(n.text());
    if (t && /\d/.test(t) && /\b(?:sold|verkauft|vendu|venduti|vendidos|sprzedan)/i.test(t)) return t;
  }
  return undefined;
}

function seller(root: DocNode): { name?: string; url?: string; id?: string } | undefined {
  const link = root.find(
    '#mbgLink, .x-sellercard-atf__info__about-seller a, [data-testid="x-sellercard-atf"] a[href*="/str/"], ' +
      '[data-testid="x-sellercard-atf"] a[href*="/usr/"], .x-store-information__store-name a, ' +
      '[data-testid="str-title"] a, .ux-seller-section__item--seller a',
  )[0];
  if (!link) return undefined;
  const href = link.attr('href');
  const seg = pathSegments(href);
  const id = seg[0] === 'usr' || seg[0] === 'str' ? seg[1] : undefined;
  return { name: clean(link.text()) ?? id, url: href, id };
}

/** eBay's image URLs name their size (`s-l300`); the same image exists at `s-l1600`. */
function bigImage(url: string | undefined): string | undefined {
  return url?.replace(/\/s-l\d+\.(jpg|jpeg|png|webp)/i, '/s-l1600.$1');
}

export const adapter: SiteAdapter = {
  id: 'ebay',
  name: 'eBay',
  kind: 'marketplace',
  hosts: ['ebay.*', '*.ebay.*'],
  defaultOrigin: 'https://www.ebay.com',
  locales: [
    { id: 'us', origin: 'https://www.ebay.com', currency: 'USD' },
    { id: 'uk', origin: 'https://www.ebay.co.uk', currency: 'GBP' },
    { id: 'de', origin: 'https://www.ebay.de', currency: 'EUR' },
    { id: 'fr', origin: 'https://www.ebay.fr', currency: 'EUR' },
    { id: 'it', origin: 'https://www.ebay.it', currency: 'EUR' },
    { id: 'es', origin: 'https://www.ebay.es', currency: 'EUR' },
    { id: 'at', origin: 'https://www.ebay.at', currency: 'EUR' },
    { id: 'ie', origin: 'https://www.ebay.ie', currency: 'EUR' },
    { id: 'nl', origin: 'https://www.ebay.nl', currency: 'EUR' },
    { id: 'be', origin: 'https://www.benl.ebay.be', currency: 'EUR' },
    { id: 'ch', origin: 'https://www.ebay.ch', currency: 'CHF' },
    { id: 'pl', origin: 'https://www.ebay.pl', currency: 'PLN' },
    { id: 'ca', origin: 'https://www.ebay.ca', currency: 'CAD' },
    { id: 'au', origin: 'https://www.ebay.com.au', currency: 'AUD' },
    { id: 'sg', origin: 'https://www.ebay.com.sg', currency: 'SGD' },
    { id: 'my', origin: 'https://www.ebay.com.my', currency: 'MYR' },
    { id: 'ph', origin: 'https://www.ebay.ph', currency: 'PHP' },
    { id: 'hk', origin: 'https://www.ebay.com.hk', currency: 'HKD' },
  ],
  searchPath: '/sch/i.html?_nkw={query}&_pgn={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/itm/(?:[^/?#]+/)?\d{9,}(?:[/?#].*)?$`,
  searchPathPattern: String.raw`^/sch/`,
  pages: [
    { type: 'product', path: String.raw`^/itm/(?:[^/?#]+/)?\d{9,}(?:[/?#].*)?$` },
    { type: 'shop', path: String.raw`^/(?:str/[^/?#]+|sch/[^/?#]+/m\.html|sch/i\.html\?(?:.*&)?_ssn=)` },
    { type: 'search', path: String.raw`^/sch/` },
  ],
  results: {
    item: 'li.s-item, li.s-card',
    link: { selector: 'a.s-item__link, a.su-link, a[href*="/itm/"]', attr: 'href' },
    title: { selector: '.s-item__title, .s-card__title' },
    price: { selector: '.s-item__price, .s-card__price' },
  },
  nextPage: { selector: 'a.pagination__next', attr: 'href' },
  fields: {},
  select: {
    price: [
      { selector: '.x-price-primary .ux-textspans' },
      { selector: '#prcIsum', attr: 'content' },
      { selector: '#mm-saleDscPrc' },
      { selector: '#prcIsum' },
    ],
    currency: [{ selector: '[itemprop="priceCurrency"]', attr: 'content' }],
    brand: [
      { selector: '[itemprop="brand"] [itemprop="name"]' },
      { selector: '.ux-labels-values--brand .ux-labels-values__values' },
    ],
  },
  read: {
    listing(ctx) {
      const root = ctx.doc.root;
      const img = firstAttr(root, 'src', '#icImg', '.ux-image-carousel-item.active img', '.ux-image-carousel-item img');
      return {
        title: title(root),
        seller: seller(root),
        soldCount: soldCountNumber(soldCount(root)),
        images: img ? [bigImage(img)!] : undefined,
      };
    },
  },
  titleBoilerplate: [
    String.raw`^(?:Details about|Détails sur|Details zu|Dettagli su|Detalles de)\s+`,
    String.raw`\s*\|\s*eBay.*$`,
  ],
  dataMarkers: ['#itemTitle', '.x-item-title', 'li.s-item', '[itemprop="price"]'],
  unavailableMarkers: [
    { selector: '.statusLeftContent', text: 'this listing has ended' },
    { selector: '.d-statusmessage', text: 'this listing has ended' },
    { selector: '.ux-layout-section__textual-display--statusMessage', text: 'ended' },
  ],
};

function soldCountNumber(text: string | undefined): number | undefined {
  const m = text ? /(\d[\d,.\s]*)/.exec(text) : null;
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/[,.\s]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}
