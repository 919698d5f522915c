import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType } from '../../../shared/sites';
import { listingOf, readFixture } from './helpers';

const ae = adapterById('aliexpress')!;

describe('aliexpress adapter', () => {
  it('knows its hosts and page types', () => {
    expect(findAdapter('https://he.aliexpress.com/item/1005000000001.html')?.id).toBe('aliexpress');
    expect(findAdapter('https://www.aliexpress.us/item/3256800000000001.html')?.id).toBe('aliexpress');
    expect(findAdapter('https://aliexpress.ru/item/1005000000001.html')?.id).toBe('aliexpress');
    expect(pageType(ae, 'https://www.aliexpress.com/w/wholesale-phone-case.html?page=2')).toBe('search');
    expect(pageType(ae, 'https://www.aliexpress.com/store/9990001')).toBe('shop');
  });

  it('reads runParams: the subject, the sale price (not the list price), the store and the images', () => {
    const l = listingOf('aliexpress', 'item.html', 'https://www.aliexpress.com/item/1005000000001.html');
    expect(l).toMatchObject({
      title: 'Fixture Phone Case For Model X',
      price: 9.99,
      currency: 'EUR',
      soldCount: 1250,
      seller: {
        name: 'Fixture Cases Store',
        id: '9990001',
        url: 'https://www.aliexpress.com/store/9990001',
        location: 'China',
      },
      images: ['https://ae01.alicdn.com/kf/Hfixture1.jpg', 'https://ae01.alicdn.com/kf/Hfixture2.jpg'],
    });
  });

  it('reads the 2021-22 component names', () => {
    const l = listingOf('aliexpress', 'item-2022.html', 'https://www.aliexpress.com/item/1005000000002.html');
    expect(l).toMatchObject({
      title: 'Fixture Watch Band 22mm',
      price: 3.5,
      currency: 'USD',
      soldCount: 85,
      seller: { name: 'Fixture Bands', id: '777' },
    });
  });

  it('says an item page without its state needs a browser, and reads nothing from it', () => {
    const r = readFixture('aliexpress', 'item-shell.html', 'https://www.aliexpress.com/item/1005000000003.html');
    expect(r.classification).toMatchObject({ verdict: 'needs-browser', extractable: false });
    expect(r.reading).toBeUndefined();
  });
});
