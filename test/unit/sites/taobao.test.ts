import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType, searchPageUrl } from '../../../shared/sites';
import { fixture, listingOf, readFixture, searchOf } from './helpers';
import { decodeHtml } from '../../../crawler/fetch/decode-html';

const taobao = adapterById('taobao')!;

describe('taobao adapter', () => {
  it('knows its hosts, page types and offset pagination', () => {
    expect(findAdapter('https://item.taobao.com/item.htm?id=600000000001')?.id).toBe('taobao');
    expect(findAdapter('https://world.taobao.com/item/600000000001.htm')?.id).toBe('taobao');
    expect(pageType(taobao, 'https://s.taobao.com/search?q=x')).toBe('search');
    expect(pageType(taobao, 'https://fixture-shop.taobao.com/')).toBe('shop');
    expect(searchPageUrl(taobao, '键盘', { page: 3 })).toBe('https://s.taobao.com/search?q=%E9%94%AE%E7%9B%98&s=88');
  });

  it('reads g_config (a literal with expressions in it) and the price range from the page', () => {
    const l = listingOf('taobao', 'item.html', 'https://item.taobao.com/item.htm?id=600000000001&spm=a1z10');
    expect(l).toMatchObject({
      url: 'https://item.taobao.com/item.htm?id=600000000001',
      title: '测试商品 键盘外壳',
      price: 89,
      currency: 'CNY',
      seller: { name: '测试店铺', id: '880000001', url: 'https://fixture-shop.taobao.com/' },
      images: [
        'https://img.alicdn.com/imgextra/i1/880000001/fixture1.jpg',
        'https://img.alicdn.com/imgextra/i2/880000001/fixture2.jpg',
      ],
    });
  });

  it('a saved copy declaring GBK in UTF-8 bytes reads as UTF-8', () => {
    expect(decodeHtml(fixture('taobao', 'item.html'), { preferUtf8: true }).encoding).toBe('UTF-8');
  });

  it('reads search results from g_page_config', () => {
    const s = searchOf('taobao', 'search.html', 'https://s.taobao.com/search?q=%E9%94%AE%E7%9B%98');
    expect(s.results).toEqual([
      {
        url: 'https://item.taobao.com/item.htm?id=600000000001',
        title: '测试键盘 60%',
        price: 89,
        currency: 'CNY',
        seller: '测试店铺',
      },
      {
        url: 'https://item.taobao.com/item.htm?id=600000000002',
        title: '测试键盘 87键',
        price: 129,
        currency: 'CNY',
        seller: '另一家店',
      },
    ]);
  });

  it('counts the punish slider as a block', () => {
    const r = readFixture('taobao', 'punish.html', 'https://item.taobao.com/item.htm?id=600000000001');
    expect(r.classification).toMatchObject({ verdict: 'block', provider: 'alibaba-punish' });
    expect(r.reading).toBeUndefined();
  });
});
