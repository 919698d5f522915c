import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, needsBrowser } from '../../../shared/sites';
import { listingOf } from './helpers';

describe('1688 adapter (from the documented structure)', () => {
  it('knows its hosts; search pages need a browser', () => {
    expect(findAdapter('https://detail.1688.com/offer/800000000001.html')?.id).toBe('1688');
    expect(needsBrowser(adapterById('1688')!, 'https://s.1688.com/selloffer/offer_search.htm?keywords=x')).toBe(true);
    expect(needsBrowser(adapterById('1688')!, 'https://detail.1688.com/offer/800000000001.html')).toBe(false);
  });

  it("reads __INIT_DATA: title, company, the first quantity tier's price, images", () => {
    const l = listingOf('1688', 'offer.html', 'https://detail.1688.com/offer/800000000001.html');
    expect(l).toMatchObject({
      title: '测试批发 手机壳 硅胶',
      price: 3.5,
      currency: 'CNY',
      seller: { name: '测试贸易有限公司', id: 'fixturetrade', url: 'https://fixturetrade.1688.com/' },
      images: ['https://cbu01.alicdn.com/img/ibank/fixture1.jpg'],
    });
  });
});
