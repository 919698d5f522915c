/**
 * Search queries that bring up infringing sites for a catalogue: per work
 * and per brand, in the language of the term (a Chinese title is searched
 * with Chinese piracy words, a Latin one with English). Templates are data:
 * `{term}` is replaced.
 */
import type { CatalogueItem } from '../model';

const QUERY_TEMPLATES = {
  work: { zh: ['{term} 在线观看', '{term} 免费观看 全集'], en: ['{term} full movie free', '{term} watch online free'] },
  brand: { zh: ['{term} 高仿', '{term} 复刻 官方'], en: ['{term} replica', '{term} outlet cheap'] },
} as const;

const CJK = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u;

export interface DiscoveryQuery {
  query: string;
  kind: 'work' | 'brand';
  itemIds: string[];
}

export function discoveryQueries(items: readonly CatalogueItem[]): DiscoveryQuery[] {
  const out = new Map<string, DiscoveryQuery>();
  const add = (term: string, kind: 'work' | 'brand', itemId: string) => {
    const lang = CJK.test(term) ? 'zh' : 'en';
    for (const t of QUERY_TEMPLATES[kind][lang]) {
      const query = t.replace('{term}', term);
      const q = out.get(query) ?? { query, kind, itemIds: [] };
      if (!q.itemIds.includes(itemId)) q.itemIds.push(itemId);
      out.set(query, q);
    }
  };
  for (const item of items) {
    if (item.ipType === 'copyright') for (const t of [item.title, ...item.aliases]) add(t, 'work', item.id);
    else for (const b of item.brandTerms) add(b, 'brand', item.id);
  }
  return [...out.values()];
}
