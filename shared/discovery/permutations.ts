/**
 * Look-alike domains, by the permutation families typosquatting tools use
 * (dnstwist's among them): each generated name says which family made it,
 * so a reviewer reads "keyboard neighbour of veloran.example", not a bare
 * name. Pure: resolving and fetching the names is the crawler's job.
 */
import { ownerLabel, suffixOf } from './domains';
import { toAscii } from './punycode';

export type Family =
  | 'addition'
  | 'omission'
  | 'repetition'
  | 'transposition'
  | 'replacement'
  | 'vowel-swap'
  | 'hyphenation'
  | 'bitsquatting'
  | 'homoglyph'
  | 'combosquatting'
  | 'tld-swap';

export interface Lookalike {
  /** ASCII (IDNA) form, what DNS is asked. */
  domain: string;
  /** As a person would read it (differs from `domain` for IDN homoglyphs and CJK combos). */
  unicode: string;
  family: Family;
  /** The official domain or protected term it plays on. */
  base: string;
}

const QWERTY: Record<string, string> = {
  '1': '2q',
  '2': '3wq1',
  '3': '4ew2',
  '4': '5re3',
  '5': '6tr4',
  '6': '7yt5',
  '7': '8uy6',
  '8': '9iu7',
  '9': '0oi8',
  '0': 'po9',
  q: '12wa',
  w: '3esaq2',
  e: '4rdsw3',
  r: '5tfde4',
  t: '6ygfr5',
  y: '7uhgt6',
  u: '8ijhy7',
  i: '9okju8',
  o: '0plki9',
  p: 'lo0',
  a: 'qwsz',
  s: 'edxzaw',
  d: 'rfcxse',
  f: 'tgvcdr',
  g: 'yhbvft',
  h: 'ujnbgy',
  j: 'ikmnhu',
  k: 'olmji',
  l: 'kop',
  z: 'asx',
  x: 'zsdc',
  c: 'xdfv',
  v: 'cfgb',
  b: 'vghn',
  n: 'bhjm',
  m: 'njk',
};
const VOWELS = 'aeiou';
/** Letters and the look-alikes that render close to them: ASCII first, then Cyrillic, Greek and accented Latin. */
const GLYPHS: Record<string, string[]> = {
  a: ['4', 'а', 'à', 'á', 'ä', 'å', 'ɑ'],
  b: ['d', 'lb', 'ь'],
  c: ['e', 'с', 'ç', 'ć'],
  d: ['b', 'cl', 'ԁ'],
  e: ['3', 'е', 'é', 'è', 'ë', 'ė'],
  g: ['q', '9', 'ɡ'],
  h: ['lh', 'һ'],
  i: ['1', 'l', 'і', 'í', 'ï', 'ı'],
  j: ['ј'],
  k: ['lc', 'κ'],
  l: ['1', 'i', 'ӏ', 'ł'],
  m: ['rn', 'nn', 'ṃ'],
  n: ['m', 'r', 'ո', 'ñ'],
  o: ['0', 'о', 'ο', 'ö', 'ó', 'ø'],
  p: ['р', 'ρ'],
  q: ['g', 'ԛ'],
  r: ['г'],
  s: ['5', 'ѕ', 'ś', 'š'],
  t: ['7', 'τ'],
  u: ['v', 'υ', 'ü', 'ú'],
  v: ['u', 'ν', 'ѵ'],
  w: ['vv', 'ѡ'],
  x: ['х'],
  y: ['у', 'ý'],
  z: ['2', 'ż', 'ž'],
};
/** Words sold next to a brand by counterfeit shops, and next to a title by pirate streaming sites. */
export const SHOP_WORDS = [
  'outlet',
  'shop',
  'store',
  'official',
  'online',
  'sale',
  'cheap',
  'replica',
  'buy',
  'mall',
  'vip',
  'factory',
  'discount',
  '官方',
  '旗舰店',
  '商城',
  '正品',
];
export const WATCH_WORDS = ['watch', 'stream', 'online', 'free', 'hd', 'movie', 'tv', 'full', '在线', '免费'];
/** Suffixes infringers register most (cheap or generic), tried for a TLD swap and with combos. */
export const SWAP_TLDS = ['com', 'net', 'org', 'shop', 'store', 'top', 'xyz', 'vip', 'online', 'site', 'cn', 'cc'];
const COMBO_TLDS = ['com', 'net', 'shop', 'store', 'top', 'xyz'];

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function* edits(label: string): Generator<[Family, string]> {
  const at = (i: number, s: string, drop = 0) => label.slice(0, i) + s + label.slice(i + drop);
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') yield ['addition', label + c];
  for (let i = 0; i < label.length; i++) {
    const ch = label[i]!;
    yield ['omission', at(i, '', 1)];
    yield ['repetition', at(i, ch + ch, 1)];
    if (i + 1 < label.length) yield ['transposition', at(i, label[i + 1]! + ch, 2)];
    for (const k of QWERTY[ch] ?? '') yield ['replacement', at(i, k, 1)];
    if (VOWELS.includes(ch)) for (const v of VOWELS) if (v !== ch) yield ['vowel-swap', at(i, v, 1)];
    if (i > 0 && ch !== '-' && label[i - 1] !== '-') yield ['hyphenation', at(i, '-')];
    const code = ch.charCodeAt(0);
    for (let bit = 0; bit < 8; bit++) {
      const flipped = String.fromCharCode(code ^ (1 << bit));
      if (/^[a-z0-9-]$/.test(flipped)) yield ['bitsquatting', at(i, flipped, 1)];
    }
    for (const g of GLYPHS[ch] ?? []) yield ['homoglyph', at(i, g, 1)];
  }
}

class Collector {
  readonly out = new Map<string, Lookalike>();
  constructor(private readonly exclude: ReadonlySet<string>) {}
  add(unicode: string, family: Family, base: string): void {
    let domain: string;
    try {
      domain = toAscii(unicode);
    } catch {
      return;
    }
    const label = domain.split('.')[0]!;
    // `ab--…` is reserved for IDNA forms: only `xn--` may have hyphens there.
    const reserved = label.slice(2, 4) === '--' && !label.startsWith('xn--');
    if (!LABEL.test(label) || reserved || this.exclude.has(domain)) return;
    if (!this.out.has(domain)) this.out.set(domain, { domain, unicode, family, base });
  }
}

/** Every look-alike of an official domain: edits of its owner label under its own suffix, and TLD swaps. */
export function domainLookalikes(official: string): Lookalike[] {
  const label = ownerLabel(official);
  const suffix = suffixOf(official);
  const c = new Collector(new Set([official]));
  for (const [family, edited] of edits(label)) c.add(`${edited}.${suffix}`, family, official);
  for (const tld of SWAP_TLDS) c.add(`${label}.${tld}`, 'tld-swap', official);
  for (const w of SHOP_WORDS) c.add(`${label}-${w}.${suffix}`, 'combosquatting', official);
  return [...c.out.values()];
}

/**
 * Combosquats of a protected term: `veloran-outlet.com`, `veloranshop.top`,
 * `维洛兰官方.com`; `words` are the ones infringers pair with that kind of
 * term (SHOP_WORDS for a brand, WATCH_WORDS for a work).
 */
export function termLookalikes(slug: string, words: readonly string[], exclude: ReadonlySet<string>): Lookalike[] {
  const c = new Collector(exclude);
  for (const tld of COMBO_TLDS) {
    c.add(`${slug}.${tld}`, 'tld-swap', slug);
    for (const w of words) {
      c.add(`${slug}-${w}.${tld}`, 'combosquatting', slug);
      c.add(`${slug}${w}.${tld}`, 'combosquatting', slug);
      c.add(`${w}-${slug}.${tld}`, 'combosquatting', slug);
    }
  }
  return [...c.out.values()];
}
