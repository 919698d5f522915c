import { searchPageUrl } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { assertReadable } from '../pipeline/classify';
import { fetchAndRead } from '../pipeline/fetch-read';
import type { PoliteFetcher } from './polite-fetcher';

/**
 * The URL of the `n`-th search page (1-based) for a query on a site at `origin` (a locale's own search path when the
 * origin is one).
 */
export function searchUrl(adapter: SiteAdapter, origin: string, query: string, n = 1): string {
  return searchPageUrl(adapter, query, { origin, page: n });
}

/**
 * The discover stage: one search, followed through its pagination up to
 * `maxPages`, yielding every listing URL each results page links to. Each
 * results page is classified first: a challenge, wall or shell ends the
 * search with a BlockedPageError (a partial block is read).
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
    // Search pages a site draws with JavaScript (Temu, TikTok) are rendered, as its listings are.
    const { page, read } = await fetchAndRead(fetcher, url, adapter);
    assertReadable(page, read);
    const results = read.reading.search ?? { listingUrls: [] };
    yield { listingUrls: results.listingUrls, pageUrl: page.url };
    url = results.nextPageUrl;
  }
}
