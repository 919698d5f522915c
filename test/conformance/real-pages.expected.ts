/**
 * What each saved real page (../shared/data/real-pages, named by its
 * MANIFEST.json `file`) should give, written by reading the page: the
 * classification a sweep must reach, what a sweep reads from it (a listing,
 * search results, or nothing) and the fields a reader would check by eye.
 * Only these expected values live here; the pages stay outside the project.
 *
 * A field is checked only on the pages that show it (a video page shows no
 * price; a live stream has no length).
 */
import type { Verdict } from '../../shared/classify';

export interface ExpectedPage {
  /** MANIFEST.json `file`. */
  file: string;
  /** The URL read with, when the manifest has none (the site's usual address for such a page). */
  url?: string;
  classification: Verdict;
  /** What a sweep reads from it. */
  kind: 'product' | 'video' | 'search' | 'none';
  /** A listing's title; for a page that is no listing, its <title> (a charset check). */
  title?: string;
  price?: number;
  currency?: string;
  /** Any of these is the seller (shop, uploader): name or id. */
  seller?: string[];
  brand?: string;
  soldCount?: number;
  durationSeconds?: number;
  views?: number;
  uploadDate?: string;
  /** A search page: exactly this many distinct results… */
  results?: number;
  /** …and whether it links a next page. */
  nextPage?: boolean;
}

export const expectedPages: ExpectedPage[] = [
  {
    file: 'amazon/amazon-com-wall-sconce-2019.html',
    classification: 'ok',
    kind: 'product',
    title:
      'Modern LED Wall Sconce Lighting Fixture Lamps 7W Warm White 2700K Up and Down Indoor Plaster Wall Lamps ' +
      'for Living Room Bedroom Hallway Conservatory Home Room Decor(with G9 Bulbs Not Dimmable)',
    price: 29.99,
    currency: 'USD',
    seller: ['Direct ChangM', 'A3EL5JZNMT8SZ7'],
    brand: 'ChangM',
  },
  {
    file: 'amazon/amazon-com-gorilla-tape-2021.html',
    classification: 'ok',
    kind: 'product',
    title: 'Gorilla Black Duct Tape, 1.88" x 12 yd, Black, (Pack of 2)',
    price: 12.48,
    currency: 'USD',
    seller: ['Amazon.com', 'Amazon'],
    brand: 'Gorilla',
  },
  {
    file: 'etsy/etsy-es-doormat-2022.html',
    // A reCAPTCHA script is on the page: not a challenge.
    classification: 'ok',
    kind: 'product',
    title:
      'EL original he y hay calabaza / decoración de otoño / estera de bienvenida / pintado a mano, felpudo ' +
      'personalizado / lindo felpudo / doormat al aire libre / decoración del porche',
    // The offer in the visitor's currency (JSON-LD), not the shop-currency meta tag (48,00 USD).
    price: 43.9,
    currency: 'EUR',
    seller: ['OliveCreativeCompany'],
  },
  {
    file: 'ebay/ebay-wicker-sofa-2020.html',
    classification: 'ok',
    kind: 'product',
    title: 'Outdoor Wicker Patio Furniture Sofa 3 Seater Luxury Comfort Brown Wicker Couch',
    price: 349.99,
    currency: 'USD',
    seller: ['bestchoiceproducts'],
    brand: 'Best Choice Products',
    soldCount: 294,
  },
  {
    file: 'aliexpress/aliexpress-he-iphone-se-2020.html',
    classification: 'ok',
    kind: 'product',
    title:
      "מקורי Apple iPhone SE סמארטפון נייד טלפון A9 Dual Core 2GB RAM 16/64GB ROM 4.0 ''12MP טביעות אצבע 4G " +
      'LTE Smartphone',
    // The sale price (low end of the range), not the struck-through list price.
    price: 97.39,
    currency: 'EUR',
    seller: ['Summer Technology Co.,Ltd.', '1392990'],
    soldCount: 6,
  },
  {
    file: 'taobao/taobao-keyboard-case-2020.html',
    // The punish slider's iframe sits on a page that still carries its data.
    classification: 'partial-block',
    kind: 'product',
    title: '乳白亚克力外壳 60%键盘外壳 poker外壳无加强筋底壳透光外壳',
    price: 149,
    currency: 'CNY',
    seller: ['怡科外设KBDfans', 'paipailaji', '134583372'],
  },
  {
    file: 'rakuten/rakuten-home-2017-eucjp.html',
    classification: 'ok',
    // The home page: no listing, no results. Its title checks the EUC-JP decoding.
    kind: 'none',
    title:
      '【楽天市場】Shopping is Entertainment! ： インターネット最大級の通信販売、通販オンラインショッピングコミュニティ',
  },
  {
    file: 'walmart/walmart-ca-search-huggies-2025.html',
    // PerimeterX's "Robot or human?" modal over a page whose __NEXT_DATA__ holds every result.
    classification: 'partial-block',
    kind: 'search',
    results: 40,
    nextPage: true,
  },
  {
    file: 'jd/jd-search-sony-earphones-2016.html',
    classification: 'ok',
    kind: 'search',
    // 30 cards, one of them a promotion with no item link.
    results: 29,
    nextPage: true,
  },
  {
    file: 'lazada/lazada-ph-search-diapers-2024.html',
    classification: 'ok',
    kind: 'search',
    results: 40,
    nextPage: true,
  },
  {
    file: 'alibaba/alibaba-category-consumer-electronics-2025.html',
    url: 'https://www.alibaba.com/category/products/44/index.html',
    classification: 'needs-browser',
    kind: 'none',
  },
  {
    file: 'youtube/ytdl-regular-watch.html',
    classification: 'ok',
    kind: 'video',
    title: 'Meor 2 - Screaming cat goes nuts!',
    seller: ['FlippyCat', 'UCuO06egvl5yE__rR_02WUZw'],
    // videoDetails.lengthSeconds (the microformat rounds up to 11).
    durationSeconds: 10,
    views: 582858,
    uploadDate: '2006-04-04',
  },
  {
    file: 'youtube/ytdl-age-restricted-watch.html',
    // "Sign in to confirm your age", while the video's details are in the page.
    classification: 'login-wall',
    kind: 'video',
    title: 'Porn Stars Rate my Dick Pic 👀',
    seller: ['NerdBallerTV'],
    durationSeconds: 977,
    views: 5108558,
  },
  {
    file: 'youtube/ytdl-live-now-watch.html',
    classification: 'ok',
    kind: 'video',
    title: 'lofi hip hop radio - beats to relax/study to',
    seller: ['ChilledCow', 'UCSJ4gkVC6NrvII8umztf0Ow'],
    views: 251705798,
  },
  {
    file: 'youtube/ytsr-search-test.html',
    classification: 'ok',
    kind: 'search',
    // 30 video renderers, one video shown twice; more results come from a POST continuation.
    results: 29,
    nextPage: false,
  },
  {
    file: 'dontorrent/dontorrent-search.html',
    url: 'https://dontorrent.link/buscar/the%20boys',
    classification: 'ok',
    kind: 'search',
    results: 4,
    nextPage: false,
  },
  {
    file: 'wolfmax4k/wolfmax4k-search.html',
    url: 'https://wolfmax4k.com/buscar?q=the+boys',
    classification: 'ok',
    kind: 'search',
    results: 5,
    nextPage: true,
  },
  {
    file: 'rutracker/rutracker-search.html',
    url: 'https://rutracker.org/forum/tracker.php?nm=the+boys',
    classification: 'ok',
    kind: 'search',
    results: 1,
    nextPage: false,
  },
];
