import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, localeById, searchPageUrl } from '../../../shared/sites';
import { listingOf, readFixture } from './helpers';

const walmart = adapterById('walmart')!;

describe('walmart adapter', () => {
  it("knows .com and .ca, and Canada's search path", () => {
    expect(findAdapter('https://www.walmart.com/ip/x/111111111')?.id).toBe('walmart');
    expect(findAdapter('https://www.walmart.ca/en/ip/x/6000208798725')?.id).toBe('walmart');
    expect(searchPageUrl(walmart, 'diapers', { locale: localeById(walmart, 'ca') })).toBe(
      'https://www.walmart.ca/en/search?q=diapers&page=1',
    );
  });

  it('reads products (not ads or tiles) from __NEXT_DATA__ under a PerimeterX modal: a partial block', () => {
    const r = readFixture('walmart', 'search.html', 'https://www.walmart.com/search?q=fixture+diapers');
    expect(r.classification).toMatchObject({ verdict: 'partial-block', provider: 'perimeterx', extractable: true });
    expect(r.reading?.search?.results).toEqual([
      {
        url: 'https://www.walmart.com/ip/Fixture-Diapers-Size-1/111111111?classType=REGULAR',
        title: 'Fixture Diapers Size 1, 120 Count',
        price: 24.97,
        currency: 'USD',
        seller: 'Walmart.com',
      },
      {
        url: 'https://www.walmart.com/ip/Fixture-Wipes/222222222',
        title: 'Fixture Wipes 3-Pack',
        price: 8.5,
        currency: 'USD',
        seller: 'Fixture Marketplace LLC',
      },
    ]);
    expect(r.reading?.search?.nextPageUrl).toBe('https://www.walmart.com/search?page=2&q=fixture+diapers');
  });

  it('reads an item page: the current price, not the "was" price; brand and seller', () => {
    const l = listingOf('walmart', 'item.html', 'https://www.walmart.com/ip/Fixture-Diapers-Size-1/111111111');
    expect(l).toMatchObject({
      title: 'Fixture Diapers Size 1, 120 Count',
      price: 24.97,
      currency: 'USD',
      brand: 'Fixture',
      seller: { name: 'Fixture Marketplace LLC', id: 'F0001' },
    });
  });

  it('the PerimeterX page alone is a block', () => {
    const r = readFixture('walmart', 'px-block.html', 'https://www.walmart.com/search?q=x');
    expect(r.classification).toMatchObject({ verdict: 'block', provider: 'perimeterx', extractable: false });
  });
});
