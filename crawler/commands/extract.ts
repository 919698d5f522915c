import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { adapterForHost, needsBrowser } from '../../shared/sites';
import { decodeHtml } from '../fetch/decode-html';
import { readFetchedPage, type ClassifiablePage } from '../pipeline/classify';
import { CliError, configFrom, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface ExtractOptions extends GlobalOptions {
  url: string;
  file?: string;
}

/**
 * `extract`: one page through the sweep's own path — decode → classify →
 * extract — printed as JSON: the adapter and page type, the classification
 * (ok, partial-block, block, consent, login-wall, needs-browser), and the
 * listing; for a search, channel or shop page, every result and the next page.
 * A page that may not be read (a challenge, a wall, a shell) has no listing.
 */
export async function extractCommand(opts: ExtractOptions): Promise<void> {
  try {
    new URL(opts.url);
  } catch {
    throw new CliError(`--url: not an absolute URL: "${opts.url}"`);
  }
  const adapter = adapterForHost(opts.url);
  let page: ClassifiablePage;
  if (opts.file) {
    const bytes = await readFile(opts.file);
    page = {
      url: opts.url,
      status: 200,
      contentType: 'text/html',
      // A saved page is often re-encoded to UTF-8 with its old <meta charset> left in: valid UTF-8 wins.
      body: decodeHtml(bytes, { preferUtf8: true }).text,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fetchedAt: new Date().toISOString(),
    };
  } else {
    // Even one page for an adapter author goes through robots.txt and the host cap.
    const fetcher = politeFetcher(configFrom(opts));
    try {
      const browser = adapter !== undefined && needsBrowser(adapter, opts.url);
      const fetched = await fetcher.get(opts.url, { browser });
      page = browser ? { ...fetched, rendered: true } : fetched;
    } finally {
      await fetcher.close();
    }
  }
  const { classification, reading } = readFetchedPage(page, adapter);
  const out: Record<string, unknown> = {
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
