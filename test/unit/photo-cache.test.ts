/**
 * The extension's bounds on a page's photos (background/photo-cache.ts): a
 * page starts at most its budget of fetches, a photo fetched once is
 * answered from the cache for any page (a failure too), pages have their own
 * budgets, and the cache forgets the least recently used photo first.
 */
import { describe, expect, it } from 'vitest';
import { PhotoCache } from '../../extension/entrypoints/background/photo-cache';

function counting() {
  const made: string[] = [];
  const make =
    (url: string, fail = false) =>
    () => {
      made.push(url);
      return fail ? Promise.reject(new Error(`cannot fetch ${url}`)) : Promise.resolve(`hash of ${url}`);
    };
  return { made, make };
}

describe('PhotoCache', () => {
  it('starts at most perPage fetches for a page; what it has is free', async () => {
    const c = new PhotoCache<string>({ perPage: 3, size: 100 });
    const { made, make } = counting();
    const urls = ['a', 'b', 'c', 'd', 'e'];
    const got = urls.map((u) => c.get(u, 'tab1 page', make(u)));
    expect(got.map((g) => g !== undefined)).toEqual([true, true, true, false, false]);
    expect(made).toEqual(['a', 'b', 'c']);
    expect(await c.get('a', 'tab1 page', make('a'))).toBe('hash of a');
    expect(made).toEqual(['a', 'b', 'c']);
    // Another page has its own budget, and finds the first page's photos in the cache.
    expect(await c.get('b', 'tab2 page', make('b'))).toBe('hash of b');
    expect(c.get('d', 'tab2 page', make('d'))).toBeDefined();
    expect(made).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps a failure: a photo that could not be used is not fetched again', async () => {
    const c = new PhotoCache<string>({ perPage: 10, size: 100 });
    const { made, make } = counting();
    await expect(c.get('bad', 'p', make('bad', true))).rejects.toThrow(/cannot fetch bad/);
    await expect(c.get('bad', 'p', make('bad'))).rejects.toThrow(/cannot fetch bad/);
    expect(made).toEqual(['bad']);
  });

  it('forgets the least recently used photo first', async () => {
    const c = new PhotoCache<string>({ perPage: 100, size: 2 });
    const { made, make } = counting();
    c.get('a', 'p', make('a'));
    c.get('b', 'p', make('b'));
    c.get('a', 'p', make('a')); // a is now the most recent
    c.get('c', 'p', make('c')); // b goes
    c.get('a', 'p', make('a'));
    c.get('b', 'p', make('b'));
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });
});
