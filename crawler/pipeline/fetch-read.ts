import { needsBrowser } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import type { GetOptions } from '../stages/polite-fetcher';
import type { FetchedPage } from '../fetch/http-fetcher';
import { readFetchedPage, type ClassifiablePage, type PageRead } from './classify';

/** The fetch stage as the pipeline needs it (PoliteFetcher, or a test double). */
export interface PageSource {
  get(url: string, opts?: GetOptions): Promise<FetchedPage>;
}

/**
 * Fetch → decode → classify (→ extract, lazily): in a browser when the
 * adapter says the page needs one; a page served over plain HTTP that turns
 * out to be an app shell (needs-browser) is fetched once more in a browser
 * before it is given up on.
 */
export async function fetchAndRead(fetcher: PageSource, url: string, adapter: SiteAdapter | undefined): Promise<{ page: ClassifiablePage; read: PageRead }> {
  const browser = adapter !== undefined && needsBrowser(adapter, url);
  let page: ClassifiablePage = await fetcher.get(url, { browser });
  if (browser) page = { ...page, rendered: true };
  let read = readFetchedPage(page, adapter);
  if (!browser && read.classification.verdict === 'needs-browser') {
    page = { ...(await fetcher.get(url, { browser: true })), rendered: true };
    read = readFetchedPage(page, adapter);
  }
  return { page, read };
}
