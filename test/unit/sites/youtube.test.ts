import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, pageType } from '../../../shared/sites';
import { listingOf, readFixture, searchOf } from './helpers';

const yt = adapterById('youtube')!;

describe('youtube adapter', () => {
  it('knows watch, shorts, youtu.be, search and channel pages', () => {
    expect(pageType(yt, 'https://www.youtube.com/watch?v=AAAAAAAAAAA&t=1s')).toBe('video');
    expect(pageType(yt, 'https://m.youtube.com/shorts/AAAAAAAAAAA')).toBe('video');
    expect(findAdapter('https://youtu.be/AAAAAAAAAAA')?.id).toBe('youtube');
    expect(pageType(yt, 'https://www.youtube.com/results?search_query=x')).toBe('search');
    expect(pageType(yt, 'https://www.youtube.com/@fixturefilms/videos')).toBe('channel');
    expect(pageType(yt, 'https://www.youtube.com/channel/UCfixture000000000000000')).toBe('channel');
  });

  it('reads ytInitialPlayerResponse: a video, never a product, with its uploader, length, views and date', () => {
    const l = listingOf('youtube', 'watch.html', 'https://www.youtube.com/watch?v=AAAAAAAAAAA');
    expect(l).toMatchObject({
      kind: 'video',
      title: 'Fixture Film Trailer',
      seller: {
        name: 'Fixture Films',
        id: 'UCfixture0000000000000000',
        url: 'https://www.youtube.com/channel/UCfixture0000000000000000',
      },
      durationSeconds: 754,
      views: 12345,
      uploadDate: '2024-05-06',
      images: ['https://i.ytimg.com/vi/AAAAAAAAAAA/maxresdefault.jpg'],
    });
    expect(l.price).toBeUndefined();
  });

  it('reads the 2020 page, whose player response is a JSON string in ytplayer.config', () => {
    const l = listingOf('youtube', 'watch-2020.html', 'https://www.youtube.com/watch?v=BBBBBBBBBBB');
    expect(l).toMatchObject({
      title: 'Old Fixture Clip',
      durationSeconds: 61,
      views: 99,
      seller: { name: 'Old Uploader' },
    });
  });

  it('reads every video result once, from shelves too; no next page (continuations are POSTs)', () => {
    const s = searchOf('youtube', 'search.html', 'https://www.youtube.com/results?search_query=fixture');
    expect(s.results).toEqual([
      { url: 'https://www.youtube.com/watch?v=AAAAAAAAAAA', title: 'Fixture Film Trailer', seller: 'Fixture Films' },
      { url: 'https://www.youtube.com/watch?v=DDDDDDDDDDD', title: 'Fixture Full Movie', seller: 'Free Movies 4U' },
    ]);
    expect(s.nextPageUrl).toBeUndefined();
  });

  it('reads the 2025 channel grid (lockup view models: videos and shorts, not playlists)', () => {
    const s = searchOf('youtube', 'channel-2025.html', 'https://www.youtube.com/@fixturefilms/videos');
    expect(s.results).toEqual([
      { url: 'https://www.youtube.com/watch?v=FFFFFFFFFFF', title: 'Fixture Episode 1' },
      { url: 'https://www.youtube.com/shorts/GGGGGGGGGGG', title: 'Fixture short' },
    ]);
  });

  it('counts the consent page as consent, never a video', () => {
    const r = readFixture(
      'youtube',
      'consent.html',
      'https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DAAAAAAAAAAA',
    );
    expect(r.classification).toMatchObject({ verdict: 'consent', provider: 'youtube-consent', extractable: false });
    expect(r.reading).toBeUndefined();
  });

  it('a removed video still reads (verification needs it) and is marked by its playability status', () => {
    const r = readFixture('youtube', 'watch-removed.html', 'https://www.youtube.com/watch?v=CCCCCCCCCCC');
    expect(r.reading?.listing?.title).toBe('Gone Fixture');
    expect(r.reading?.unavailable).toBe(true);
    expect(
      readFixture('youtube', 'watch.html', 'https://www.youtube.com/watch?v=AAAAAAAAAAA').reading?.unavailable,
    ).toBeUndefined();
  });
});
