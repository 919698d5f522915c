/**
 * The signal families one by one: the features each computes for a listing
 * and an item (what the model reads), and the signal a reviewer reads.
 */
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchableListing } from '../../shared/match';
import { partsOf } from '../../shared/match/signals/runtime';
import { FAMILIES, FEATURE_NAMES, PEER_FAMILIES } from '../../shared/match/signals';
import { CatalogueItemSchema, type CatalogueItemInput } from '../../shared/model';

const item = (input: Omit<CatalogueItemInput, 'holder' | 'ipType'> & Partial<CatalogueItemInput>) =>
  CatalogueItemSchema.parse({ holder: 'holder', ipType: 'trademark', ...input });

const catalogue = [
  item({
    id: 'veloran-strada',
    title: 'Veloran Strada Leather Sneaker Black',
    aliases: ['维洛兰 斯特拉达 真皮运动鞋'],
    brandTerms: ['Veloran', '维洛兰'],
    modelNumbers: ['VL-ST480'],
    registrations: [{ number: 'TM-40123456', office: 'CNIPA' }],
    referencePrice: { amount: 120, currency: 'USD' },
    authorisedSellers: ['veloran-official'],
    officialDomains: ['veloran.com'],
  }),
  item({ id: 'velorin-strada', title: 'Velorin Strada Canvas Shoe', brandTerms: ['Velorin'] }),
  item({
    id: 'glucocheck-mini',
    title: 'GlucoCheck Mini Blood Glucose Meter 2019',
    aliases: ['血糖仪 迷你'],
    brandTerms: ['GlucoCheck'],
    modelNumbers: ['GC-M20'],
    referencePrice: { amount: 280, currency: 'CNY' },
  }),
  item({ id: 'sandisk-ultra', title: 'SanDisk Ultra 64GB SDXC Card SDSDUNC-064G Class 10' }),
  item({ id: 'sandisk-extreme', title: 'SanDisk Extreme 128GB SDXC Card SDSDXXY-128G' }),
  item({ id: 'photoshop-mac', title: 'Adobe Photoshop CS3 Extended for Mac' }),
  item({
    id: 'night-harbour',
    ipType: 'copyright',
    title: 'Night Harbour',
    aliases: ['夜港'],
    runtimeSeconds: 6720,
    authorisedSellers: ['NightHarbourFilms'],
  }),
];
const matcher = new Matcher(catalogue);

/** The features of one listing × item, by name. */
function features(listing: MatchableListing, itemId: string): Record<string, number> {
  const p = matcher.pairs(listing, [itemId]).find((x) => x.itemId === itemId)!;
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, p.features[i]!]));
}
const signal = (listing: MatchableListing, itemId: string, name: string) =>
  matcher
    .match(listing, 10)
    .find((r) => r.itemId === itemId)
    ?.signals.find((s) => s.name === name);

describe('the registry', () => {
  it('lays the features out family by family, as the shipped model expects', () => {
    expect(FEATURE_NAMES).toEqual(
      [...FAMILIES, ...PEER_FAMILIES].flatMap((f) => f.features.map((n) => `${f.id}.${n}`)),
    );
    expect(matcher.model.features).toEqual(FEATURE_NAMES);
  });
});

describe('title_similarity', () => {
  it('scores word and 3-gram cosines, Jaccard, coverage both ways and Monge-Elkan', () => {
    const full = features({ title: 'Veloran Strada Leather Sneaker Black size 42' }, 'veloran-strada');
    expect(full['title.cover_item']).toBe(1);
    expect(full['title.monge_elkan']).toBe(1);
    expect(full['title.cos_words']).toBeGreaterThan(0.7);
    expect(full['title.cover_listing']).toBeLessThan(1);
    const partial = features({ title: 'Veloran Sneaker' }, 'veloran-strada');
    expect(partial['title.cos_words']).toBeLessThan(full['title.cos_words']!);
    expect(partial['title.missing_item_max']).toBeGreaterThan(0);
  });

  it('forgives typos through character 3-grams and Monge-Elkan', () => {
    const typo = features({ title: 'Velorna Strada Leathr Sneakr Black' }, 'veloran-strada');
    expect(typo['title.monge_elkan']).toBeGreaterThan(0.85);
    expect(typo['title.cos_grams']).toBeGreaterThan(0.5);
    expect(typo['title.cos_words']).toBeLessThan(0.6);
  });

  it('matches a Chinese alias written in traditional characters', () => {
    expect(features({ title: '維洛蘭 斯特拉達 真皮運動鞋' }, 'veloran-strada')['title.cos_words']).toBeCloseTo(1, 5);
    expect(signal({ title: '維洛蘭 斯特拉達 真皮運動鞋' }, 'veloran-strada', 'title_similarity')?.evidence).toContain(
      '维洛兰 斯特拉达 真皮运动鞋',
    );
  });

  it('reads WDC-style titles without their language tags', () => {
    const f = features({ title: '"Veloran Strada Leather Sneaker Black"@en "Veloran - Shop"@en' }, 'veloran-strada');
    expect(f['title.cover_item']).toBe(1);
  });
});

describe('brand_term / brand_lookalike / brand_mismatch', () => {
  it('fires on the brand, in Latin, Chinese or pinyin, and through digit swaps', () => {
    for (const title of ['VELORAN shoes', '正品 维洛兰 鞋', 'weiluolan sneakers', 'Vel0ran sneaker']) {
      expect(features({ title }, 'veloran-strada')['brand.term'], title).toBe(1);
    }
    expect(signal({ title: 'Vel0ran Strada sneaker' }, 'veloran-strada', 'brand_term')?.evidence).toBe('Veloran');
  });

  it('names a spelling one edit from the brand, not another brand spelt exactly', () => {
    const f = features({ title: 'Velorran Strada Leather Sneaker' }, 'veloran-strada');
    expect([f['brand.term'], f['brand.lookalike']]).toEqual([0, 1]);
    expect(signal({ title: 'Velorran Strada Leather Sneaker' }, 'veloran-strada', 'brand_lookalike')?.evidence).toBe(
      'velorran ≈ Veloran',
    );
    expect(features({ title: 'Velorin Strada shoe' }, 'veloran-strada')['brand.lookalike']).toBe(0);
    expect(features({ title: 'Velocity Strada shoe' }, 'veloran-strada')['brand.lookalike']).toBe(0);
  });

  it('reads another brand of the catalogue leading the title, and a brand inferred from titles', () => {
    expect(features({ title: 'Velorin Strada Leather Sneaker' }, 'veloran-strada')['brand.other_brand']).toBe(1);
    // "sandisk" starts two titles without brand terms: it is a brand of this catalogue.
    expect(features({ title: 'SanDisk 64GB card' }, 'sandisk-ultra')['brand.inferred']).toBe(1);
    expect(features({ title: 'Kingston 64GB card' }, 'sandisk-ultra')['brand.inferred']).toBe(0);
    expect(features({ title: 'GlucoCheck meter' }, 'glucocheck-mini')['brand.inferred']).toBe(-1);
  });
});

describe('model_number / model_number_mismatch', () => {
  it('fires on the model number however it is spaced or punctuated, also in the description', () => {
    for (const title of ['Veloran VL-ST480', 'Veloran VLST480', 'Veloran vl st480', 'Veloran ＶＬ－ＳＴ４８０']) {
      expect(features({ title }, 'veloran-strada')['model.exact'], title).toBe(1);
    }
    expect(
      features({ title: 'sneaker', description: 'model VL-ST480, size 42' }, 'veloran-strada')['model.exact'],
    ).toBe(1);
    expect(signal({ title: 'Veloran Strada VL-ST480' }, 'veloran-strada', 'model_number')?.evidence).toBe('VL-ST480');
  });

  it('finds codes read from the item title, near forms, and mismatches', () => {
    expect(features({ title: 'SanDisk SDSDUNC-064G-GN6IN Ultra' }, 'sandisk-ultra')['model.exact']).toBe(1);
    expect(features({ title: 'SanDisk SDSDUNC064GGN6IN Ultra' }, 'sandisk-ultra')['model.near']).toBe(0.8);
    const other = features({ title: 'SanDisk Ultra SDSDXXY-128G' }, 'sandisk-ultra');
    expect([other['model.exact'], other['model.mismatch']]).toEqual([0, 1]);
    expect(features({ title: 'Veloran VL-ST490' }, 'veloran-strada')['model.near']).toBe(0.6);
  });

  it('reads a different model number anywhere in the listing, and how alike the two are', () => {
    // A shop's attribute table names a sibling model: not this item, though the title does not say so.
    const listing = { title: 'Veloran Strada Leather Sneaker', description: 'Model: VL-ST520' };
    const sibling = features(listing, 'veloran-strada');
    expect([sibling['model.exact'], sibling['model.mismatch'], sibling['model.mismatch_any']]).toEqual([0, 0, 1]);
    expect(sibling['model.sibling']).toBeCloseTo(4 / 7, 5); // "vlst" of "vlst520" / "vlst480"
    expect(signal(listing, 'veloran-strada', 'model_number_mismatch')?.evidence).toBe(
      'listing vlst520 vs item VL-ST480',
    );
    // A code of another scheme (a shop's stock number) shares no start with the model number.
    const stock = features({ ...listing, description: 'Item AB12345' }, 'veloran-strada');
    expect([stock['model.mismatch_any'], stock['model.sibling']]).toEqual([1, 0]);
    const same = features({ ...listing, description: 'Model: VL-ST480' }, 'veloran-strada');
    expect([same['model.exact'], same['model.mismatch_any'], same['model.sibling']]).toEqual([1, 0, 0]);
  });
});

describe('registration_number', () => {
  it('fires on the registration number, however spaced', () => {
    expect(
      features({ title: 'Veloran sneaker', description: '商标注册号 TM 40123456' }, 'veloran-strada')[
        'registration.exact'
      ],
    ).toBe(1);
    expect(features({ title: 'Veloran sneaker TM 40123457' }, 'veloran-strada')['registration.exact']).toBe(0);
  });
});

describe('numbers_units, edition_version, colour', () => {
  it('compares sizes, plain numbers, years, versions, editions and colours', () => {
    const card = features({ title: 'SanDisk Ultra 128GB SDXC Class 4' }, 'sandisk-ultra');
    expect(card['numbers.units_conflicting']).toBe(1);
    expect(card['numbers.first_number']).toBe(-1);
    expect(features({ title: 'SanDisk Ultra 64 GB SDXC Class 10' }, 'sandisk-ultra')['numbers.units_matched']).toBe(1);
    const ps = features({ title: 'Adobe Photoshop CS3 Extended Windows upgrade' }, 'photoshop-mac');
    expect([
      ps['edition.version_match'],
      ps['edition.platform_conflict'],
      ps['edition.licence_diff'],
      ps['edition.tier_diff'],
    ]).toEqual([1, 1, 1, 0]);
    expect(features({ title: 'GlucoCheck Mini 2021' }, 'glucocheck-mini')['edition.year_conflict']).toBe(1);
    expect(features({ title: 'Veloran Strada sneaker schwarz' }, 'veloran-strada')['colour.match']).toBe(1);
    expect(features({ title: 'Veloran Strada sneaker blanc' }, 'veloran-strada')['colour.conflict']).toBe(1);
    expect(signal({ title: 'Veloran Strada Leather Sneaker white' }, 'veloran-strada', 'colour')?.evidence).toBe(
      'listing white ≠ item black',
    );
  });
});

describe('price signals', () => {
  const ratio = (listing: Partial<MatchableListing>, id = 'veloran-strada') =>
    features({ ...listing, title: 'Veloran Strada' }, id);

  it('reads the price against the reference, across currencies', () => {
    expect(Math.exp(ratio({ price: 30, currency: 'USD' })['price.log_ratio']!)).toBeCloseTo(0.25, 5);
    expect(Math.exp(ratio({ price: 200, currency: 'CNY' })['price.log_ratio']!)).toBeCloseTo(200 / 7.2 / 120, 5);
    expect(ratio({ price: 1 })['price.known']).toBe(0);
    expect(ratio({ price: 1, currency: 'XYZ' })['price.known']).toBe(0);
  });

  it('names the signal by how far under the reference the price is', () => {
    const name = (price: number) =>
      matcher
        .match({ title: 'Veloran Strada Leather Sneaker', price, currency: 'USD' }, 1)[0]!
        .signals.find((s) => s.name.startsWith('price_'));
    expect(name(30)).toMatchObject({
      name: 'price_far_below_reference',
      evidence: '30 USD is 25% of reference 120 USD',
    });
    expect(name(60)?.name).toBe('price_below_reference');
    expect(name(110)?.name).toBe('price_reference');
  });
});

describe('counterfeit_words / piracy_words / accessory_or_part', () => {
  const words = (title: string, description?: string) =>
    matcher.match({ title: `Veloran Strada ${title}`, description }, 1)[0]!.signals;

  it('names the phrases found, English and Chinese, traditional too', () => {
    expect(words('REPLICA 1:1 mirror quality').find((s) => s.name === 'counterfeit_words')?.evidence).toBe(
      'replica, 1:1, mirror quality',
    );
    expect(words('復刻 運動鞋').find((s) => s.name === 'counterfeit_words')?.evidence).toBe('复刻');
    expect(
      signal({ title: 'Night Harbour full movie HDCAM', description: 'free download' }, 'night-harbour', 'piracy_words')
        ?.evidence,
    ).toBe('full movie, hdcam, free download');
    expect(features({ title: 'Veloran Strada cargo pants shirts' }, 'veloran-strada')['words.counterfeit']).toBe(0);
  });

  it('reads a cinema copy ("cam", "TS") only of a film or a video, and "AAA" beside a battery as its size', () => {
    expect(features({ title: 'Night Harbour CAM' }, 'night-harbour')['words.piracy']).toBe(1);
    expect(features({ title: 'Veloran Strada CAM', kind: 'video' }, 'veloran-strada')['words.piracy']).toBe(1);
    expect(features({ title: 'Veloran Strada dash cam' }, 'veloran-strada')['words.piracy']).toBe(0);
    expect(features({ title: 'Veloran Strada cracked' }, 'veloran-strada')['words.piracy']).toBe(1);
    expect(features({ title: 'Veloran Strada AAA' }, 'veloran-strada')['words.counterfeit']).toBe(1);
    expect(features({ title: 'Veloran AAA lithium batteries' }, 'veloran-strada')['words.counterfeit']).toBe(0);
    expect(features({ title: '维洛兰 AAA碱性电池' }, 'veloran-strada')['words.counterfeit']).toBe(0);
  });

  it('marks accessories, and whether the item is an accessory itself', () => {
    const f = features({ title: 'Shoe bag compatible with Veloran Strada' }, 'veloran-strada');
    expect([f['accessory.phrase'], f['accessory.item_is_accessory']]).toEqual([1, 0]);
    expect(words('鞋带 適用於').find((s) => s.name === 'accessory_or_part')?.evidence).toBe('适用于');
  });
});

describe('unauthorised_seller / uploader_not_owner', () => {
  it('says who sells when the item has authorised sellers', () => {
    const f = features({ title: 'Veloran Strada', seller: { id: 'shop9', name: 'Cheap Shoes' } }, 'veloran-strada');
    expect([f['seller.known'], f['seller.unauthorised']]).toEqual([1, 1]);
    expect(
      signal(
        { title: 'Veloran Strada Leather Sneaker', seller: { id: 'shop9', name: 'Cheap Shoes' } },
        'veloran-strada',
        'unauthorised_seller',
      )?.evidence,
    ).toBe('seller shop9 / Cheap Shoes is not among 1 authorised');
    expect(features({ title: 'GlucoCheck', seller: { id: 'shop9' } }, 'glucocheck-mini')['seller.unauthorised']).toBe(
      0,
    );
    expect(
      signal(
        { title: 'Night Harbour full movie', kind: 'video', seller: { name: 'movies4all' } },
        'night-harbour',
        'uploader_not_owner',
      )?.evidence,
    ).toBe('uploader movies4all is not among 1 authorised');
  });
});

describe('runtime_match / runtime_mismatch', () => {
  const video = (title: string, durationSeconds: number) => ({ title, kind: 'video' as const, durationSeconds });

  it('fires on a full-length upload, an episode pack, or one stated part of the work', () => {
    expect(features(video('Night Harbour', 6720 - 240), 'night-harbour')['runtime.match']).toBe(1);
    expect(features(video('Night Harbour Part 1/2 full', 3360 + 40), 'night-harbour')['runtime.match']).toBe(1);
    expect(features(video('夜港 上集 完整版', 3300), 'night-harbour')['runtime.match']).toBe(1);
    expect(signal(video('Night Harbour full movie', 6480), 'night-harbour', 'runtime_match')?.evidence).toBe(
      '1h48m vs work 1h52m',
    );
  });

  it('does not fire on a trailer, a clip, or a plain half-length video', () => {
    for (const [title, d] of [
      ['Night Harbour trailer', 150],
      ['Night Harbour', 3600],
      ['Night Harbour', 3360],
      ['Night Harbour Part 1/2', 900],
    ] as const) {
      expect(features(video(title, d), 'night-harbour')['runtime.match'], `${title} ${d}`).toBe(0);
    }
    expect(signal(video('Night Harbour trailer', 150), 'night-harbour', 'runtime_mismatch')?.evidence).toBe(
      '0h02m vs work 1h52m',
    );
    expect(partsOf('night harbour (2/3) hd')).toBe(3);
    expect(partsOf('1/2 inch drill bit')).toBeUndefined();
    expect(partsOf('part 5/2')).toBeUndefined();
  });
});

describe('closest_candidate', () => {
  it('compares an item with the listing’s other candidates', () => {
    const best = features({ title: 'SanDisk Ultra 64GB SDXC SDSDUNC-064G' }, 'sandisk-ultra');
    const sibling = features({ title: 'SanDisk Ultra 64GB SDXC SDSDUNC-064G' }, 'sandisk-extreme');
    expect(best['closest.rank']).toBe(0);
    expect(best['closest.words_gap']).toBeGreaterThan(0);
    expect(sibling['closest.rank']).toBeGreaterThan(0);
    expect(sibling['closest.other_has_code']).toBe(1);
  });
});
