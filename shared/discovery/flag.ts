/**
 * Does a domain name play on a protected term? Three ways, each a reason a
 * reviewer can read: it contains the term (`veloran-outlet.shop`), it
 * contains it once look-alike characters are read as what they imitate
 * (`ve1oran.top`, `vеloran.com` with a Cyrillic е), or it contains a word one
 * typing slip from the term (`velroan-sale.com`). A name under an official
 * domain is the holder's own and never flagged.
 */
import { cleanDomain, isWithin, suffixOf } from './domains';
import { toUnicode } from './punycode';
import { slugOf, type DiscoveryTerms, type ProtectedTerm, type TermKind } from './terms';

export type NameReasonKind = 'term' | 'homoglyph' | 'typo';

export interface NameReason {
  kind: NameReasonKind;
  term: string;
  termKind: TermKind;
  detail: string;
}

export interface NameFlag {
  domain: string;
  unicode: string;
  reasons: NameReason[];
  holderIds: string[];
}

/** Characters read as the ASCII letter they imitate (digits included: `0` for `o`, `1` for `l`). */
const CONFUSABLE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ѡ: 'w',
  ѵ: 'v',
  г: 'r',
  ь: 'b',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ν: 'v',
  κ: 'k',
  α: 'a',
  ι: 'i',
  ɑ: 'a',
  ɡ: 'g',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  ո: 'n',
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '9': 'g',
  '2': 'z',
};
const SEQUENCES: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/** A label as the letters it imitates: homoglyphs, accents and digit look-alikes folded to ASCII. */
export function skeleton(text: string): string {
  let out = '';
  for (const ch of slugOf(text)) out += CONFUSABLE[ch] ?? ch;
  // Both sides are folded alike, so "lanternkeeper" and "lantemkeeper" meet at one skeleton.
  for (const [re, to] of SEQUENCES) out = out.replace(re, to);
  return out;
}

/** Damerau–Levenshtein distance of a and b, stopping early past 1 (all this file needs). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number) => a.slice(x) === b.slice(y);
  return (
    rest(i + 1, i + 1) ||
    rest(i + 1, i) ||
    rest(i, i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2))
  );
}

/** Typos are only looked for on terms this long: on shorter ones one edit reaches ordinary words. */
const TYPO_MIN = 6;

export class NameFlagger {
  private readonly latin: ProtectedTerm[];

  constructor(private readonly terms: DiscoveryTerms) {
    this.latin = terms.terms.filter((t) => /^[a-z0-9]+$/.test(t.slug));
  }

  /** The official domain `domain` belongs to, if any. */
  officialOf(domain: string): string | undefined {
    return this.terms.official.find((o) => isWithin(domain, o.domain))?.domain;
  }

  /** Why `raw` plays on a protected term, or undefined when it does not (or is official, or no host name). */
  flag(raw: string): NameFlag | undefined {
    const domain = cleanDomain(raw);
    if (!domain || this.officialOf(domain)) return undefined;
    const unicode = toUnicode(domain);
    const suffix = suffixOf(domain);
    const labels = unicode.slice(0, unicode.length - suffix.length - 1).split('.');
    const reasons: NameReason[] = [];
    const seen = new Set<string>();
    const push = (t: ProtectedTerm, kind: NameReasonKind, detail: string) => {
      if (seen.has(t.slug)) return;
      seen.add(t.slug);
      reasons.push({ kind, term: t.slug, termKind: t.kind, detail });
    };
    const plain = labels.map(slugOf);
    const folded = labels.map(skeleton);
    for (const t of this.terms.terms) {
      if (plain.some((l) => l.includes(t.slug))) push(t, 'term', `contains "${t.text}"`);
    }
    for (const t of this.latin) {
      const tFolded = skeleton(t.slug);
      if (folded.some((l) => l.includes(tFolded))) push(t, 'homoglyph', `"${t.text}" spelt with look-alike characters`);
    }
    for (const t of this.latin) {
      if (seen.has(t.slug) || t.slug.length < TYPO_MIN) continue;
      const tFolded = skeleton(t.slug);
      const hit = folded.find((l) => windows(l, tFolded.length).some((w) => withinOneEdit(w, tFolded)));
      if (hit !== undefined) push(t, 'typo', `one typing slip from "${t.text}"`);
    }
    if (reasons.length === 0) return undefined;
    const holderIds = [
      ...new Set(reasons.flatMap((r) => this.terms.terms.find((t) => t.slug === r.term)?.holderIds ?? [])),
    ];
    return { domain, unicode, reasons, holderIds };
  }

  /** Terms a page's text names (its title and body), as slugs. */
  named(text: string): ProtectedTerm[] {
    const slug = slugOf(text);
    return this.terms.terms.filter((t) => t.kind !== 'official' && slug.includes(t.slug));
  }
}

/** Substrings of `s` of length n-1, n and n+1: where a word of length n with one slip can sit. */
function windows(s: string, n: number): string[] {
  const out: string[] = [];
  for (const len of [n - 1, n, n + 1]) for (let i = 0; i + len <= s.length; i++) out.push(s.slice(i, i + len));
  return out;
}
