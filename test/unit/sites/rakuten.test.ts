import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../crawler/fetch/decode-html';
import { fixture, listingOf, readFixture, searchOf } from './helpers';

describe('rakuten adapter', () => {
  it('decodes an EUC-JP item page and reads it: title, yen price, the shop from the URL', () => {
    expect(decodeHtml(fixture('rakuten', 'item-eucjp.html')).encoding).toBe('EUC-JP');
    const l = listingOf('rakuten', 'item-eucjp.html', 'https://item.rakuten.co.jp/fixture-shop/mug-350/');
    expect(l).toMatchObject({
      title: 'テスト商品 マグカップ 350ml',
      price: 1980,
      currency: 'JPY',
      seller: { name: 'テストショップ', id: 'fixture-shop', url: 'https://www.rakuten.co.jp/fixture-shop/' },
    });
  });

  it('reads search results and the next page', () => {
    const s = searchOf('rakuten', 'search.html', 'https://search.rakuten.co.jp/search/mall/%E3%83%9E%E3%82%B0/');
    expect(s.results?.map((r) => [r.url, r.price, r.currency])).toEqual([
      ['https://item.rakuten.co.jp/fixture-shop/mug-350/', 1980, 'JPY'],
      ['https://item.rakuten.co.jp/other-shop/mug-big/', 2500, 'JPY'],
    ]);
    expect(s.nextPageUrl).toBe('https://search.rakuten.co.jp/search/mall/%E3%83%9E%E3%82%B0/?p=2');
  });

  it('reads no listing from a page of the site that is none (the home page)', () => {
    const r = readFixture('rakuten', 'search.html', 'https://www.rakuten.co.jp/');
    expect(r.reading?.listing).toBeUndefined();
  });
});
