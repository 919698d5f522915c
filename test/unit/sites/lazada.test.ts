import { describe, expect, it } from 'vitest';
import { findAdapter } from '../../../shared/sites';
import { searchOf } from './helpers';

describe('lazada adapter', () => {
  it('knows the country sites', () => {
    for (const host of [
      'www.lazada.com.ph',
      'www.lazada.co.th',
      'www.lazada.com.my',
      'www.lazada.sg',
      'www.lazada.vn',
      'www.lazada.co.id',
    ]) {
      expect(findAdapter(`https://${host}/products/x-i123.html`)?.id, host).toBe('lazada');
    }
  });

  it(
    'reads rendered cards by their structure (hashed class ' + 'names): link, title, the shown price, the next page',
    () => {
      const s = searchOf('lazada', 'search-rendered.html', 'https://www.lazada.com.ph/catalog/?q=fixture%20diapers');
      expect(s.results).toEqual([
        {
          url: 'https://www.lazada.com.ph/products/fixture-diaper-large-40s-i100001.html',
          title: 'Fixture Diaper Large 40s',
          price: 305,
          currency: 'PHP',
        },
        {
          url: 'https://www.lazada.com.ph/products/fixture-wipes-80s-i100002-s200002.html',
          title: 'Fixture Wipes 80s',
          price: 1234.5,
          currency: 'PHP',
        },
      ]);
      expect(s.nextPageUrl).toBe('https://www.lazada.com.ph/catalog/?page=2&q=fixture%20diapers');
    },
  );

  it("reads the served page's pageData", () => {
    const s = searchOf('lazada', 'search-served.html', 'https://www.lazada.co.th/catalog/?q=fixture');
    expect(s.results).toEqual([
      {
        url: 'https://www.lazada.co.th/products/fixture-soap-i300001.html',
        title: 'Fixture Soap 3 bars',
        price: 129,
        currency: 'THB',
        seller: 'Fixture Shop TH',
      },
      {
        url: 'https://www.lazada.co.th/products/fixture-shampoo-i300002.html',
        title: 'Fixture Shampoo',
        price: 99,
        currency: 'THB',
        seller: 'Fixture Shop TH',
      },
    ]);
  });
});
