/**
 * The matcher's rules at their edges: the identity gate, each price cut-off and each signal's
 * weight. Each test is written so that changing the rule it names (dropping the gate, moving a
 * cut-off, changing a weight) fails it; the scoring tests in matcher.test.ts check behaviour on
 * realistic listings instead.
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

describe('identity gate: an item is scored only when an identity signal fired', () => {
  // Every infringement signal fires (counterfeit words, a price far below, a seller not authorised),
  // and the listing shares a word with the item, but nothing says it is this item.
  const noIdentity: MatchableListing = {
    title: 'replica leather 1:1 fake',
    price: 10,
    currency: 'USD',
    seller: { id: 'cheap-shoes' },
  };

  it('leaves an item with no identity signal out, however many infringement signals fire', () => {
    expect(resultFor('veloran-strada', noIdentity)).toBeUndefined();
  });

  it.each([
    ['brand_term', 'Veloran replica 1:1 fake'],
    ['brand_lookalike', 'Velorn replica 1:1 fake'],
    ['model_number', 'VL-ST480 replica leather 1:1 fake'],
    ['registration_number', 'TM-5531207 replica leather 1:1 fake'],
    ['title_similarity', 'Strada Leather Sneaker replica 1:1 fake'],
  ])('lets %s alone open the gate', (identity, title) => {
    const signals = signalsOf('veloran-strada', { ...noIdentity, title });
    const identities = ['title_similarity', 'brand_term', 'brand_lookalike', 'model_number', 'registration_number'];
    expect(Object.keys(signals).filter((n) => identities.includes(n))).toEqual([identity]);
    expect(signals).toMatchObject({ counterfeit_words: 0.25, price_far_below_reference: 0.25 });
  });
});

describe('price cut-offs against the reference price (100 USD)', () => {
  const at = (price: number) => signalsOf('veloran-strada', { title: 'Veloran VL-ST480', price, currency: 'USD' });
  const priceSignals = (price: number) => Object.keys(at(price)).filter((n) => n.startsWith('price_'));

  it('is far below under 35 %', () => {
    expect(priceSignals(34.99)).toEqual(['price_far_below_reference']);
  });
  it('is below, not far below, from 35 % up to under 60 %', () => {
    expect(priceSignals(35)).toEqual(['price_below_reference']);
    expect(priceSignals(59.99)).toEqual(['price_below_reference']);
  });
  it('says nothing from 60 %', () => {
    expect(priceSignals(60)).toEqual([]);
    expect(priceSignals(100)).toEqual([]);
  });
  it('converts the listing price into the reference currency first', () => {
    // 10 USD is about 72 CNY: far below the reference whichever currency the listing is in.
    const cny = Object.keys(signalsOf('veloran-strada', { title: 'Veloran VL-ST480', price: 72, currency: 'CNY' }));
    expect(cny).toContain('price_far_below_reference');
  });
  it('ignores the price of an accessory or part', () => {
    const part = signalsOf('veloran-strada', {
      title: 'Veloran VL-ST480 compatible with laces',
      price: 5,
      currency: 'USD',
    });
    expect(Object.keys(part).filter((n) => n.startsWith('price_'))).toEqual([]);
    expect(part.accessory_or_part).toBe(-0.3);
  });
});

describe('signal weights', () => {
  const base: MatchableListing = { title: 'Veloran VL-ST480' };
  // Enough identity (0.7) that a negative signal leaves the score above zero, so the item is listed.
  const named: MatchableListing = { title: 'Veloran Strada Leather Sneaker VL-ST480' };
  const cases: [name: string, listing: MatchableListing, itemId: string, weight: number][] = [
    ['title_similarity', { title: 'Veloran Strada Leather Sneaker' }, 'veloran-strada', 0.35],
    ['brand_term', base, 'veloran-strada', 0.2],
    ['brand_lookalike', { title: 'Velorn VL-ST480' }, 'veloran-strada', 0.2],
    ['model_number', base, 'veloran-strada', 0.15],
    ['registration_number', { title: 'Veloran TM-5531207' }, 'veloran-strada', 0.1],
    ['counterfeit_words', { title: 'Veloran VL-ST480 replica' }, 'veloran-strada', 0.25],
    ['piracy_words', { title: 'Night Harbour full movie' }, 'night-harbour', 0.25],
    ['price_far_below_reference', { ...base, price: 20, currency: 'USD' }, 'veloran-strada', 0.25],
    ['price_below_reference', { ...base, price: 50, currency: 'USD' }, 'veloran-strada', 0.15],
    ['unauthorised_seller', { ...base, seller: { id: 'cheap-shoes' } }, 'veloran-strada', 0.1],
    ['uploader_not_owner', { title: 'Night Harbour', kind: 'video', seller: { id: 'someone' } }, 'night-harbour', 0.1],
    ['authorised_seller', { ...named, seller: { id: 'veloran-official' } }, 'veloran-strada', -0.5],
    ['official_domain', { ...named, url: 'https://shop.veloran.example/strada' }, 'veloran-strada', -0.5],
    ['accessory_or_part', { title: 'case for Veloran VL-ST480' }, 'veloran-strada', -0.3],
    ['runtime_match', { title: 'Night Harbour', kind: 'video', durationSeconds: 6500 }, 'night-harbour', 0.15],
  ];

  it.each(cases)('%s weighs what it says', (name, listing, itemId, weight) => {
    expect(signalsOf(itemId, listing)[name]).toBe(weight);
  });

  it('scores the sum of the weights, clipped to 0..1', () => {
    const listing: MatchableListing = { title: 'Veloran VL-ST480 replica', price: 20, currency: 'USD' };
    const result = resultFor('veloran-strada', listing)!;
    const sum = result.signals.reduce((acc, s) => acc + s.weight, 0);
    expect(result.score).toBeCloseTo(sum, 3);
    const everything = resultFor('veloran-strada', {
      title: 'Veloran Strada Leather Sneaker VL-ST480 TM-5531207 replica',
      price: 10,
      currency: 'USD',
      seller: { id: 'cheap-shoes' },
    })!;
    expect(everything.score).toBe(1);
  });
});
