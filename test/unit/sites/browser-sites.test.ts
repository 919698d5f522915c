/** Temu and Shopee: app shells, read only once a browser has drawn them (built from their documented structure). */
import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, needsBrowser } from '../../../shared/sites';
import { readFixture } from './helpers';

describe('temu adapter', () => {
  it('fetches every page with a browser; the served shell needs a browser, the drawn page reads', () => {
    const temu = adapterById('temu')!;
    const url = 'https://www.temu.com/fixture-bluetooth-earbuds-g-601099500000001.html';
    expect(findAdapter(url)?.id).toBe('temu');
    expect(needsBrowser(temu, url)).toBe(true);
    expect(readFixture('temu', 'shell.html', url).classification).toMatchObject({
      verdict: 'needs-browser',
      extractable: false,
    });
    const r = readFixture('temu', 'rendered.html', url, { rendered: true });
    expect(r.classification.verdict).toBe('ok');
    expect(r.reading?.listing).toMatchObject({
      title: 'Fixture Bluetooth Earbuds',
      price: 7.49,
      currency: 'USD',
      seller: { name: 'Fixture Store' },
    });
  });
});

describe('shopee adapter', () => {
  it('knows the country sites; the drawn item page reads from JSON-LD', () => {
    for (const host of ['shopee.sg', 'shopee.com.my', 'shopee.co.id', 'shopee.tw', 'shopee.com.br']) {
      expect(findAdapter(`https://${host}/Fixture-Phone-Stand-i.300000001.400000001`)?.id, host).toBe('shopee');
    }
    const url = 'https://shopee.sg/Fixture-Phone-Stand-i.300000001.400000001';
    const r = readFixture('shopee', 'rendered.html', url, { rendered: true });
    expect(r.reading?.listing).toMatchObject({
      title: 'Fixture Phone Stand',
      price: 4.9,
      currency: 'SGD',
      seller: { url: 'https://shopee.sg/shop/300000001' },
    });
  });
});
