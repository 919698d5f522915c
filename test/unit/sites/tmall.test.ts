import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType } from '../../../shared/sites';
import { listingOf } from './helpers';

describe('tmall adapter (from the documented structure)', () => {
  it('knows its hosts and page types', () => {
    expect(findAdapter('https://detail.tmall.com/item.htm?id=700000000001')?.id).toBe('tmall');
    expect(findAdapter('https://detail.tmall.hk/item.htm?id=700000000001')?.id).toBe('tmall');
    expect(pageType(adapterById('tmall')!, 'https://list.tmall.com/search_product.htm?q=x')).toBe('search');
  });

  it('reads TShop.Setup and the page: title, brand, the promotion price, the shop', () => {
    const l = listingOf('tmall', 'item.html', 'https://detail.tmall.com/item.htm?id=700000000001');
    expect(l).toMatchObject({
      title: '测试蓝牙耳机 X1',
      brand: '测试牌',
      price: 199,
      currency: 'CNY',
      seller: { name: '测试旗舰店', id: '990000001' },
    });
    expect(l.images).toEqual(['https://img.alicdn.com/bao/uploaded/fixture-t1.jpg']);
  });
});
