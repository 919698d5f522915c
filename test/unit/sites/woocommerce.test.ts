import { describe, expect, it } from 'vitest';
import { findAdapter } from '../../../shared/sites';
import { readFixture } from './helpers';

describe('WooCommerce adapter (shops found by template)', () => {
  it('has no host of its own: any shop showing the template is read by it', () => {
    expect(findAdapter('https://fixture-outlet.example/product/fixture-aurelia-bag/')).toBeUndefined();
  });

  it('reads a product page as a listing whose seller is the shop', () => {
    const r = readFixture('woocommerce', 'product.html', 'https://fixture-outlet.example/product/fixture-aurelia-bag/');
    expect(r.reading?.adapter?.id).toBe('woocommerce');
    expect(r.reading?.listing).toMatchObject({
      site: 'woocommerce',
      kind: 'product',
      title: 'Fixture Aurelia Bag AAA replica',
      price: 89,
      currency: 'USD',
      seller: { name: 'fixture-outlet.example' },
    });
  });

  it('reads a product search page: every result and the next page', () => {
    const r = readFixture('woocommerce', 'search.html', 'https://fixture-outlet.example/?s=aurelia&post_type=product');
    expect(r.reading?.search?.results?.map((x) => [x.url, x.title])).toEqual([
      ['https://fixture-outlet.example/product/fixture-aurelia-bag/', 'Fixture Aurelia Bag'],
      ['https://fixture-outlet.example/product/fixture-scarf/', 'Fixture Scarf'],
    ]);
    expect(r.reading?.search?.nextPageUrl).toBe('https://fixture-outlet.example/page/2/?post_type=product&s=aurelia');
  });
});
