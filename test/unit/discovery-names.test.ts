import { readFileSync } from 'node:fs';
import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  discoveryTerms,
  domainLookalikes,
  NameFlagger,
  termLookalikes,
  SHOP_WORDS,
  toAscii,
  toUnicode,
} from '../../shared/discovery';
import { CatalogueSchema } from '../../shared/model';

const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync('demo/catalogue.json', 'utf8')));
const terms = discoveryTerms(catalogue.items);
const flagger = new NameFlagger(terms);

describe('punycode', () => {
  it('agrees with node:url on IDN labels both ways', () => {
    for (const name of [
      'münchen.de',
      '维洛兰官方.com',
      'vеloran.com',
      'bücher-straße.shop',
      '青玉河在线.top',
      'plain.com',
    ]) {
      const ascii = toAscii(name);
      expect(ascii).toBe(domainToASCII(name));
      expect(toUnicode(ascii)).toBe(domainToUnicode(ascii));
    }
  });
});

describe('terms', () => {
  it('takes brand terms, work titles (without articles and season numbers) and official labels', () => {
    const slugs = terms.terms.map((t) => t.slug);
    expect(slugs).toEqual(
      expect.arrayContaining(['veloran', '维洛兰', 'lanternkeeper', 'saltmarshdetectives', '青玉河']),
    );
    expect(slugs).not.toContain('arc');
    expect(terms.official.map((o) => o.domain)).toContain('veloran.example');
  });
});

describe('look-alike permutations', () => {
  it('makes every family for an official domain, each name once and never the domain itself', () => {
    const all = domainLookalikes('veloran.example');
    const families = new Set(all.map((l) => l.family));
    for (const f of [
      'addition',
      'omission',
      'repetition',
      'transposition',
      'replacement',
      'vowel-swap',
      'hyphenation',
      'bitsquatting',
      'homoglyph',
      'combosquatting',
      'tld-swap',
    ])
      expect(families).toContain(f);
    expect(new Set(all.map((l) => l.domain)).size).toBe(all.length);
    expect(all.map((l) => l.domain)).not.toContain('veloran.example');
    const byName = new Map(all.map((l) => [l.unicode, l.family]));
    expect(byName.get('velroan.example')).toBe('transposition');
    expect(byName.get('veloran.shop')).toBe('tld-swap');
    expect(byName.get('vеloran.example')).toBe('homoglyph'); // Cyrillic е
    expect(all.find((l) => l.unicode === 'vеloran.example')!.domain).toMatch(/^xn--/);
    expect(byName.get('veloran-outlet.example')).toBe('combosquatting');
  });

  it('pairs a brand with shop words in both scripts', () => {
    const names = termLookalikes('维洛兰', SHOP_WORDS, new Set()).map((l) => l.unicode);
    expect(names).toContain('维洛兰官方.com');
    expect(termLookalikes('veloran', SHOP_WORDS, new Set()).map((l) => l.domain)).toContain('veloran-outlet.shop');
  });
});

describe('name flagging', () => {
  it('flags containing, homoglyph and typo names, each with its reason', () => {
    expect(flagger.flag('shop.veloran-outlet.top')?.reasons[0]).toMatchObject({ kind: 'term', term: 'veloran' });
    expect(flagger.flag('ve1oran-sale.com')?.reasons[0]).toMatchObject({ kind: 'homoglyph', term: 'veloran' });
    expect(flagger.flag(toAscii('vеloran.com'))?.reasons[0]).toMatchObject({ kind: 'homoglyph' });
    expect(flagger.flag('velroan-bags.com')?.reasons[0]).toMatchObject({ kind: 'typo', term: 'veloran' });
    expect(flagger.flag('watch-lanternkeeper-free.xyz')?.holderIds).toEqual(['silverpine']);
    expect(flagger.flag(toAscii('青玉河在线.top'))?.reasons[0]).toMatchObject({ kind: 'term', term: '青玉河' });
    expect(flagger.flag('*.veloran-shop.net')?.domain).toBe('veloran-shop.net');
  });

  it('leaves official domains, their subdomains and unrelated names alone', () => {
    expect(flagger.flag('veloran.example')).toBeUndefined();
    expect(flagger.flag('shop.veloran.example')).toBeUndefined();
    for (const n of ['mail.bakery-corner.com', 'cdn.newsroom24.net', 'www.example.org', '192.168.1.1', 'localhost'])
      expect(flagger.flag(n)).toBeUndefined();
  });
});
