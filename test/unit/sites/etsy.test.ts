import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType } from '../../../shared/sites';
import { listingOf, readFixture } from './helpers';

describe('etsy adapter', () => {
  it('knows listing, shop and search pages under a locale prefix', () => {
    const etsy = adapterById('etsy')!;
    expect(findAdapter('https://www.etsy.com/de/listing/100000001/x')?.id).toBe('etsy');
    expect(pageType(etsy, 'https://www.etsy.com/listing/100000001')).toBe('product');
    expect(pageType(etsy, 'https://www.etsy.com/es/shop/FixtureStudio')).toBe('shop');
    expect(pageType(etsy, 'https://www.etsy.com/search?q=mat')).toBe('search');
  });

  it(
    'reads the JSON-LD offer; its brand is the shop, so it becomes the seller and no brand is claimed; a ' +
      'reCAPTCHA script is no block',
    () => {
      const r = readFixture(
        'etsy',
        'listing.html',
        'https://www.etsy.com/de/listing/100000001/handbemalte-fixture-fussmatte',
      );
      expect(r.classification.verdict).toBe('ok');
      const l = r.reading!.listing!;
      expect(l).toMatchObject({
        title: 'Handbemalte Fixture-Fußmatte',
        price: 27.5,
        currency: 'EUR',
        seller: { name: 'FixtureStudio', url: 'https://www.etsy.com/de/shop/FixtureStudio' },
      });
      expect(l.brand).toBeUndefined();
    },
  );

  it('without JSON-LD, the shop is the first shop link and the buy box gives the price', () => {
    const l = listingOf('etsy', 'listing-no-jsonld.html', 'https://www.etsy.com/listing/100000002/fixture-mug');
    expect(l).toMatchObject({
      title: 'Fixture Mug',
      price: 12,
      currency: 'USD',
      seller: { name: 'FixtureCeramics', url: 'https://www.etsy.com/shop/FixtureCeramics' },
    });
  });

  it('counts the DataDome page as a block', () => {
    expect(readFixture('etsy', 'datadome.html', 'https://www.etsy.com/listing/100000001').classification).toMatchObject(
      { verdict: 'block', provider: 'datadome' },
    );
    void listingOf;
  });
});
