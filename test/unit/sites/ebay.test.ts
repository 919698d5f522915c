import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType } from '../../../shared/sites';
import { listingOf, readFixture, searchOf } from './helpers';

const ebay = adapterById('ebay')!;

describe('ebay adapter', () => {
  it('knows the country sites and page types', () => {
    for (const host of [
      'www.ebay.com',
      'www.ebay.co.uk',
      'www.ebay.de',
      'www.ebay.com.au',
      'www.benl.ebay.be',
      'm.ebay.com',
    ]) {
      expect(findAdapter(`https://${host}/itm/123456789012`)?.id, host).toBe('ebay');
    }
    expect(pageType(ebay, 'https://www.ebay.com/itm/Some-Title/123456789012')).toBe('product');
    expect(pageType(ebay, 'https://www.ebay.com/sch/i.html?_nkw=x')).toBe('search');
    expect(pageType(ebay, 'https://www.ebay.com/str/fixtureaudio')).toBe('shop');
  });

  it(
    'reads a classic item page: the title without its hidden label, microdata price and brand, the seller and ' +
      'the sold count',
    () => {
      const l = listingOf('ebay', 'item-classic.html', 'https://www.ebay.com/itm/Fixture-Patio-Sofa/123456789012');
      expect(l).toMatchObject({
        title: 'Fixture Patio Sofa 3 Seater Brown',
        price: 199.5,
        currency: 'USD',
        brand: 'Fixture Outdoor Co',
        soldCount: 1204,
        seller: { name: 'fixture_seller', id: 'fixture_seller' },
        images: ['https://i.ebayimg.com/images/g/fixtureAAAA/s-l1600.jpg'],
      });
    },
  );

  it('reads the 2022 layout: the primary price, not the "was" price', () => {
    const l = listingOf('ebay', 'item-2022.html', 'https://www.ebay.de/itm/323456789012');
    expect(l).toMatchObject({
      title: 'Fixture Headphones X1 Wireless',
      price: 59.9,
      currency: 'EUR',
      brand: 'FixtureSound',
      soldCount: 57,
      seller: { name: 'fixtureaudio', id: 'fixtureaudio' },
    });
  });

  it('reads search results (item links only) and the next page', () => {
    const s = searchOf('ebay', 'search.html', 'https://www.ebay.com/sch/i.html?_nkw=fixture+sofa');
    expect(s.results?.map((r) => [r.url, r.title, r.price])).toEqual([
      ['https://www.ebay.com/itm/123456789012?hash=item1', 'Fixture Patio Sofa 3 Seater', 199.5],
      ['https://www.ebay.com/itm/Fixture-Chair/223456789012', 'Fixture Chair', 20],
    ]);
    expect(s.nextPageUrl).toBe('https://www.ebay.com/sch/i.html?_nkw=fixture+sofa&_pgn=2');
  });

  it('counts "Pardon Our Interruption" as a block', () => {
    expect(
      readFixture('ebay', 'interruption.html', 'https://www.ebay.com/itm/123456789012').classification,
    ).toMatchObject({ verdict: 'block', provider: 'ebay-interruption' });
  });
});
