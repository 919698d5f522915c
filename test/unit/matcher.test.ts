import { describe, expect, it, vi } from 'vitest';
import { Matcher, type MatchableListing, type MatchResult } from '../../shared/match';
import { exampleCatalogue } from '../../demo/generate';
import { syntheticCatalogue, syntheticListings } from '../bench/synthetic-catalogue';
import { DEMO_SEEDS, evaluateDemo } from '../bench/matching-data';

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

// The example catalogue (48 items of every kind): the learned model is judged on a catalogue like
// the ones it serves, not on a handful of items whose word weights no real catalogue has.
const catalogue = exampleCatalogue().items;
const matcher = new Matcher(catalogue);
const top = (listing: MatchableListing) => matcher.match(listing)[0];

describe('Matcher scoring', () => {
  const counterfeit: MatchableListing = {
    title: 'Veloran Strada Leather Sneaker replica 1:1',
    price: 60,
    currency: 'EUR',
    seller: { id: 'shop-77' },
  };
  const mention: MatchableListing = { title: 'Veloran Strada Leather Sneaker' };

  it(
    'ranks a counterfeit (replica words, low price, unauthorised ' + 'seller) above a bare mention, and both are hits',
    () => {
      const fake = top(counterfeit)!;
      const bare = top(mention)!;
      expect([fake.itemId, bare.itemId]).toEqual(['vl-strada-sneaker', 'vl-strada-sneaker']);
      expect(fake.score).toBeGreaterThan(bare.score);
      expect(bare.score).toBeGreaterThanOrEqual(matcher.threshold);
      expect(fake.signals.map((s) => s.name)).toEqual(
        expect.arrayContaining([
          'title_similarity',
          'brand_term',
          'counterfeit_words',
          'price_far_below_reference',
          'unauthorised_seller',
        ]),
      );
      expect(fake.signals.find((s) => s.name === 'counterfeit_words')!.weight).toBeGreaterThan(0);
      expect(bare.signals.map((s) => s.name)).toEqual(expect.arrayContaining(['title_similarity', 'brand_term']));
      expect(bare.signals.map((s) => s.name)).not.toContain('counterfeit_words');
    },
  );

  it('explains the score: the signals plus the base add up to its log-odds', () => {
    for (const listing of [
      counterfeit,
      mention,
      { title: 'Lumisette serum LS-NR30 高仿', price: 10, currency: 'EUR' },
    ]) {
      for (const r of matcher.match(listing)) {
        const sum = matcher.base + r.signals.reduce((a, s) => a + s.weight, 0);
        // Weights keep three decimals, the score four.
        expect(1 / (1 + Math.exp(-sum))).toBeCloseTo(r.score, 2);
        for (const s of r.signals) expect(s.evidence.length).toBeGreaterThan(0);
      }
    }
  });

  it('lets the model number pick the item between two of one brand', () => {
    for (const [model, want, other] of [
      ['LS-HV50', 'lu-day-cream', 'lu-night-serum'],
      ['LS-NR30', 'lu-night-serum', 'lu-day-cream'],
    ] as const) {
      const results = matcher.match({
        title: `Lumisette ${model} 高仿`,
        price: 10,
        currency: 'EUR',
        seller: { id: 'x' },
      });
      expect(results[0]!.itemId).toBe(want);
      expect(results[0]!.signals.find((s) => s.name === 'model_number')?.evidence).toBe(model);
      const runnerUp = results.find((r) => r.itemId === other);
      expect(runnerUp?.score ?? 0).toBeLessThan(results[0]!.score);
    }
  });

  it('makes an authorised seller’s or the official site’s listing a neutral outcome, never a suspect', () => {
    for (const listing of [
      {
        title: 'Veloran Strada Leather Sneaker VL-ST480',
        price: 690,
        currency: 'EUR',
        seller: { id: 'veloran_official' },
      },
      {
        title: 'Veloran Strada Leather Sneaker replica',
        price: 60,
        currency: 'EUR',
        seller: { name: 'Veloran Official' },
      },
      // An authorised retailer writing 专柜同款 ("as sold at the counter").
      { title: '维洛兰 斯特拉达 真皮运动鞋 专柜同款', price: 5200, currency: 'CNY', seller: { id: 'luxe_galleria' } },
      { title: 'Veloran Strada Leather Sneaker', url: 'https://shop.veloran.example/p/480' },
    ]) {
      const r = top(listing)!;
      expect(r.outcome, listing.title).toBe('authorised');
      expect(r.score).toBe(0);
      expect(r.signals[0]!.name).toMatch(/^(authorised_seller|official_domain)$/);
      expect(matcher.best(listing)).toBeUndefined();
    }
    // The same listing from someone else is no longer neutral, and a suspect at a fake's price.
    const other = {
      title: '维洛兰 斯特拉达 真皮运动鞋 专柜同款',
      price: 600,
      currency: 'CNY',
      seller: { id: 'shop-9' },
    };
    expect(top(other)!.outcome).toBeUndefined();
    expect(matcher.best(other)?.itemId).toBe('vl-strada-sneaker');
  });

  it('keeps an accessory "compatible with" the item below the threshold', () => {
    const listing = {
      title: 'Dust bag compatible with Veloran Strada Leather Sneaker VL-ST480',
      price: 9,
      currency: 'EUR',
      seller: { id: 'shop-9' },
    };
    const result = top(listing);
    expect(result?.signals.map((s) => s.name)).toContain('accessory_or_part');
    expect(result?.signals.find((s) => s.name === 'accessory_or_part')!.weight).toBeLessThanOrEqual(0);
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
  const listing = { title: 'Veloran Strada Leather Sneaker 高仿', price: 90, currency: 'EUR' };

  it('best() returns the top match only at or above the threshold', () => {
    const score = matcher.match(listing)[0]!.score;
    expect(new Matcher(catalogue, { threshold: score }).best(listing)?.score).toBe(score);
    expect(new Matcher(catalogue, { threshold: score + 0.001 }).best(listing)).toBeUndefined();
    const fake = {
      title: 'Lumisette Hydra-Veil Day Cream 50 ml LS-HV50 高仿',
      price: 10,
      currency: 'EUR',
      seller: { id: 'x' },
    };
    expect(matcher.best(fake)?.itemId).toBe('lu-day-cream');
  });

  it('match() returns at most `limit` results, sorted by score', () => {
    const many = { title: 'Veloran Strada Leather Sneaker Aurelia Bag Monogram Scarf replica' };
    const all = matcher.match(many, 10);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    for (const limit of [1, 2]) {
      const some = matcher.match(many, limit);
      expect(some).toHaveLength(limit);
      expect(some).toEqual(all.slice(0, limit));
    }
    for (const r of all) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('Matcher on the demo (seed 42, never trained on)', () => {
  it('finds the infringing listings, keeps genuine ones neutral, and spreads the hits’ scores', () => {
    const d = evaluateDemo(DEMO_SEEDS.report, 0.5);
    expect(d.precision).toBeGreaterThanOrEqual(0.98);
    expect(d.recall).toBeGreaterThanOrEqual(0.98);
    expect(d.authorised).toBeGreaterThan(0);
    // The inbox's "score ↓" order means something: no score holds more than a fifth of the hits.
    expect(d.commonShare).toBeLessThanOrEqual(0.2);
  });

  it('never calls a genuine listing of the example catalogue a suspect', () => {
    const m = new Matcher(exampleCatalogue().items);
    const genuine = exampleCatalogue().items.filter((i) => i.authorisedSellers.length);
    for (const it of genuine) {
      const r: MatchResult | undefined = m.match({ title: it.title, seller: { id: it.authorisedSellers[0]! } }, 1)[0];
      expect(r?.outcome, it.id).toBe('authorised');
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
