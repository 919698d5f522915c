import { needsBrowser } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import type { GetOptions } from '../stages/polite-fetcher';
import { ChallengeResponseError } from '../fetch/errors';
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
 * before it is given up on. A challenge answered with an error status
 * (Cloudflare's 403 "Just a moment...") is read like any page, so it is
 * classified, counted and kept the same way.
 */
export async function fetchAndRead(
  fetcher: PageSource,
  url: string,
  adapter: SiteAdapter | undefined,
): Promise<{ page: ClassifiablePage; read: PageRead }> {
  const browser = adapter !== undefined && needsBrowser(adapter, url);
  const get = async (withBrowser: boolean): Promise<ClassifiablePage> => {
    try {
      return await fetcher.get(url, { browser: withBrowser });
    } catch (err) {
      if (err instanceof ChallengeResponseError) return err.page;
      throw err;
    }
  };
  let page: ClassifiablePage = await get(browser);
  if (browser) page = { ...page, rendered: true };
  let read = readFetchedPage(page, adapter);
  if (!browser && read.classification.verdict === 'needs-browser') {
    page = { ...(await get(true)), rendered: true };
    read = readFetchedPage(page, adapter);
  }
  return { page, read };
}
