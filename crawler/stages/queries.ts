import type { CatalogueItem } from '../../shared/model';

/**
 * Search terms for a sweep: per item its first brand term, else its title.
 * Many items share a brand, so the list is deduplicated case-insensitively.
 */
export function searchQueries(items: readonly CatalogueItem[]): string[] {
  const seen = new Map<string, string>();
  for (const item of items) {
    const q = (item.brandTerms[0] ?? item.title).trim();
    const key = q.normalize('NFKC').toLowerCase();
    if (q && !seen.has(key)) seen.set(key, q);
  }
  return [...seen.values()];
}
