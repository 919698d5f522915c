import { describe, expect, it } from 'vitest';
import { CandidateIndex, type IndexedItem } from '../../shared/match/candidate-index';
import { listingText, type MatchableListing } from '../../shared/match/listing-text';
import * as S from '../../shared/match/signals';
import { WEIGHTS } from '../../shared/match/signals';
import { CatalogueItemSchema, type CatalogueItemInput, type Signal } from '../../shared/model';

const item = (input: Omit<CatalogueItemInput, 'holder' | 'ipType'> & Partial<CatalogueItemInput>) =>
  CatalogueItemSchema.parse({ holder: 'holder', ipType: 'trademark', ...input });

const catalogue = [
  item({
    id: 'veloran-strada',
    title: 'Veloran Strada Leather Sneaker',
    aliases: ['维洛兰 斯特拉达 真皮运动鞋'],
    brandTerms: ['Veloran', '维洛兰'],
    modelNumbers: ['VL-ST480'],
    registrations: [{ number: 'TM-40123456', office: 'CNIPA' }],
    referencePrice: { amount: 120, currency: 'USD' },
    authorisedSellers: ['veloran-official'],
    officialDomains: ['veloran.com'],
  }),
  item({
    id: 'glucocheck-mini',
    title: 'GlucoCheck Mini Blood Glucose Meter',
    aliases: ['血糖仪 迷你'],
    brandTerms: ['GlucoCheck'],
    modelNumbers: ['GC-M20'],
    referencePrice: { amount: 280, currency: 'CNY' },
  }),
  item({
    id: 'night-harbour',
    ipType: 'copyright',
    title: 'Night Harbour',
    aliases: ['夜港'],
    runtimeSeconds: 6720,
    authorisedSellers: ['NightHarbourFilms'],
  }),
  item({
    id: 'jade-court-s01e01',
    ipType: 'copyright',
    title: 'Jade Court S01E01',
    aliases: ['玉庭 第1集'],
    runtimeSeconds: 2700,
  }),
];

const index = new CandidateIndex(catalogue);
const ctx: S.SignalContext = { index, rates: S.defaultRates };
const byId = (id: string): IndexedItem => index.items.find((i) => i.item.id === id)!;
const veloran = byId('veloran-strada');
const gluco = byId('glucocheck-mini');
const film = byId('night-harbour');
const text = (listing: MatchableListing) => listingText(listing);
const named = (signals: Signal[], name: string) => signals.find((s) => s.name === name);

describe('title_similarity', () => {
  it('scores the IDF-weighted share of the item name found in the title', () => {
    const s = S.titleSimilarity(text({ title: 'Veloran Strada Leather Sneaker size 42' }), veloran, ctx)!;
    expect(s.name).toBe('title_similarity');
    expect(s.weight).toBe(WEIGHTS.titleSimilarity);
    expect(s.evidence).toContain('100% of "veloran strada leather sneaker"');
    expect(s.evidence).toContain('strada');
  });

  it('scales the weight down for a partial title', () => {
    const s = S.titleSimilarity(text({ title: 'Veloran Sneaker' }), veloran, ctx)!;
    expect(s.weight).toBeGreaterThan(0);
    expect(s.weight).toBeLessThan(WEIGHTS.titleSimilarity);
  });

  it('forgives typos in long words through fuse.js, marking them with ~', () => {
    const s = S.titleSimilarity(text({ title: 'Velorna Strada Leathr Sneaker' }), veloran, ctx)!;
    expect(s.evidence).toContain('~veloran');
    expect(s.evidence).toContain('~leather');
    expect(s.weight).toBeGreaterThan(0.8 * WEIGHTS.titleSimilarity);
    expect(s.weight).toBeLessThan(WEIGHTS.titleSimilarity);
  });

  it('matches a Chinese alias written in traditional characters', () => {
    const s = S.titleSimilarity(text({ title: '維洛蘭 斯特拉達 真皮運動鞋' }), veloran, ctx)!;
    expect(s.weight).toBe(WEIGHTS.titleSimilarity);
    expect(s.evidence).toContain('维洛兰 斯特拉达 真皮运动鞋');
  });

  it('gives nothing below 30% of the name', () => {
    expect(S.titleSimilarity(text({ title: 'leather belt' }), veloran, ctx)).toBeUndefined();
  });
});

describe('brand_term', () => {
  it('fires on the brand, in Latin, Chinese or pinyin', () => {
    for (const [title, term] of [
      ['VELORAN shoes', 'Veloran'],
      ['正品 维洛兰 鞋', '维洛兰'],
      ['weiluolan sneakers', '维洛兰'],
    ] as const) {
      const s = S.brandTerm(text({ title }), veloran, ctx);
      expect(s, title).toEqual({ name: 'brand_term', weight: WEIGHTS.brandTerm, evidence: term });
    }
  });

  it('sees through digit-for-letter swaps', () => {
    expect(S.brandTerm(text({ title: 'Vel0ran sneaker' }), veloran, ctx)).toMatchObject({
      name: 'brand_term',
      evidence: 'Veloran',
    });
  });

  it('gives nothing without the brand', () => {
    expect(S.brandTerm(text({ title: 'leather sneaker' }), veloran, ctx)).toBeUndefined();
  });
});

describe('brand_lookalike', () => {
  it('fires on a spelling one edit from the brand and names both', () => {
    for (const spelt of ['Velorran', 'Velorna', 'Veloan']) {
      const s = S.brandTerm(text({ title: `${spelt} sneaker` }), veloran, ctx);
      expect(s, spelt).toEqual({
        name: 'brand_lookalike',
        weight: WEIGHTS.brandLookalike,
        evidence: `${spelt.toLowerCase()} ≈ Veloran`,
      });
    }
  });

  it('does not fire on words two edits away', () => {
    expect(S.brandTerm(text({ title: 'Velocity sneaker' }), veloran, ctx)).toBeUndefined();
  });

  it('does not call another brand named exactly a look-alike', () => {
    const two = new CandidateIndex([
      item({ id: 'a', title: 'Veloran Strada', brandTerms: ['Veloran'] }),
      item({ id: 'b', title: 'Velorin Strada', brandTerms: ['Velorin'] }),
    ]);
    const b = two.items[1]!;
    expect(S.brandTerm(text({ title: 'Veloran Strada' }), b, { index: two, rates: S.defaultRates })).toBeUndefined();
    expect(S.brandTerm(text({ title: 'Velorrin Strada' }), b, { index: two, rates: S.defaultRates })?.name).toBe(
      'brand_lookalike',
    );
  });
});

describe('model_number', () => {
  it('fires on the model number however it is spaced or punctuated', () => {
    for (const title of ['Veloran VL-ST480', 'Veloran VLST480', 'Veloran vl st480', 'Veloran ＶＬ－ＳＴ４８０']) {
      expect(S.modelNumber(text({ title }), veloran), title).toEqual({
        name: 'model_number',
        weight: WEIGHTS.modelNumber,
        evidence: 'VL-ST480',
      });
    }
  });

  it('also reads the description', () => {
    expect(S.modelNumber(text({ title: 'sneaker', description: 'model VL-ST480, size 42' }), veloran)?.evidence).toBe(
      'VL-ST480',
    );
  });

  it('does not fire on another model', () => {
    expect(S.modelNumber(text({ title: 'Veloran VL-ST490' }), veloran)).toBeUndefined();
  });
});

describe('registration_number', () => {
  it('fires on the trademark registration number', () => {
    const s = S.registrationNumber(text({ title: 'Veloran sneaker', description: '商标注册号 TM 40123456' }), veloran);
    expect(s).toEqual({ name: 'registration_number', weight: WEIGHTS.registrationNumber, evidence: 'TM-40123456' });
    expect(S.registrationNumber(text({ title: 'Veloran sneaker TM 40123457' }), veloran)).toBeUndefined();
  });
});

describe('counterfeit_words', () => {
  it('fires on English phrases and names them', () => {
    const [s] = S.infringementWords(text({ title: 'Veloran sneaker REPLICA 1:1 mirror quality' }));
    expect(s).toEqual({
      name: 'counterfeit_words',
      weight: WEIGHTS.counterfeitWords,
      evidence: 'replica, 1:1, mirror quality',
    });
  });

  it('fires on Chinese phrases, also traditional, also glued to other words', () => {
    for (const [title, word] of [
      ['维洛兰 高仿 运动鞋', '高仿'],
      ['維洛蘭 復刻 運動鞋', '复刻'],
      ['精品a货包包', 'a货'],
      ['维洛兰1:1运动鞋', '1:1'],
      ['高仿1比1运动鞋', '1比1'],
    ] as const) {
      const s = named(S.infringementWords(text({ title })), 'counterfeit_words');
      expect(s?.evidence.split(', '), title).toContain(word);
    }
  });

  it('needs word boundaries for Latin phrases', () => {
    for (const title of ['size aaab battery', 'fakest deal', 'replicant figure', 'model 11:10']) {
      expect(named(S.infringementWords(text({ title })), 'counterfeit_words'), title).toBeUndefined();
    }
    expect(named(S.infringementWords(text({ title: 'AAA grade' })), 'counterfeit_words')?.evidence).toBe('aaa');
    expect(named(S.infringementWords(text({ title: 'AAA+ grade' })), 'counterfeit_words')?.evidence).toBe('aaa+');
  });
});

describe('piracy_words', () => {
  it('fires on English and Chinese phrases and names them', () => {
    const [s] = S.infringementWords(text({ title: 'Night Harbour full movie HDCAM', description: 'free download' }));
    expect(s).toEqual({
      name: 'piracy_words',
      weight: WEIGHTS.piracyWords,
      evidence: 'full movie, hdcam, free download',
    });
    const zh = named(S.infringementWords(text({ title: '夜港 枪版 免費觀看' })), 'piracy_words');
    expect(zh?.evidence).toBe('枪版, 免费观看');
  });

  it('fires on "ts" only as a word', () => {
    expect(named(S.infringementWords(text({ title: 'Night Harbour TS 1080p' })), 'piracy_words')?.evidence).toBe('ts');
    for (const title of ['cargo pants', 'shirts and boots', 'scam alert', 'camera bag', 'cracker box']) {
      expect(S.infringementWords(text({ title })), title).toEqual([]);
    }
  });
});

describe('price_far_below_reference / price_below_reference', () => {
  it('fires far below under 35% of the reference', () => {
    expect(S.priceBelowReference(text({ title: 'x', price: 30, currency: 'USD' }), veloran, ctx)).toEqual({
      name: 'price_far_below_reference',
      weight: WEIGHTS.priceFarBelow,
      evidence: '30 USD is 25% of reference 120 USD',
    });
  });

  it('fires below between 35% and 60%', () => {
    expect(S.priceBelowReference(text({ title: 'x', price: 60, currency: 'USD' }), veloran, ctx)).toMatchObject({
      name: 'price_below_reference',
      weight: WEIGHTS.priceBelow,
      evidence: '60 USD is 50% of reference 120 USD',
    });
  });

  it('gives nothing at or near the reference', () => {
    expect(S.priceBelowReference(text({ title: 'x', price: 110, currency: 'USD' }), veloran, ctx)).toBeUndefined();
  });

  it('converts across currencies', () => {
    // 200 CNY ≈ 27.8 USD: 23% of 120 USD.
    expect(S.priceBelowReference(text({ title: 'x', price: 200, currency: 'CNY' }), veloran, ctx)).toMatchObject({
      name: 'price_far_below_reference',
      evidence: '200 CNY is 23% of reference 120 USD',
    });
    // 20 USD = 144 CNY: 51% of 280 CNY.
    expect(S.priceBelowReference(text({ title: 'x', price: 20, currency: 'USD' }), gluco, ctx)).toMatchObject({
      name: 'price_below_reference',
      evidence: '20 USD is 51% of reference 280 CNY',
    });
    // Unconverted, 500 > 120 would never fire; 500 CNY ≈ 69 USD is 58%. 800 CNY ≈ 111 USD is not low.
    expect(S.priceBelowReference(text({ title: 'x', price: 500, currency: 'CNY' }), veloran, ctx)?.name).toBe(
      'price_below_reference',
    );
    expect(S.priceBelowReference(text({ title: 'x', price: 800, currency: 'CNY' }), veloran, ctx)).toBeUndefined();
  });

  it('gives nothing when the currency is missing or unknown', () => {
    expect(S.priceBelowReference(text({ title: 'x', price: 1 }), veloran, ctx)).toBeUndefined();
    expect(S.priceBelowReference(text({ title: 'x', price: 1, currency: 'XYZ' }), veloran, ctx)).toBeUndefined();
    expect(S.priceBelowReference(text({ title: 'x', price: 1, currency: 'USD' }), film, ctx)).toBeUndefined();
  });
});

describe('authorised_seller / unauthorised_seller / uploader_not_owner', () => {
  it('lowers the score for an authorised seller, by id or name, however written', () => {
    for (const seller of [{ id: 'veloran-official' }, { name: 'Veloran Official' }]) {
      expect(S.seller(text({ title: 'x', seller }), veloran)).toEqual({
        name: 'authorised_seller',
        weight: WEIGHTS.authorisedSeller,
        evidence: 'seller veloran-official',
      });
    }
  });

  it('raises it a little for any other seller', () => {
    expect(S.seller(text({ title: 'x', seller: { id: 'shop9', name: 'Cheap Shoes' } }), veloran)).toEqual({
      name: 'unauthorised_seller',
      weight: WEIGHTS.unauthorisedSeller,
      evidence: 'seller shop9 / Cheap Shoes is not among 1 authorised',
    });
  });

  it('says uploader for videos', () => {
    expect(S.seller(text({ title: 'x', kind: 'video', seller: { name: 'movies4all' } }), film)).toMatchObject({
      name: 'uploader_not_owner',
      weight: WEIGHTS.unauthorisedSeller,
      evidence: 'uploader movies4all is not among 1 authorised',
    });
    expect(S.seller(text({ title: 'x', kind: 'video', seller: { name: 'NightHarbourFilms' } }), film)).toMatchObject({
      name: 'authorised_seller',
      evidence: 'uploader NightHarbourFilms',
    });
  });

  it('says nothing without a seller or without a list of authorised ones', () => {
    expect(S.seller(text({ title: 'x' }), veloran)).toBeUndefined();
    expect(S.seller(text({ title: 'x', seller: { id: 'shop9' } }), gluco)).toBeUndefined();
  });
});

describe('official_domain', () => {
  it('fires on the official domain and its subdomains', () => {
    for (const url of ['https://veloran.com/p/1', 'https://shop.Veloran.com/p/1']) {
      expect(S.officialDomain(text({ title: 'x', url }), veloran)).toMatchObject({
        name: 'official_domain',
        weight: WEIGHTS.officialDomain,
      });
    }
    expect(S.officialDomain(text({ title: 'x', url: 'https://shop.veloran.com/p/1' }), veloran)?.evidence).toBe(
      'shop.veloran.com',
    );
  });

  it('does not fire on look-alike hosts or unreadable URLs', () => {
    for (const url of ['https://fakeveloran.com/p', 'https://veloran.com.evil.example/p', 'not a url']) {
      expect(S.officialDomain(text({ title: 'x', url }), veloran), url).toBeUndefined();
    }
  });
});

describe('runtime_match', () => {
  const video = (durationSeconds: number) => text({ title: 'Night Harbour', kind: 'video', durationSeconds });

  it('fires on a full-length upload within tolerance', () => {
    expect(S.runtimeMatch(video(6720 - 240), film)).toEqual({
      name: 'runtime_match',
      weight: WEIGHTS.runtimeMatch,
      evidence: '1h48m vs work 1h52m',
    });
    expect(S.runtimeMatch(video(6720 + 600), film)?.name).toBe('runtime_match');
  });

  it('does not fire on a trailer or a clip', () => {
    expect(S.runtimeMatch(video(150), film)).toBeUndefined();
    expect(S.runtimeMatch(video(3600), film)).toBeUndefined();
    expect(S.runtimeMatch(video(6720 * 2), film)).toBeUndefined();
  });

  it('fires on an episode pack of at least 2.5 times the runtime', () => {
    const episode = byId('jade-court-s01e01');
    const pack = (durationSeconds: number) =>
      text({ title: 'Jade Court all episodes', kind: 'video', durationSeconds });
    expect(S.runtimeMatch(pack(2700 * 8), episode)).toEqual({
      name: 'runtime_match',
      weight: WEIGHTS.runtimeMatch,
      evidence: '6h00m vs work 0h45m',
    });
    expect(S.runtimeMatch(pack(2700 * 2.5), episode)?.name).toBe('runtime_match');
    expect(S.runtimeMatch(pack(2700 * 2), episode)).toBeUndefined();
  });

  it('fires on one part of a work cut in parts, when it runs that share of it', () => {
    const part = (title: string, durationSeconds: number) => text({ title, kind: 'video', durationSeconds });
    expect(S.runtimeMatch(part('Night Harbour Part 1/2 full', 3360 + 40), film)).toEqual({
      name: 'runtime_match',
      weight: WEIGHTS.runtimeMatch,
      evidence: '0h56m vs work 1h52m in 2 parts',
    });
    expect(S.runtimeMatch(part('夜港 上集 完整版', 3300), film)?.name).toBe('runtime_match');
    expect(S.runtimeMatch(part('Night Harbour part 2 of 3', 2240), film)?.name).toBe('runtime_match');
    // A part marker with the wrong length is a clip; a plain half-length video says nothing.
    expect(S.runtimeMatch(part('Night Harbour Part 1/2', 900), film)).toBeUndefined();
    expect(S.runtimeMatch(part('Night Harbour', 3360), film)).toBeUndefined();
    expect(S.partsOf('night harbour (2/3) hd')).toBe(3);
    expect(S.partsOf('1/2 inch drill bit')).toBeUndefined();
    expect(S.partsOf('part 5/2')).toBeUndefined();
  });

  it('says nothing without a duration or a runtime', () => {
    expect(S.runtimeMatch(text({ title: 'Night Harbour', kind: 'video' }), film)).toBeUndefined();
    expect(S.runtimeMatch(video(6720), veloran)).toBeUndefined();
  });
});

describe('accessory_or_part', () => {
  it('lowers the score for accessories and parts, English and Chinese', () => {
    expect(S.compatibility(text({ title: 'Shoe bag compatible with Veloran Strada' }))).toEqual({
      name: 'accessory_or_part',
      weight: WEIGHTS.compatibility,
      evidence: 'compatible with',
    });
    expect(S.compatibility(text({ title: '鞋带 適用於 維洛蘭' }))?.evidence).toBe('适用于');
    expect(S.compatibility(text({ title: 'Veloran Strada Leather Sneaker' }))).toBeUndefined();
  });
});
