import { ExtractionError } from '../../shared/extract';
import { extractPage } from '../../shared/extract/site-page';
import type { Listing } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import type { FetchedPage } from '../fetch/http-fetcher';

/**
 * The extract stage over a fetched page: the site adapter's own data (embedded
 * state, selectors, code) over structured data. A page that is no listing (a
 * search page, a home page) is an ExtractionError. The classify stage
 * (classify.ts) runs before it in the pipeline; verification calls this alone.
 */
export function extractFetched(page: FetchedPage, adapter: SiteAdapter | undefined): Listing {
  const reading = extractPage(cheerioDocument(page.body, page.url), adapter, {
    fetchedAt: page.fetchedAt,
    contentHash: page.sha256,
  });
  if (!reading.listing)
    throw new ExtractionError(
      `not a listing page (${reading.pageType ?? 'no page type the adapter knows'}): ${page.url}`,
      page.url,
    );
  return reading.listing;
}
