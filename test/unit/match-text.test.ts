import { describe, expect, it } from 'vitest';
import {
  bestCodeMatch,
  canonicalCode,
  codeInfo,
  codeNearness,
  codeStem,
  codesOf,
  isCode,
  listingCodeProbes,
  siblingCode,
} from '../../shared/match/codes';
import { coloursOf } from '../../shared/match/colours';
import { compareEditions, editionsOf } from '../../shared/match/editions';
import { normaliseText, stripMarkup, tokenise } from '../../shared/match/normalise';
import {
  asLookup,
  charGrams,
  cosine,
  jaccard,
  jaroWinkler,
  lcsShare,
  mongeElkan,
  tfidf,
} from '../../shared/match/similarity';
import { TextStats } from '../../shared/match/text-stats';
import { compareQuantities, numbersOf, quantitiesOf } from '../../shared/match/units';

const tokens = (s: string) => tokenise(normaliseText(s));

describe('stripMarkup (WDC titles)', () => {
  it('drops language tags after quoted values and quoted Null placeholders', () => {
    expect(normaliseText(stripMarkup('"Nike Free RN"@de "Laufschuh"@de-DE'))).toBe('nike free rn laufschuh');
    expect(normaliseText(stripMarkup('"458418-B21 HP E5410", "Null" "New 458418-B21"'))).toBe(
      '458418 b21 hp e5410 new 458418 b21',
    );
    expect(stripMarkup('plain title')).toBe('plain title');
  });
});

describe('product codes', () => {
  it('reads codes, joining the pieces normalisation split apart', () => {
    expect([...codesOf(tokens('Sony Bravia KDL-40S5100 LCD TV'))]).toEqual(
      expect.arrayContaining(['kdl40s5100', '40s5100']),
    );
    expect([...codesOf(tokens('SanDisk SDSDUNC-064G-GN6IN'))]).toEqual(
      expect.arrayContaining(['sdsdunc064g', 'sdsdunc064ggn6in']),
    );
    expect(codesOf(tokens('logitech harmony 890 remote'))).toEqual(new Set());
    expect(isCode('966193')).toBe(true);
    expect(isCode('2007')).toBe(false);
    expect(isCode('usb')).toBe(false);
  });

  it('normalises leading zeros and colour or region suffixes', () => {
    expect(canonicalCode('0012345')).toBe('12345');
    expect(codeStem('lds4821ww')).toBe('lds4821');
    expect(codeStem('xr200')).toBe('xr200');
  });

  it('grades nearness: exact, same stem, one inside the other, one edit', () => {
    const n = (a: string, b: string) => codeNearness(codeInfo(a), codeInfo(b));
    expect(n('dvd3800bdci', 'dvd3800bdci')).toBe(1);
    expect(n('lds4821ww', 'lds4821wh')).toBe(0.9);
    expect(n('p6000', 'coolpixp6000bk')).toBe(0.8);
    expect(n('kdl40s5100', 'kdl40s5200')).toBe(0.6);
    expect(n('ldf6920bb', 'lds4821ww')).toBe(0);
    const m = bestCodeMatch(
      [codeInfo('p6000')],
      [codeInfo('nikon'), codeInfo('coolpixp6000bk')],
      new Set(['coolpixp6000bk']),
    );
    expect(m).toEqual({ score: 0.8, itemCode: 'p6000', listingCode: 'coolpixp6000bk' });
  });

  it('measures how alike two different codes begin, from three shared characters', () => {
    expect(siblingCode([codeInfo('dap2555')], ['dap2590', 'da12345'])).toEqual({
      score: 5 / 7,
      itemCode: 'dap2555',
      listingCode: 'dap2590',
    });
    expect(siblingCode([codeInfo('vlst480')], ['vl12345']).score).toBe(0);
    expect(siblingCode([codeInfo('vlst480')], ['vlst480']).score).toBe(0);
    expect(siblingCode([codeInfo('12345')], ['12399']).score).toBe(0); // digits only: no model number
  });

  it('probes the substrings of a listing code that look like codes', () => {
    const probes = new Set<string>();
    listingCodeProbes('coolpixp6000bk', probes);
    expect(probes.has('p6000')).toBe(true);
    expect(probes.has('cool')).toBe(false);
  });
});

describe('numbers with units', () => {
  it('reads quantities in one unit per dimension', () => {
    const q = quantitiesOf('sandisk 1tb ssd, 5000 mah, 13.3" screen, 100ml, 65w');
    expect(q.map((x) => [x.dim, x.value])).toEqual([
      ['bytes', 1000],
      ['charge', 5000],
      ['length', 13.3 * 25.4],
      ['volume', 100],
      ['power', 65],
    ]);
    expect(quantitiesOf('5 inside')).toEqual([]);
  });

  it('matches equal sizes and flags different ones', () => {
    const c = compareQuantities(quantitiesOf('ssd 1000 gb 2.5"'), quantitiesOf('ssd 1 tb 3.5 inch'));
    expect(c.matched.map((q) => q.dim)).toEqual(['bytes']);
    expect(c.conflicting.map(([a, b]) => [a.text, b.text])).toEqual([['2.5"', '3.5 inch']]);
  });

  it('reads plain numbers canonically, first number first', () => {
    expect([...numbersOf('printmaster gold v 17.0 (win 98)')]).toEqual(['17', '98']);
    expect([...numbersOf('harmony 890 advanced, 007 edition, 7,50 eur')]).toEqual(['890', '7', '7.5']);
    expect([...numbersOf('cs3 kdl40 h264')]).toEqual([]);
  });
});

describe('editions, versions, years and colours', () => {
  it('reads years, versions and edition words, abbreviations included', () => {
    const e = editionsOf(tokens('Adobe Photoshop CS3 Extended upg Mac 2007'));
    expect([...e.years]).toEqual(['2007']);
    expect([...e.versions]).toEqual(['cs3']);
    expect(e.editions.get('licence')).toEqual(new Set(['upgrade']));
    expect(e.editions.get('platform')).toEqual(new Set(['mac']));
    expect(e.editions.get('tier')).toEqual(new Set(['extended']));
    expect([...editionsOf(tokens('Nike Tiempo Legend VI FG')).versions]).toEqual(['vi']);
    expect(editionsOf(tokens('Nike Damen Air Max')).editions.get('variant')).toEqual(new Set(['women']));
  });

  it('compares them', () => {
    const c = compareEditions(
      editionsOf(tokens('office 2007 pro windows')),
      editionsOf(tokens('office 2010 professional mac upgrade')),
    );
    expect(c).toMatchObject({
      yearConflict: true,
      yearMatch: false,
      platformConflict: true,
      licenceDiff: ['upgrade'],
      tierDiff: [],
      shared: ['pro'],
    });
  });

  it('maps colour words of several languages to one colour', () => {
    expect(coloursOf(tokens('Nike Free Run Blanco/Negro'))).toEqual(new Set(['white', 'black']));
    expect(coloursOf(tokens('Schwarz Noir 黑色'))).toEqual(new Set(['black']));
  });
});

describe('similarities', () => {
  it('Jaro-Winkler', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('Monge-Elkan forgives order and typos', () => {
    const to = ['enterprise', 'linux', 'red', 'hat'];
    expect(mongeElkan(['red', 'hat', 'enterprise', 'linux'], to, new Set(to))).toBe(1);
    const typo = mongeElkan(['entprse'], to, new Set(to));
    expect(typo).toBeGreaterThan(0.8);
    expect(typo).toBeLessThan(1);
  });

  it('longest common subsequence keeps word order', () => {
    expect(lcsShare(['print', 'shop', '21', 'deluxe'], ['the', 'print', 'shop', 'deluxe', '21'])).toBe(0.75);
    expect(lcsShare(['a', 'b'], ['b', 'a'])).toBe(0.5);
    expect(lcsShare([], ['a'])).toBe(0);
  });

  it('Jaccard and TF-IDF cosines', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    const idf = () => 1;
    const a = tfidf(
      new Map([
        ['x', 1],
        ['y', 1],
      ]),
      idf,
    );
    expect(cosine(a, asLookup(a))).toBeCloseTo(1);
    const g1 = tfidf(charGrams('veloran strada'), idf);
    const g2 = asLookup(tfidf(charGrams('velorna strada'), idf));
    expect(cosine(g1, g2)).toBeGreaterThan(0.5);
  });

  it('IDF blends the catalogue with the listings seen in training', () => {
    const alone = new TextStats();
    const seen = new TextStats({ docs: 1000, df: { new: 600 } });
    for (const s of [alone, seen]) {
      s.add(['veloran', 'new']);
      s.add(['glucocheck']);
    }
    expect(alone.idf('new')).toBe(alone.idf('veloran'));
    expect(seen.idf('new')).toBeLessThan(seen.idf('veloran'));
  });
});
