/**
 * The matcher's rules at their edges — the ones that are rules, not learned: the identity gate,
 * the neutral outcome for authorised sellers and official sites, the price cut-offs that name the
 * price signals, the directions the model is held to, and how the weights add up to the score.
 * Each test is written so that changing the rule it names fails it; matcher.test.ts checks
 * behaviour on realistic listings, signals.test.ts each family's features.
 */
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchableListing } from '../../shared/match';
import { CatalogueItemSchema } from '../../shared/model';

const sneaker = CatalogueItemSchema.parse({
  id: 'veloran-strada',
  holder: 'veloran',
  ipType: 'trademark',
  title: 'Veloran Strada Leather Sneaker',
  brandTerms: ['Veloran'],
  modelNumbers: ['VL-ST480'],
  registrations: [{ number: 'TM-5531207', office: 'EUIPO' }],
  referencePrice: { amount: 100, currency: 'USD' },
  authorisedSellers: ['veloran-official'],
  officialDomains: ['veloran.example'],
});

const film = CatalogueItemSchema.parse({
  id: 'night-harbour',
  holder: 'northlight',
  ipType: 'copyright',
  title: 'Night Harbour',
  authorisedSellers: ['northlight-pictures'],
  runtimeSeconds: 6600,
});

// Filler items so that the index's word weights are those of a catalogue, not of two items.
const filler = ['Corsa Running Shoe', 'Glide Canvas Loafer', 'Harbor Leather Boot', 'Cloud Knit Trainer'].map(
  (title, i) => CatalogueItemSchema.parse({ id: `filler-${i}`, holder: 'other', ipType: 'trademark', title }),
);

const matcher = new Matcher([sneaker, film, ...filler]);

const resultFor = (itemId: string, listing: MatchableListing) =>
  matcher.match(listing, 10).find((r) => r.itemId === itemId);
const signalsOf = (itemId: string, listing: MatchableListing) =>
  Object.fromEntries((resultFor(itemId, listing)?.signals ?? []).map((s) => [s.name, s.weight]));

describe('identity gate: an item is scored only when something identifies it', () => {
  // Every infringement signal would fire (counterfeit words, a price far below, a seller not
  // authorised), but nothing says the listing is this item.
  const noIdentity: MatchableListing = {
    title: 'replica bag 1:1 fake',
    price: 10,
    currency: 'USD',
    seller: { id: 'cheap' },
  };

  it('leaves an item with no identity evidence out, however many infringement signals fire', () => {
    expect(resultFor('veloran-strada', noIdentity)).toBeUndefined();
  });

  it.each([
    ['brand_term', 'Veloran replica 1:1 fake'],
    ['brand_lookalike', 'Velorn replica 1:1 fake'],
    ['model_number', 'VL-ST480 replica 1:1 fake'],
    ['registration_number', 'TM-5531207 replica 1:1 fake'],
    ['title_similarity', 'Strada Leather Sneaker replica 1:1 fake'],
  ])('lets %s alone open the gate', (identity, title) => {
    const signals = signalsOf('veloran-strada', { ...noIdentity, title });
    expect(Object.keys(signals)).toContain(identity);
    expect(Object.keys(signals)).toEqual(expect.arrayContaining(['counterfeit_words', 'price_far_below_reference']));
  });
});

describe('authorised seller or official site: a neutral outcome, score 0', () => {
  const named: MatchableListing = {
    title: 'Veloran Strada Leather Sneaker VL-ST480 replica',
    price: 10,
    currency: 'USD',
  };

  it.each([
    ['authorised_seller', { ...named, seller: { id: 'veloran-official' } }],
    ['authorised_seller', { ...named, seller: { name: 'VELORAN OFFICIAL' } }],
    ['official_domain', { ...named, url: 'https://shop.veloran.example/strada' }],
  ] as const)('%s, whatever else the listing says', (name, listing) => {
    const r = resultFor('veloran-strada', listing)!;
    expect(r).toMatchObject({ outcome: 'authorised', score: 0 });
    expect(r.signals[0]).toMatchObject({ name, weight: 0 });
    expect(matcher.best(listing)).toBeUndefined();
  });

  it('is no outcome for a look-alike host or another seller', () => {
    for (const listing of [
      { ...named, url: 'https://veloran.example.evil.test/strada' },
      { ...named, seller: { id: 'veloran-officiall' } },
    ]) {
      expect(resultFor('veloran-strada', listing)!.outcome).toBeUndefined();
    }
  });
});

describe('price cut-offs against the reference price (100 USD)', () => {
  const at = (price: number, currency = 'USD') =>
    Object.keys(signalsOf('veloran-strada', { title: 'Veloran VL-ST480', price, currency })).filter((n) =>
      n.startsWith('price_'),
    );

  it('is far below under 35 %', () => expect(at(34.99)).toEqual(['price_far_below_reference']));
  it('is below, not far below, from 35 % up to under 60 %', () => {
    expect(at(35)).toEqual(['price_below_reference']);
    expect(at(59.99)).toEqual(['price_below_reference']);
  });
  it('is a plain comparison from 60 %', () => {
    expect(at(60)).toEqual(['price_reference']);
    expect(at(100)).toEqual(['price_reference']);
  });
  it('converts the listing price into the reference currency first', () => {
    // 72 CNY is about 10 USD.
    expect(at(72, 'CNY')).toEqual(['price_far_below_reference']);
    expect(at(700, 'CNY')).toEqual(['price_reference']);
  });
  it('says nothing without a currency it knows', () => {
    expect(at(10, 'XYZ')).toEqual([]);
  });
});

describe('directions the model is held to', () => {
  const listings: [itemId: string, listing: MatchableListing][] = [
    ['veloran-strada', { title: 'Veloran Strada Leather Sneaker', price: 30, currency: 'USD', seller: { id: 's1' } }],
    ['veloran-strada', { title: 'Veloran VL-ST480', price: 95, currency: 'USD', seller: { id: 's2' } }],
    ['veloran-strada', { title: 'Strada sneaker', seller: { id: 's3' } }],
    ['night-harbour', { title: 'Night Harbour', kind: 'video', durationSeconds: 6500, seller: { id: 'up' } }],
  ];
  const weight = (itemId: string, listing: MatchableListing, name: string) =>
    resultFor(itemId, listing)?.signals.find((s) => s.name === name)?.weight;

  it.each([
    ['counterfeit_words', ' replica 1:1'],
    ['counterfeit_words', ' 高仿'],
    ['piracy_words', ' full movie free download'],
  ])('%s never counts against a suspect', (name, words) => {
    for (const [itemId, l] of listings)
      expect(weight(itemId, { ...l, title: l.title + words }, name), l.title).toBeGreaterThanOrEqual(0);
  });

  it('an unlisted seller and a matching runtime never count against a suspect', () => {
    for (const [itemId, l] of listings) {
      const w = weight(itemId, l, itemId === 'night-harbour' ? 'uploader_not_owner' : 'unauthorised_seller');
      expect(w, l.title).toBeGreaterThanOrEqual(0);
    }
    expect(weight('night-harbour', listings[3]![1], 'runtime_match')).toBeGreaterThanOrEqual(0);
  });

  it('an accessory phrase never counts for one', () => {
    for (const [itemId, l] of listings) {
      const w = weight(itemId, { ...l, title: `case compatible with ${l.title}` }, 'accessory_or_part');
      if (w !== undefined) expect(w, l.title).toBeLessThanOrEqual(0);
    }
  });
});

describe('weights and score', () => {
  it('the weights are log-odds: σ(base + Σ weights) is the score', () => {
    for (const listing of [
      { title: 'Veloran VL-ST480 replica', price: 20, currency: 'USD', seller: { id: 'x' } },
      { title: 'Veloran Strada Leather Sneaker' },
      { title: 'Night Harbour full movie', kind: 'video' as const, durationSeconds: 6500 },
    ]) {
      for (const r of matcher.match(listing, 10)) {
        const z = matcher.base + r.signals.reduce((acc, s) => acc + s.weight, 0);
        expect(1 / (1 + Math.exp(-z))).toBeCloseTo(r.score, 2);
      }
    }
  });

  it('scores are probabilities, in 0..1, four decimals', () => {
    const r = resultFor('veloran-strada', { title: 'Veloran Strada Leather Sneaker VL-ST480 TM-5531207 replica' })!;
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(Math.round(r.score * 10_000)).toBe(r.score * 10_000);
  });
});
