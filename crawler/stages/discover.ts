import { extractSearchResults } from '../../shared/extract';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import type { PoliteFetcher } from './polite-fetcher';

/** The search page URL for a query on a site at `origin`. */
export function searchUrl(adapter: SiteAdapter, origin: string, query: string, page = adapter.firstPage): string {
  const path = adapter.searchPath.replace('{query}', encodeURIComponent(query)).replace('{page}', String(page));
  return new URL(path, origin).toString();
}

/**
 * The discover stage: one search, followed through its pagination up to
 * `maxPages`, yielding every listing URL each results page links to.
 */
export async function* discoverListings(
  fetcher: PoliteFetcher,
  adapter: SiteAdapter,
  origin: string,
  query: string,
  maxPages: number,
): AsyncGenerator<{ listingUrls: string[]; pageUrl: string }> {
  let url: string | undefined = searchUrl(adapter, origin, query);
  const seen = new Set<string>();
  for (let n = 0; url && n < maxPages && !seen.has(url); n++) {
    seen.add(url);
    const page = await fetcher.get(url);
    const results = extractSearchResults(cheerioDocument(page.body, page.url), adapter);
    yield { listingUrls: results.listingUrls, pageUrl: page.url };
    url = results.nextPageUrl;
  }
}
