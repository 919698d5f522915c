import { describe, expect, it, vi } from 'vitest';
import { Matcher, type MatchableListing } from '../../shared/match';
import { CatalogueItemSchema, type CatalogueItemInput } from '../../shared/model';
import { syntheticCatalogue, syntheticListings } from '../bench/synthetic-catalogue';

// Count candidate-index builds, keeping the real index.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../shared/match/candidate-index', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../shared/match/candidate-index')>();
  class CountingIndex extends mod.CandidateIndex {
    constructor(...args: ConstructorParameters<typeof mod.CandidateIndex>) {
      super(...args);
      built.count++;
    }
  }
  return { ...mod, CandidateIndex: CountingIndex };
});

const item = (input: Omit<CatalogueItemInput, 'holder' | 'ipType'>) =>
  CatalogueItemSchema.parse({ holder: 'veloran', ipType: 'trademark', ...input });

const strada = (id: string, model: string) =>
  item({
    id,
    title: 'Veloran Strada Leather Sneaker',
    aliases: ['维洛兰 斯特拉达 真皮运动鞋'],
    brandTerms: ['Veloran', '维洛兰'],
    modelNumbers: [model],
    referencePrice: { amount: 120, currency: 'USD' },
    authorisedSellers: ['veloran-official'],
  });

const catalogue = [
  // Same brand, same title, different models: only the model number tells them apart.
  strada('veloran-strada-a', 'VL-ST480'),
  strada('veloran-strada-b', 'VL-ST490'),
  item({
    id: 'veloran-corsa',
    title: 'Veloran Corsa Running Shoe',
    brandTerms: ['Veloran'],
    modelNumbers: ['VL-CR100'],
    referencePrice: { amount: 90, currency: 'USD' },
    authorisedSellers: ['veloran-official'],
  }),
  item({
    id: 'glucocheck-mini',
    title: 'GlucoCheck Mini Blood Glucose Meter',
    brandTerms: ['GlucoCheck'],
    modelNumbers: ['GC-M20'],
    referencePrice: { amount: 280, currency: 'CNY' },
    authorisedSellers: ['glucocheck-store'],
  }),
];

const matcher = new Matcher(catalogue);
const top = (listing: MatchableListing) => matcher.match(listing)[0];

describe('Matcher scoring', () => {
  const counterfeit: MatchableListing = {
    title: 'Veloran Strada Leather Sneaker replica 1:1',
    price: 25,
    currency: 'USD',
    seller: { id: 'shop-77' },
  };
  const mention: MatchableListing = { title: 'Veloran Strada Leather Sneaker' };

  it('ranks a counterfeit (replica words, low price, unauthorised seller) above a bare mention', () => {
    const fake = top(counterfeit)!;
    const bare = top(mention)!;
    expect(fake.score).toBeGreaterThan(bare.score);
    expect(fake.score).toBeGreaterThanOrEqual(matcher.threshold);
    expect(fake.signals.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'title_similarity',
        'brand_term',
        'counterfeit_words',
        'price_far_below_reference',
        'unauthorised_seller',
      ]),
    );
    expect(bare.signals.map((s) => s.name).sort()).toEqual(['brand_term', 'title_similarity']);
  });

  it('lets the exact model number pick the item when several of one brand clip at 1.0', () => {
    for (const [model, want, other] of [
      ['VL-ST490', 'veloran-strada-b', 'veloran-strada-a'],
      ['VL-ST480', 'veloran-strada-a', 'veloran-strada-b'],
    ] as const) {
      const results = matcher.match({ ...counterfeit, title: `${counterfeit.title} ${model}` });
      expect(results[0]!.itemId).toBe(want);
      expect(results[0]!.score).toBe(1);
      expect(results[0]!.signals.find((s) => s.name === 'model_number')?.evidence).toBe(model);
      const runnerUp = results.find((r) => r.itemId === other)!;
      expect(runnerUp.score).toBe(1);
      expect(runnerUp.signals.some((s) => s.name === 'model_number')).toBe(false);
    }
  });

  it('keeps a genuine listing by an authorised seller below the threshold', () => {
    const genuine = top({
      title: 'Veloran Strada Leather Sneaker VL-ST480',
      price: 120,
      currency: 'USD',
      seller: { id: 'veloran-official' },
    });
    expect(genuine?.signals.map((s) => s.name)).toContain('authorised_seller');
    expect(genuine?.score ?? 0).toBeLessThan(matcher.threshold);
    expect(
      matcher.best({ title: 'Veloran Strada Leather Sneaker VL-ST480', seller: { id: 'veloran-official' } }),
    ).toBeUndefined();
  });

  it('keeps an accessory "compatible with" the item below the threshold', () => {
    const listing = {
      title: 'Shoe bag compatible with Veloran Strada Leather Sneaker',
      price: 8,
      currency: 'USD',
      seller: { id: 'shop-9' },
    };
    const result = top(listing);
    expect(result?.signals.map((s) => s.name)).toContain('accessory_or_part');
    // A part is cheap by nature: its price against the item's is no evidence.
    expect(result?.signals.some((s) => s.name.startsWith('price_'))).toBe(false);
    expect(result?.score ?? 0).toBeLessThan(matcher.threshold);
    expect(matcher.best(listing)).toBeUndefined();
  });

  it('gives an unrelated listing no match, even with counterfeit words and a low price', () => {
    expect(
      matcher.match({ title: 'Garden hose 20 m replica fittings', price: 1, currency: 'USD', seller: { id: 'x' } }),
    ).toEqual([]);
    expect(matcher.best({ title: 'Wireless mouse' })).toBeUndefined();
  });
});

describe('Matcher.best and Matcher.match', () => {
  const listing = { title: 'Veloran Strada Leather Sneaker' }; // bare mention: 0.55

  it('best() returns the top match only at or above the threshold', () => {
    const score = matcher.match(listing)[0]!.score;
    expect(new Matcher(catalogue, { threshold: score }).best(listing)?.score).toBe(score);
    expect(new Matcher(catalogue, { threshold: score + 0.001 }).best(listing)).toBeUndefined();
    const hit = matcher.best({ title: 'Veloran Strada Leather Sneaker VL-ST490 高仿', price: 30, currency: 'USD' });
    expect(hit?.itemId).toBe('veloran-strada-b');
  });

  it('match() returns at most `limit` results, sorted by score', () => {
    const all = matcher.match({ title: 'Veloran Strada Leather Sneaker Corsa Running Shoe replica' }, 10);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    for (const limit of [1, 2]) {
      const some = matcher.match({ title: 'Veloran Strada Leather Sneaker Corsa Running Shoe replica' }, limit);
      expect(some).toHaveLength(limit);
      expect(some).toEqual(all.slice(0, limit));
    }
    for (const r of all) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('Matcher at catalogue scale', () => {
  it('builds the candidate index once and finds the source item of synthetic listings', () => {
    const items = syntheticCatalogue(5_000);
    const listings = syntheticListings(items, 200);
    const before = built.count;
    const big = new Matcher(items);
    expect(built.count - before).toBe(1);
    const right = listings.filter((l) => big.match(l, 1)[0]?.itemId === l.source).length;
    expect(built.count - before).toBe(1);
    expect(right / listings.length).toBeGreaterThanOrEqual(0.95);
  });
});
