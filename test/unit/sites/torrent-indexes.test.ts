import { describe, expect, it } from 'vitest';
import { adapterById, findAdapter, searchPageUrl } from '../../../shared/sites';
import { torrentAdapter, torrentIndexes } from '../../../shared/sites/torrent-indexes';
import { searchOf } from './helpers';

describe('torrent indexes (declared definitions with mirror lists)', () => {
  it('every definition becomes an adapter serving all its mirrors', () => {
    for (const def of torrentIndexes) {
      const a = adapterById(def.id)!;
      expect(a.kind).toBe('video');
      for (const m of def.mirrors) expect(a.hosts).toContain(new URL(m).hostname.replace(/^www\./, ''));
    }
    expect(findAdapter('https://1337x.st/torrent/1000001/Fixture/')?.id).toBe('1337x');
    expect(searchPageUrl(adapterById('1337x')!, 'fixture movie', { page: 2 })).toBe(
      'https://1337x.to/search/fixture%20movie/2/',
    );
    // Another mirror is swept with --origin.
    expect(searchPageUrl(adapterById('1337x')!, 'x', { origin: 'https://x1337x.ws' })).toBe(
      'https://x1337x.ws/search/x/1/',
    );
  });

  it('reads result rows and the next page (1337x, from its documented markup)', () => {
    const s = searchOf('torrent-indexes', '1337x-search.html', 'https://1337x.to/search/fixture/1/');
    expect(s.results).toEqual([
      {
        url: 'https://1337x.to/torrent/1000001/Fixture-Movie-2024-1080p-WEBRip/',
        title: 'Fixture.Movie.2024.1080p.WEBRip',
      },
      { url: 'https://1337x.to/torrent/1000002/Fixture-Movie-2024-720p/', title: 'Fixture.Movie.2024.720p' },
    ]);
    expect(s.nextPageUrl).toBe('https://1337x.to/search/fixture/2/');
  });

  it('a definition is data: a new index needs no code', () => {
    const a = torrentAdapter({
      id: 'fixture-index',
      name: 'Fixture Index',
      mirrors: ['https://fixture-index.example'],
      searchPath: '/s/{query}/{page}',
      searchPattern: '^/s/',
      detailsPattern: '^/t/\\d+',
      row: 'tr.r',
      link: 'a.t',
    });
    expect(a.hosts).toEqual(['fixture-index.example', '*.fixture-index.example']);
    expect(a.defaultOrigin).toBe('https://fixture-index.example');
  });
});
