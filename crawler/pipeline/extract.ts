import { extractListing } from '../../shared/extract';
import type { Listing } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import type { FetchedPage } from '../fetch/http-fetcher';

/** The extract stage over a fetched page: structured data first, the site adapter's selectors for the rest. */
export function extractFetched(page: FetchedPage, adapter: SiteAdapter | undefined): Listing {
  return extractListing(cheerioDocument(page.body, page.url), adapter, {
    fetchedAt: page.fetchedAt,
    contentHash: page.sha256,
  });
}
