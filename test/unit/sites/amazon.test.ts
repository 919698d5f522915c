import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, localeById, pageType, searchPageUrl } from '../../../shared/sites';
import { listingOf, readFixture, searchOf } from './helpers';

const amazon = adapterById('amazon')!;

describe('amazon adapter', () => {
  it('knows every store and its page types', () => {
    for (const host of [
      'www.amazon.com',
      'www.amazon.co.uk',
      'www.amazon.de',
      'www.amazon.co.jp',
      'www.amazon.com.br',
      'm.amazon.in',
      'smile.amazon.com',
    ]) {
      expect(findAdapter(`https://${host}/Some-Thing/dp/B0TEST0001`)?.id, host).toBe('amazon');
    }
    expect(findAdapter('https://amazon.evil.example/dp/B0TEST0001')).toBeUndefined();
    expect(pageType(amazon, 'https://www.amazon.fr/gp/product/B0TEST0001?th=1')).toBe('product');
    expect(pageType(amazon, 'https://www.amazon.fr/s?k=lampe')).toBe('search');
    expect(pageType(amazon, 'https://www.amazon.fr/s?me=A1TESTSELLER')).toBe('shop');
    expect(pageType(amazon, 'https://www.amazon.fr/gp/help/customer')).toBeUndefined();
  });

  it("builds each locale's search URL", () => {
    expect(searchPageUrl(amazon, 'desk lamp', { locale: localeById(amazon, 'uk'), page: 2 })).toBe(
      'https://www.amazon.co.uk/s?k=desk%20lamp&page=2',
    );
    expect(searchPageUrl(amazon, 'lampe', { locale: localeById(amazon, 'de') })).toBe(
      'https://www.amazon.de/s?k=lampe&page=1',
    );
  });

  it('reads the buy box, not the carousel or the "was" price, and the title without the store\'s boilerplate', () => {
    const l = listingOf('amazon', 'product.html', 'https://www.amazon.co.uk/Glowfin-Desk-Lamp-LX-200/dp/B0TESTLAMP');
    expect(l).toMatchObject({
      site: 'amazon',
      kind: 'product',
      title: 'Glowfin Desk Lamp LX-200, Brushed Steel',
      price: 24.99,
      currency: 'GBP',
      brand: 'Glowfin',
    });
    expect(l.seller).toMatchObject({ name: 'Lumen Traders UK', id: 'A1TESTSELLER' });
    expect(l.seller?.url).toMatch(/^https:\/\/www\.amazon\.co\.uk\/gp\/help\/seller\//);
    expect(l.images).toEqual([
      'https://m.media-amazon.com/images/I/71lampAAAAL._AC_SL1500_.jpg',
      'https://m.media-amazon.com/images/I/51lampCCCCL._AC_.jpg',
    ]);
  });

  it('reads an older layout: price block, Amazon as the seller, the brand from the byline link', () => {
    const l = listingOf('amazon', 'product-sold-by-amazon.html', 'https://www.amazon.com/Fixture-Tape/dp/B0TESTTAPE');
    expect(l).toMatchObject({
      title: 'Fixture Tape 2-Pack',
      price: 12.48,
      currency: 'USD',
      brand: 'FixtureCo',
      seller: { name: 'Amazon.com' },
    });
    expect(l.images).toEqual(['https://m.media-amazon.com/images/I/61tape.jpg']);
  });

  it('reads a price drawn in parts (empty screen-reader copy), a Japanese byline and the tabular seller', () => {
    const l = listingOf('amazon', 'product-price-parts.html', 'https://www.amazon.co.jp/dp/B0TESTMUG1');
    expect(l).toMatchObject({
      title: 'テスト マグカップ 350ml',
      price: 1980,
      currency: 'JPY',
      brand: 'テストブランド',
      seller: { name: 'テストショップ' },
    });
  });

  it('reads every search result with its price, and the next page', () => {
    const s = searchOf('amazon', 'search.html', 'https://www.amazon.de/s?k=lampe');
    expect(s.results).toEqual([
      {
        url: 'https://www.amazon.de/Glowfin-Lampe/dp/B0TEST0001/ref=sr_1_1?keywords=lampe',
        title: 'Glowfin Lampe LX-200',
        price: 24.99,
        currency: 'EUR',
      },
      { url: 'https://www.amazon.de/dp/B0TEST0002', title: 'Other Lamp' },
    ]);
    expect(s.nextPageUrl).toBe('https://www.amazon.de/s?k=lampe&page=2');
  });

  it('counts the robot check as a block and reads nothing from it', () => {
    const r = readFixture('amazon', 'robot-check.html', 'https://www.amazon.com/dp/B0TEST0001');
    expect(r.classification).toMatchObject({ verdict: 'block', provider: 'amazon-robot-check', extractable: false });
    expect(r.reading).toBeUndefined();
  });
});
