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
        // "2.1 GB" (the seeders the cell repeats for phones are not part of it).
        sizeBytes: Math.round(2.1 * 1024 ** 3),
        seeders: 120,
      },
      {
        url: 'https://1337x.to/torrent/1000002/Fixture-Movie-2024-720p/',
        title: 'Fixture.Movie.2024.720p',
        sizeBytes: 900 * 1024 ** 2,
        seeders: 33,
      },
    ]);
    expect(s.nextPageUrl).toBe('https://1337x.to/search/fixture/2/');
  });

  it('carries each result’s size and seeders (RuTracker: bytes in an attribute, else the shown size)', () => {
    const s = searchOf(
      'torrent-indexes',
      'rutracker-search.html',
      'https://rutracker.org/forum/tracker.php?nm=fixture',
    );
    expect(s.results).toEqual([
      {
        url: 'https://rutracker.org/forum/viewtopic.php?t=900001',
        title: 'Fixture Film / Фильм-образец (2024) WEB-DL 1080p',
        sizeBytes: 4724464025,
        seeders: 57,
      },
      {
        url: 'https://rutracker.org/forum/viewtopic.php?t=900002',
        title: 'Fixture Film (2024) WEB-DLRip 720p',
        // "1,37 ГБ": a decimal comma, Russian units.
        sizeBytes: Math.round(1.37 * 1024 ** 3),
        seeders: 0,
      },
    ]);
    expect(s.nextPageUrl).toBe('https://rutracker.org/forum/tracker.php?search_id=fixture&start=50');
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
