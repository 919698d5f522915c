import { describe, expect, it } from 'vitest';
import { findAdapter } from '../../../shared/sites';
import { readFixture } from './helpers';

describe('pirate streaming adapter (WordPress video themes, found by template)', () => {
  it('has no host of its own: any site showing the theme is read by it', () => {
    expect(findAdapter('https://fixtureflix.example/peliculas/fixture-movie/')).toBeUndefined();
  });

  it('reads a DooPlay film page as a video whose uploader is the site', () => {
    const r = readFixture(
      'pirate-streaming',
      'dooplay-movie.html',
      'https://fixtureflix.example/peliculas/fixture-movie/',
    );
    expect(r.reading?.adapter?.id).toBe('pirate-streaming');
    expect(r.reading?.listing).toMatchObject({
      site: 'pirate-streaming',
      kind: 'video',
      title: 'Fixture Movie',
      durationSeconds: 6720,
      seller: { name: 'fixtureflix.example', url: 'https://fixtureflix.example/' },
      images: ['https://fixtureflix.example/wp-content/uploads/fixture-poster.jpg'],
    });
  });

  it('reads a DooPlay search page: every result and the next page', () => {
    const r = readFixture('pirate-streaming', 'dooplay-search.html', 'https://fixtureflix.example/?s=fixture');
    expect(r.reading?.search?.results).toEqual([
      { url: 'https://fixtureflix.example/peliculas/fixture-movie/', title: 'Fixture Movie' },
      { url: 'https://fixtureflix.example/series/fixture-show/', title: 'Fixture Show' },
    ]);
    expect(r.reading?.search?.nextPageUrl).toBe('https://fixtureflix.example/page/2/?s=fixture');
  });
});
