/**
 * Shops on WooCommerce, the commonest shop template on new counterfeit
 * sites. Like the pirate streaming themes, it is found by the page's
 * template (`detect`), not by a host: a shop discovery finds and a reviewer
 * accepts is swept with it. Single product pages carry schema.org Product
 * JSON-LD, which the generic extractor reads; selectors fill what it lacks.
 *
 * Markup (WooCommerce's documented templates): archives and search results
 * `ul.products li.product` with `a.woocommerce-LoopProduct-link`,
 * `.woocommerce-loop-product__title`, `.price`; a product page
 * `div.product` with `h1.product_title`, `p.price`, `form.cart`; pagination
 * `.woocommerce-pagination a.next`. Built from the templates; no saved page here.
 */
import type { SiteAdapter } from './adapter';

/** A discovered shop sells under its own name: the seller is the site. */
const siteOf = (url: string) => new URL(url).hostname.replace(/^www\./, '');

export const adapter: SiteAdapter = {
  id: 'woocommerce',
  name: 'Shops on WooCommerce (found by template)',
  kind: 'marketplace',
  hosts: [],
  defaultOrigin: 'https://shop.invalid',
  searchPath: '/?s={query}&post_type=product',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:product|produit|producto|produkt|shop)/[^/?#]+`,
  searchPathPattern: String.raw`^/(?:\?(?:.*&)?s=|page/\d+/\?(?:.*&)?s=|product-category/)`,
  detect: {
    template: [
      'link[href*="/plugins/woocommerce/"]',
      'script[src*="/plugins/woocommerce/"]',
      'body.woocommerce',
      'body.woocommerce-page',
      'ul.products li.product a.woocommerce-LoopProduct-link',
      'form.cart button.single_add_to_cart_button',
    ],
    pages: [
      { type: 'product', selector: 'div.product h1.product_title, form.cart button.single_add_to_cart_button' },
      { type: 'search', selector: 'ul.products li.product' },
    ],
  },
  results: {
    item: 'ul.products li.product',
    link: { selector: 'a.woocommerce-LoopProduct-link, a', attr: 'href' },
    title: { selector: '.woocommerce-loop-product__title, h2, h3' },
    price: { selector: '.price' },
  },
  nextPage: { selector: '.woocommerce-pagination a.next, a.next.page-numbers', attr: 'href' },
  fields: {},
  select: {
    title: [{ selector: 'div.product h1.product_title' }],
    price: [{ selector: 'div.product p.price' }],
    images: [{ selector: '.woocommerce-product-gallery__image img', attr: 'src', all: true }],
  },
  read: {
    listing(ctx) {
      return { seller: { name: siteOf(ctx.doc.url), url: new URL(ctx.doc.url).origin } };
    },
  },
  unverified: true,
};
