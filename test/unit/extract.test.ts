import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cheerioDocument } from '../../crawler/fetch/cheerio-document';
import {
  canonicalUrl,
  ExtractionError,
  extractListing,
  extractSearchResults,
  extractStructured,
  microdataItems,
  parseCount,
  parseDuration,
} from '../../shared/extract';
import type { PageDocument } from '../../shared/extract/document';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { parseSize } from '../../shared/extract/values';

const FETCHED_AT = '2025-01-15T10:00:00.000Z';
const meta = { fetchedAt: FETCHED_AT };

function page(name: string, url: string): PageDocument {
  const html = readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
  return cheerioDocument(html, url);
}

function adapter(over: Partial<SiteAdapter>): SiteAdapter {
  return {
    id: 'test-site',
    name: 'Test site',
    kind: 'marketplace',
    hosts: ['test.example'],
    defaultOrigin: 'https://test.example',
    searchPath: '/search?q={query}&page={page}',
    firstPage: 1,
    listingPathPattern: '^/item/\\d+',
    searchPathPattern: '^/search',
    results: { item: '.result', link: { selector: 'a', attr: 'href' } },
    fields: {},
    ...over,
  };
}

describe('JSON-LD', () => {
  it('reads a Product in @graph with an array of offers (lowest price, seller by @id)', () => {
    const doc = page('jsonld-graph.html', 'https://shop.example.com/products/luxe-tote-monogram?utm_source=x#top');
    const sd = extractStructured(doc);
    expect(sd.jsonld.brand).toBe('Luxe');
    expect(sd.jsonld.title).toBe('Luxe Tote Bag Monogram Canvas');
    const listing = extractListing(doc, undefined, { ...meta, contentHash: 'abc123' });
    expect(listing).toEqual({
      url: 'https://shop.example.com/products/luxe-tote-monogram?variant=2',
      site: 'shop.example.com',
      brand: 'Luxe',
      kind: 'product',
      title: 'Luxe Tote Bag Monogram Canvas',
      description: 'Classic monogram canvas tote with leather trim.',
      price: 99.5,
      currency: 'USD',
      seller: {
        id: 'seller-8841',
        name: 'BagOutlet Trading Ltd',
        url: 'https://shop.example.com/about',
        location: 'Guangzhou, CN',
      },
      images: ['https://shop.example.com/images/tote-front.jpg', 'https://cdn.example.com/tote-side.jpg'],
      fetchedAt: FETCHED_AT,
      contentHash: 'abc123',
    });
  });

  it('lets adapter selectors win for seller fields', () => {
    const doc = page('jsonld-graph.html', 'https://shop.example.com/products/luxe-tote-monogram');
    const a = adapter({
      id: 'bagoutlet',
      hosts: ['shop.example.com'],
      fields: {
        title: { selector: 'h1' },
        sellerName: { selector: '.shop-link' },
        sellerUrl: { selector: '.shop-link', attr: 'href' },
      },
    });
    const listing = extractListing(doc, a, meta);
    expect(listing.site).toBe('bagoutlet');
    expect(listing.seller).toEqual({
      id: 'seller-8841',
      name: 'BagOutlet Official',
      url: 'https://shop.example.com/shop/bagoutlet-official',
      location: 'Guangzhou, CN',
    });
    expect(listing.price).toBe(99.5);
  });

  it('reads a Product with an AggregateOffer and a brand object', () => {
    const doc = page('jsonld-aggregate.html', 'https://watchdeals.example/products/op41');
    expect(extractStructured(doc).jsonld.brand).toBe('Rolex');
    const listing = extractListing(doc, undefined, meta);
    expect(listing.title).toBe('Oyster Perpetual 41mm Automatic Watch & Box');
    expect(listing.price).toBe(1249);
    expect(listing.currency).toBe('EUR');
    expect(listing.images).toEqual(['https://watchdeals.example/products/img/op41-main.jpg']);
    expect(listing.description).toBe('Stainless steel, sapphire crystal, 41mm case.');
    expect(listing.seller).toBeUndefined();
  });

  it('skips a malformed block and reads the good one', () => {
    const doc = page('jsonld-malformed.html', 'https://gadgethub.example/p/earbuds-pro-2');
    const listing = extractListing(doc, undefined, meta);
    expect(listing.title).toBe('Wireless Earbuds Pro 2nd Generation');
    expect(listing.price).toBe(24.9);
    expect(listing.currency).toBe('GBP');
    expect(listing.seller).toEqual({ name: 'GadgetHub UK' });
    expect(listing.images).toEqual(['https://gadgethub.example/img/earbuds.jpg']);
  });

  it('reads a VideoObject: ISO duration, WatchAction count, author', () => {
    const doc = page('jsonld-video.html', 'https://vidtube.example/watch?v=abc123&si=share1&t=10');
    const listing = extractListing(doc, undefined, meta);
    expect(listing).toMatchObject({
      url: 'https://vidtube.example/watch?t=10&v=abc123',
      site: 'vidtube.example',
      kind: 'video',
      title: 'Starfall Odyssey FULL MOVIE 1080p',
      durationSeconds: 6723,
      views: 123456,
      seller: { name: 'MovieDump HD', url: 'https://vidtube.example/@moviedumphd' },
      images: ['https://i.vidtube.example/vi/abc123/maxres.jpg', 'https://i.vidtube.example/vi/abc123/hq.jpg'],
    });
    expect(listing.price).toBeUndefined();
  });

  it('reads interactionCount and uploader on a video', () => {
    const html = `<html><head><script type="application/ld+json">
      {"@context":"http://schema.org","@type":["VideoObject"],"name":"Clip","duration":"PT4M5S",
       "interactionCount":"UserPlays:4,321","uploader":{"@type":"Person","name":"uploader9"}}
    </script></head><body></body></html>`;
    const listing = extractListing(cheerioDocument(html, 'https://v.example/v/9'), undefined, meta);
    expect(listing).toMatchObject({ kind: 'video', durationSeconds: 245, views: 4321, seller: { name: 'uploader9' } });
  });
});

describe('microdata', () => {
  it('reads a Product with nested Offer, seller, brand; nested scopes keep their props', () => {
    const doc = page('microdata-product.html', 'https://kicksmart.example/p/ar90?id=5');
    const sd = extractStructured(doc);
    expect(sd.jsonld).toEqual({});
    expect(sd.microdata.brand).toBe('Nike');
    const listing = extractListing(doc, undefined, meta);
    expect(listing).toMatchObject({
      url: 'https://kicksmart.example/p/ar90?id=5',
      kind: 'product',
      title: 'Air Runner 90 Sneakers White/Red',
      description: 'Breathable mesh upper, cushioned sole.',
      price: 39.99,
      currency: 'USD',
      seller: { name: 'Kicks Factory Direct', url: 'https://kicksmart.example/store/kicks-factory-direct' },
      images: ['https://kicksmart.example/media/ar90-1.jpg', 'https://kicksmart.example/media/ar90-2.jpg'],
    });
    const [pageItem] = microdataItems(doc.root);
    const product = pageItem?.['mainEntity'] as Record<string, unknown>;
    expect(pageItem?.['name']).toBe('KicksMart product page');
    expect(product['name']).toBe('Air Runner 90 Sneakers White/Red');
    expect((product['offers'] as Record<string, unknown>)['price']).toBe('39.99');
    expect((product['review'] as Record<string, unknown>)['name']).toBe('Great value');
  });
});

describe('OpenGraph', () => {
  it('reads an OpenGraph-only product page', () => {
    const doc = page('og-product.html', 'https://sunstore.example/p/designer-sunglasses-4410?color=black&fbclid=xyz');
    const listing = extractListing(doc, undefined, meta);
    expect(listing).toEqual({
      url: 'https://sunstore.example/p/designer-sunglasses-4410?color=black',
      site: 'sunstore.example',
      kind: 'product',
      title: 'Designer Sunglasses Polarized UV400',
      description: 'Polarized lenses, metal frame, case included.',
      price: 18.5,
      currency: 'USD',
      images: ['https://sunstore.example/cdn/sg-01.jpg', 'https://sunstore.example/cdn/sg-02.jpg'],
      fetchedAt: FETCHED_AT,
    });
  });

  it('reads an OpenGraph video page', () => {
    const doc = page('og-video.html', 'https://freeflix.example/watch/starfall-odyssey-2024?ref=home');
    const listing = extractListing(doc, undefined, meta);
    expect(listing).toMatchObject({
      url: 'https://freeflix.example/watch/starfall-odyssey-2024',
      kind: 'video',
      title: 'Starfall Odyssey (2024) Full Movie HD',
      durationSeconds: 6723,
      images: ['https://freeflix.example/posters/starfall.jpg'],
    });
  });
});

describe('adapter selectors', () => {
  const markupAdapter = adapter({
    id: 'markup-test',
    hosts: ['www.markup.example'],
    fields: {
      title: { selector: 'h1.product-title' },
      price: { selector: '.price-current' },
      soldCount: { selector: '.sold' },
      images: { selector: '.gallery img', all: true },
      description: { selector: '.desc' },
      sellerId: { selector: '.store-name', attr: 'data-store-id' },
      sellerName: { selector: '.store-name' },
      sellerUrl: { selector: '.store-name', attr: 'href' },
      sellerLocation: { selector: '.store-location' },
    },
  });

  it('reads a markup-only page through the adapter', () => {
    const doc = page('markup-only.html', 'https://www.markup.example/item/55.html?spm=a.b.c');
    expect(extractListing(doc, markupAdapter, meta)).toEqual({
      url: 'https://www.markup.example/item/55.html',
      site: 'markup-test',
      kind: 'product',
      title: 'Phone Case for iPhone 15 Pro Shockproof Silicone',
      description: 'Slim fit, raised edges protect the camera.',
      price: 12.99,
      currency: 'USD',
      seller: {
        id: '998877',
        name: 'Best Case Store',
        url: 'https://www.markup.example/store/998877',
        location: 'Shenzhen, China',
      },
      images: ['https://www.markup.example/img/case-1.jpg', 'https://img.markup.example/case-2.jpg'],
      soldCount: 3456,
      fetchedAt: FETCHED_AT,
    });
  });

  it('falls back to <title> without an adapter, and marks video adapters as video', () => {
    const doc = page('markup-only.html', 'https://www.markup.example/item/55.html');
    const listing = extractListing(doc, undefined, meta);
    expect(listing.title).toBe('Buy cheap phone cases online');
    expect(listing.site).toBe('www.markup.example');
    expect(listing.price).toBeUndefined();
    expect(extractListing(doc, adapter({ kind: 'video' }), meta).kind).toBe('video');
  });

  it('reads a Chinese page: ¥ and 元 prices, 万 sold counts', () => {
    const fields: SiteAdapter['fields'] = {
      title: { selector: '.tb-main-title' },
      price: { selector: '.tb-rmb-num' },
      currency: { selector: '.tb-rmb' },
      soldCount: { selector: '.tb-sell-counter' },
      images: { selector: '.tb-thumb img', attr: 'src', all: true },
      sellerName: { selector: '.tb-shop-name' },
      sellerUrl: { selector: '.tb-shop-name', attr: 'href' },
      sellerLocation: { selector: '.tb-shop-loc' },
    };
    const doc = page('chinese.html', 'https://item.taobao.example/item.htm?id=612345&spm=a230r.1.14.1&scm=1007');
    const listing = extractListing(doc, adapter({ id: 'cn-test', fields }), meta);
    expect(listing).toMatchObject({
      url: 'https://item.taobao.example/item.htm?id=612345',
      title: '【正品】经典老花手提包 女士单肩包 专柜同款',
      description: '经典老花手提包，头层牛皮，专柜同款',
      price: 168,
      currency: 'CNY',
      soldCount: 12000,
      seller: {
        name: '潮流名品折扣店',
        url: 'https://shop123456.taobao.example/?spm=a1z10.1-c.0.0',
        location: '广东 广州',
      },
      images: [
        'https://img.alicdn.example/bao/main-1.jpg_400x400.jpg',
        'https://img.alicdn.example/bao/main-2.jpg_400x400.jpg',
      ],
    });
    const yuan = extractListing(
      doc,
      adapter({ id: 'cn-test', fields: { ...fields, price: { selector: '.tb-orig s' }, currency: undefined } }),
      meta,
    );
    expect(yuan.price).toBe(2980);
    expect(yuan.currency).toBe('CNY');
  });

  it('throws ExtractionError naming the URL when there is no title', () => {
    const doc = cheerioDocument('<html><body><p>nothing here</p></body></html>', 'https://empty.example/item/1');
    expect(() => extractListing(doc, undefined, meta)).toThrow(ExtractionError);
    expect(() => extractListing(doc, undefined, meta)).toThrow(/no title found on https:\/\/empty\.example\/item\/1/);
  });
});

describe('search results', () => {
  const searchAdapter = adapter({
    id: 'examplemart',
    hosts: ['www.examplemart.example'],
    results: {
      item: 'li.result',
      link: { selector: 'a.result-link', attr: 'href' },
      title: { selector: '.result-title' },
      price: { selector: '.result-price' },
    },
    nextPage: { selector: 'a.next-page', attr: 'href' },
  });

  it('collects listing links (resolved, canonical, de-duplicated, ads dropped) and the next page', () => {
    const doc = page('search-results.html', 'https://www.examplemart.example/search?q=luxe+bag&page=1');
    const res = extractSearchResults(doc, searchAdapter);
    expect(res.listingUrls).toEqual([
      'https://www.examplemart.example/item/1001?sku=black',
      'https://www.examplemart.example/item/1002',
      'https://www.examplemart.example/item/1003',
    ]);
    expect(res.nextPageUrl).toBe('https://www.examplemart.example/search?page=2&q=luxe+bag');
    expect(res.results?.[0]).toEqual({
      url: 'https://www.examplemart.example/item/1001?sku=black',
      title: 'Luxe Monogram Tote Bag',
      price: 24.99,
      currency: 'USD',
    });
  });

  it('falls back to rel=next and omits nextPageUrl on the last page', () => {
    const noNext = adapter({ results: searchAdapter.results });
    const withRel = cheerioDocument(
      '<html><head><link rel="next" href="?q=x&page=3"></head><body><li class="result"><a class="result-link" ' +
        'href="/item/9">x</a></li></body></html>',
      'https://test.example/search?q=x&page=2',
    );
    expect(extractSearchResults(withRel, noNext)).toEqual({
      listingUrls: ['https://test.example/item/9'],
      nextPageUrl: 'https://test.example/search?page=3&q=x',
      results: [{ url: 'https://test.example/item/9' }],
    });
    const last = cheerioDocument('<html><body></body></html>', 'https://test.example/search?q=x&page=9');
    expect(extractSearchResults(last, searchAdapter).nextPageUrl).toBeUndefined();
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Shop.EXAMPLE.com:443/a/b?utm_source=x&b=2&a=1&spm=abc#frag', 'https://shop.example.com/a/b?a=1&b=2'],
    ['https://x.example/item?UTM_Medium=a&fbclid=1&gclid=2&ref=home&scm=1', 'https://x.example/item'],
    ['https://x.example/item?b=2&a=2&a=1', 'https://x.example/item?a=2&a=1&b=2'],
    ['https://x.example/s?q=%E5%8C%85&spm_id_from=333', 'https://x.example/s?q=%E5%8C%85'],
    ['https://x.example/p/1?', 'https://x.example/p/1'],
  ])('%s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
    expect(canonicalUrl(expected)).toBe(expected);
  });

  it('resolves against a base and rejects junk', () => {
    expect(canonicalUrl('../item/1?ref=abc&id=7', 'https://M.Shop.example/s/list/')).toBe(
      'https://m.shop.example/s/item/1?id=7',
    );
    expect(() => canonicalUrl('not a url')).toThrow();
  });
});

describe('value parsers', () => {
  it.each([
    ['1.2万', 12000],
    ['10万+', 100000],
    ['已售 2.3万+ 件', 23000],
    ['3,456 sold', 3456],
    ['12k views', 12000],
    ['1.5M views', 1500000],
    ['1,234,567 views', 1234567],
    ['2亿次播放', 200000000],
    ['1.2w', 12000],
    ['12 months ago', 12],
    ['no number', undefined],
  ])('parseCount(%j)', (text, n) => {
    expect(parseCount(text)).toBe(n);
  });

  it.each([
    ['11.13 GB', Math.round(11.13 * 1024 ** 3)],
    ['702,12 MB', Math.round(702.12 * 1024 ** 2)],
    ['1.4 GiB', Math.round(1.4 * 1024 ** 3)],
    ['3,1 Go', Math.round(3.1 * 1024 ** 3)],
    ['4.2 ГБ', Math.round(4.2 * 1024 ** 3)],
    ['512 KB', 512 * 1024],
    ['2 TB', 2 * 1024 ** 4],
    ['900 bytes', 900],
    ['2.1 GB120', Math.round(2.1 * 1024 ** 3)],
    [4724464025, 4724464025],
    ['1080p', undefined],
    ['12 GBP', undefined],
    ['size unknown', undefined],
  ])('parseSize(%j)', (text, n) => {
    expect(parseSize(text)).toBe(n);
  });

  it.each([
    ['PT1H52M3S', 6723],
    ['PT90S', 90],
    ['P0DT2H', 7200],
    ['1:52:03', 6723],
    ['52:03', 3123],
    ['1h52m', 6720],
    ['1 hr 52 min 3 sec', 6723],
    ['112 min', 6720],
    ['1小时52分钟', 6720],
    ['6723', 6723],
    ['soon', undefined],
  ])('parseDuration(%j)', (text, s) => {
    expect(parseDuration(text)).toBe(s);
  });
});
