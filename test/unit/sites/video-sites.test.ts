/**
 * Bilibili, TikTok, Vimeo and Dailymotion: built from their documented structure, checked on made-up pages of that
 * shape.
 */
import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, needsBrowser, pageType } from '../../../shared/sites';
import { listingOf } from './helpers';

describe('bilibili adapter', () => {
  it('reads __INITIAL_STATE__.videoData', () => {
    expect(findAdapter('https://www.bilibili.com/video/BV1fixture01')?.id).toBe('bilibili');
    expect(pageType(adapterById('bilibili')!, 'https://space.bilibili.com/200000001')).toBe('channel');
    const l = listingOf('bilibili', 'video.html', 'https://www.bilibili.com/video/BV1fixture01?spm_id_from=333');
    expect(l).toMatchObject({
      kind: 'video',
      title: '测试视频 完整版',
      seller: { name: '测试UP主', id: '200000001', url: 'https://space.bilibili.com/200000001' },
      durationSeconds: 5432,
      views: 43210,
      uploadDate: '2023-11-14T22:13:20.000Z',
    });
  });
});

describe('tiktok adapter', () => {
  it('reads the rehydration JSON: the caption as title, the author, length and plays; grids need a browser', () => {
    const tt = adapterById('tiktok')!;
    expect(pageType(tt, 'https://www.tiktok.com/@fixture.dancer/video/7300000000000000001')).toBe('video');
    expect(needsBrowser(tt, 'https://www.tiktok.com/@fixture.dancer')).toBe(true);
    expect(needsBrowser(tt, 'https://www.tiktok.com/@fixture.dancer/video/7300000000000000001')).toBe(false);
    const l = listingOf('tiktok', 'video.html', 'https://www.tiktok.com/@fixture.dancer/video/7300000000000000001');
    expect(l).toMatchObject({
      kind: 'video',
      title: 'Fixture dance #fixture',
      seller: { name: 'Fixture Dancer', id: 'fixture.dancer', url: 'https://www.tiktok.com/@fixture.dancer' },
      durationSeconds: 15,
      views: 98765,
    });
  });
});

describe('vimeo adapter', () => {
  it('reads the JSON-LD VideoObject, author included', () => {
    const l = listingOf('vimeo', 'video.html', 'https://vimeo.com/100000001');
    expect(l).toMatchObject({
      kind: 'video',
      title: 'Fixture Short Film',
      seller: { name: 'Fixture Studio', url: 'https://vimeo.com/fixturestudio' },
      durationSeconds: 330,
    });
    expect(l.uploadDate).toBe('2023-01-02T10:00:00-05:00');
  });
});

describe('dailymotion adapter', () => {
  it('reads the JSON-LD VideoObject', () => {
    expect(findAdapter('https://dai.ly/x8fixture')?.id).toBe('dailymotion');
    const l = listingOf('dailymotion', 'video.html', 'https://www.dailymotion.com/video/x8fixture');
    expect(l).toMatchObject({
      kind: 'video',
      title: 'Fixture Match Highlights',
      seller: { name: 'fixturesports' },
      durationSeconds: 200,
    });
  });
});
