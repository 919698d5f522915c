import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { adapterForHost } from '../../shared/sites';
import { decodeHtml } from '../fetch/decode-html';
import { readFetchedPage, type PageRead } from '../pipeline/classify';
import { fetchAndRead } from '../pipeline/fetch-read';
import { CliError, configFrom, parseNumber, type GlobalOptions } from './context';
import { siteSearchUrl } from './site-arg';
import { politeFetcher } from './sweep-setup';

export interface ExtractOptions extends GlobalOptions {
  /** The page; or a site's search page for `query` (`site`, in its `locale` store or at `origin`). */
  url?: string;
  site?: string;
  query?: string;
  locale?: string;
  origin?: string;
  page?: string;
  file?: string;
}

/** The page `extract` reads: --url, or the search URL of --site for --query (in --locale's store). */
function pageUrl(opts: ExtractOptions): string {
  const bySite = opts.site !== undefined || opts.query !== undefined;
  if (opts.url !== undefined && bySite) throw new CliError('--url, or --site with --query: not both');
  if (opts.url === undefined && !bySite) throw new CliError('--url: give the page, or --site and --query');
  if (opts.url === undefined) {
    if (opts.site === undefined) throw new CliError('--site: --query searches a site; say which');
    if (opts.query === undefined) throw new CliError('--query: give the words to search --site for');
    const page = opts.page === undefined ? undefined : parseNumber('--page', opts.page, { min: 1, int: true });
    return siteSearchUrl(opts.site, opts.query, { locale: opts.locale, origin: opts.origin, page });
  }
  if (opts.locale !== undefined || opts.origin !== undefined || opts.page !== undefined)
    throw new CliError('--locale, --origin and --page choose a search page of --site; --url is the page already');
  try {
    new URL(opts.url);
  } catch {
    throw new CliError(`--url: not an absolute URL: "${opts.url}"`);
  }
  return opts.url;
}

/**
 * `extract`: one page through the sweep's own path — decode → classify →
 * extract — printed as JSON: the adapter and page type, the classification
 * (ok, partial-block, block, consent, login-wall, needs-browser), and the
 * listing; for a search, channel or shop page, every result and the next page.
 * A page that may not be read (a challenge, a wall, a shell) has no listing.
 * The page is --url, or a site's search page for --query (its --locale's store).
 */
export async function extractCommand(opts: ExtractOptions): Promise<void> {
  const url = pageUrl(opts);
  const adapter = adapterForHost(url);
  let read: PageRead;
  if (opts.file) {
    const bytes = await readFile(opts.file);
    read = readFetchedPage(
      {
        url,
        status: 200,
        contentType: 'text/html',
        // A saved page is often re-encoded to UTF-8 with its old <meta charset> left in: valid UTF-8 wins.
        body: decodeHtml(bytes, { preferUtf8: true }).text,
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        fetchedAt: new Date().toISOString(),
      },
      adapter,
    );
  } else {
    // Even one page for an adapter author goes through robots.txt and the host cap; a shell is rendered.
    const fetcher = politeFetcher(configFrom(opts));
    try {
      read = (await fetchAndRead(fetcher, url, adapter)).read;
    } finally {
      await fetcher.close();
    }
  }
  const { classification, reading } = read;
  if (read.error !== undefined) throw read.error;
  const out: Record<string, unknown> = {
    url,
    adapter: (reading?.adapter ?? adapter)?.id ?? null,
    pageType: reading?.pageType ?? null,
    classification,
    listing: reading?.listing ?? null,
  };
  if (reading?.search) {
    out.results = reading.search.results ?? reading.search.listingUrls.map((url) => ({ url }));
    out.nextPage = reading.search.nextPageUrl ?? null;
  }
  console.log(JSON.stringify(out, null, 2));
}
