/**
 * The protected terms discovery looks for in domain names and pages: each
 * brand term, each work's title and aliases, and each official domain, in
 * the form a domain name can carry them (a "slug": no spaces, accents or
 * punctuation), with the holders and items they protect.
 */
import type { CatalogueItem } from '../model';
import { cleanDomain, ownerLabel } from './domains';

export type TermKind = 'brand' | 'work' | 'official';

export interface ProtectedTerm {
  /** What a domain label would carry: `lanternkeeper`, `veloran`, `维洛兰`. */
  slug: string;
  /** As the catalogue writes it. */
  text: string;
  kind: TermKind;
  holderIds: string[];
  itemIds: string[];
}

export interface OfficialDomain {
  domain: string;
  holderIds: string[];
}

export interface DiscoveryTerms {
  terms: ProtectedTerm[];
  official: OfficialDomain[];
}

const HAN = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u;

/**
 * Latin slugs shorter than this are common words or syllables ("flow",
 * "arc") that would flag half the internet; a CJK term of two characters is
 * already specific.
 */
const MIN_LATIN = 5;
const MIN_CJK = 2;

/** NFKC, lower case, accents and everything but letters and digits removed. */
export function slugOf(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .normalize('NFC');
}

function longEnough(slug: string): boolean {
  return HAN.test(slug) ? [...slug].length >= MIN_CJK : slug.length >= MIN_LATIN;
}

/** A work's title as it is also written: without a leading article, without "Season 1". */
function titleForms(title: string): string[] {
  const bare = title.replace(/\s+(?:season|series|part|vol\.?)\s*\d+\s*$/i, '').trim();
  return [title, bare, bare.replace(/^(?:the|a|an)\s+/i, '')];
}

/** The catalogue's terms; one entry per slug, its holders and items merged. */
export function discoveryTerms(items: readonly CatalogueItem[]): DiscoveryTerms {
  const bySlug = new Map<string, ProtectedTerm>();
  const add = (text: string, kind: TermKind, item: CatalogueItem) => {
    const slug = slugOf(text);
    if (!longEnough(slug)) return;
    const t = bySlug.get(slug) ?? { slug, text, kind, holderIds: [], itemIds: [] };
    if (!t.holderIds.includes(item.holder)) t.holderIds.push(item.holder);
    if (!t.itemIds.includes(item.id)) t.itemIds.push(item.id);
    bySlug.set(slug, t);
  };
  const official = new Map<string, OfficialDomain>();
  for (const item of items) {
    for (const b of item.brandTerms) add(b, 'brand', item);
    if (item.ipType === 'copyright' || item.ipType === 'software') {
      for (const t of [item.title, ...item.aliases]) for (const form of titleForms(t)) add(form, 'work', item);
    }
    for (const raw of item.officialDomains) {
      const domain = cleanDomain(raw);
      if (!domain) continue;
      const o = official.get(domain) ?? { domain, holderIds: [] };
      if (!o.holderIds.includes(item.holder)) o.holderIds.push(item.holder);
      official.set(domain, o);
      add(ownerLabel(domain), 'official', item);
    }
  }
  return { terms: [...bySlug.values()], official: [...official.values()] };
}
