import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, searchPageUrl } from '../../../shared/sites';
import { listingOf, searchOf } from './helpers';

const jd = adapterById('jd')!;

describe('jd adapter', () => {
  it('knows its hosts and counts pages 1, 3, 5…', () => {
    expect(findAdapter('https://item.jd.com/100000000001.html')?.id).toBe('jd');
    expect(findAdapter('https://item.m.jd.com/product/100000000001.html')?.id).toBe('jd');
    expect(findAdapter('https://search.jd.com/Search?keyword=x&enc=utf-8')?.id).toBe('jd');
    expect(searchPageUrl(jd, '耳机', { page: 3 })).toBe(
      'https://search.jd.com/Search?keyword=%E8%80%B3%E6%9C%BA&enc=utf-8&page=5',
    );
  });

  it('reads every search card with an item link, its title and price, and the next page from the pager', () => {
    const s = searchOf('jd', 'search.html', 'https://search.jd.com/Search?keyword=%E8%80%B3%E6%9C%BA&enc=utf-8&page=3');
    expect(s.results).toEqual([
      {
        url: 'https://item.jd.com/100000000001.html',
        title: '测试耳机 X9 黑色',
        price: 399,
        currency: 'CNY',
        seller: '测试官方旗舰店',
      },
      { url: 'https://item.jd.com/100000000002.html', title: '测试耳机 入门款', price: 59, currency: 'CNY' },
    ]);
    expect(s.nextPageUrl).toBe('https://search.jd.com/Search?enc=utf-8&keyword=%E8%80%B3%E6%9C%BA&page=5&s=121');
  });

  it('reads an item page: pageConfig, the shown price, shop and brand', () => {
    const l = listingOf('jd', 'item.html', 'https://item.jd.com/100000000001.html');
    expect(l).toMatchObject({
      title: '测试耳机 X9 黑色',
      price: 399,
      currency: 'CNY',
      brand: '测试牌',
      seller: { name: '测试官方旗舰店', id: '1000002' },
    });
    expect(l.images).toEqual([
      'https://img14.360buyimg.com/n1/jfs/t1/fixture/a.jpg',
      'https://img14.360buyimg.com/n1/jfs/t1/fixture/b.jpg',
    ]);
  });
});
