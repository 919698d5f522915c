/**
 * The extension's background matching (extension/entrypoints/background/catalogue.ts,
 * which the content script asks for every listing it badges) against the crawler's
 * Matcher: same model, same catalogue, same listing → same item, score and reasons.
 * The extension's storage is replaced by memory; everything else is the real code.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL, Matcher } from '../../shared/match';
import { exampleCatalogue } from '../../demo/generate';
import { demoExamples } from '../bench/matching-data';
import { AUTHORISED_SIGNALS, INFRINGEMENT_SIGNALS, ITEM_SIGNALS } from '../../shared/match/signals';

const stored = vi.hoisted(() => new Map<string, unknown>());
vi.mock('wxt/utils/storage', () => ({
  storage: {
    defineItem: <T>(key: string, opts: { fallback: T }) => ({
      getValue: async () => (stored.has(key) ? stored.get(key) : opts.fallback) as T,
      setValue: async (v: T) => void stored.set(key, v),
      watch: () => () => undefined,
    }),
  },
}));

const { matchListings, candidatesFor } = await import('../../extension/entrypoints/background/catalogue');
const { authorisedBy, isAuthorised, isCandidate, isSuspect } = await import('../../extension/utils/verdict');

const items = exampleCatalogue().items;
const crawler = new Matcher(items, { threshold: 0.5 });
const { examples } = demoExamples(42);
const listings = examples
  .filter((e) => e.readable)
  .map((e) => e.listing)
  .slice(0, 150);

beforeAll(() => {
  stored.set('local:settings', { apiUrl: 'http://127.0.0.1:1', token: 't', verifyListings: true, threshold: 0.5 });
  stored.set('local:catalogue', {
    apiUrl: 'http://127.0.0.1:1',
    me: { role: 'admin' },
    items,
    syncedAt: new Date(0).toISOString(),
  });
});

describe('extension background matching = crawler matching', () => {
  it('gives the same best match, score and signals for the same listing', async () => {
    const { results, threshold, catalogueItems } = await matchListings(listings.map((l) => ({ ...l, url: l.url! })));
    expect(catalogueItems).toBe(items.length);
    expect(threshold).toBe(crawler.threshold);
    let suspects = 0;
    listings.forEach((l, i) => {
      const mine = crawler.match(l, 1)[0];
      const theirs = results[i];
      if (!mine) return expect(theirs).toBeNull();
      expect(theirs).toMatchObject({ itemId: mine.itemId, score: mine.score, signals: mine.signals });
      expect(theirs!.outcome).toBe(mine.outcome);
      // The badge and the crawler agree on who is a suspect (a listing page decides on the score).
      const crawlerHit = crawler.best(l) !== undefined;
      expect(isSuspect(theirs, 'page', threshold), l.title).toBe(crawlerHit);
      if (crawlerHit) suspects++;
    });
    expect(suspects).toBeGreaterThan(20);
  });

  it("marks each match as its signals' meanings say (the content script's card rules read the marks)", async () => {
    // Listings read from search cards (no seller, no description) and from their own pages, with an authorised seller.
    const authorisedSeller = items.find((i) => i.authorisedSellers?.length)!;
    const asked = [
      ...listings.map((l) => ({ url: l.url!, title: l.title, ...(l.price ? { price: l.price } : {}) })),
      ...listings.map((l) => ({ ...l, url: l.url! })),
      {
        url: 'https://shop.example/x',
        title: authorisedSeller.title,
        seller: { name: authorisedSeller.authorisedSellers![0]! },
      },
    ];
    const { results, threshold } = await matchListings(asked);
    const has = (m: (typeof results)[number], names: ReadonlySet<string>) => m!.signals.some((s) => names.has(s.name));
    const seen = { infringement: 0, identifies: 0, authorised: 0 };
    for (const m of results.filter((r) => r !== null)) {
      const authorised = m.outcome === 'authorised' || has(m, AUTHORISED_SIGNALS);
      expect(isAuthorised(m)).toBe(authorised);
      expect(authorisedBy(m)).toBe(m.signals.find((s) => AUTHORISED_SIGNALS.has(s.name))?.evidence);
      expect(isSuspect(m, 'card', threshold)).toBe(!authorised && m.score >= threshold && has(m, INFRINGEMENT_SIGNALS));
      expect(isCandidate(m)).toBe(!authorised && has(m, ITEM_SIGNALS));
      if (m.marks.infringement) seen.infringement++;
      if (m.marks.identifies) seen.identifies++;
      if (authorised) seen.authorised++;
    }
    // Each mark is exercised both ways.
    expect(seen.infringement).toBeGreaterThan(0);
    expect(seen.identifies).toBeGreaterThan(seen.infringement);
    expect(seen.authorised).toBeGreaterThan(0);
  });

  it('offers the same candidates in the flag dialog, and loads the bundled model', async () => {
    const l = listings.find((x) => crawler.match(x, 5).length >= 2)!;
    const theirs = await candidatesFor({ ...l, url: l.url! }, 5);
    expect(theirs.map((c) => [c.itemId, c.score])).toEqual(crawler.match(l, 5).map((c) => [c.itemId, c.score]));
    expect(DEFAULT_MODEL.forest.trees.length).toBeGreaterThan(0);
  });
});
