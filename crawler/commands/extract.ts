import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { adapterForHost } from '../../shared/sites';
import { decodeHtml } from '../fetch/decode-html';
import { readFetchedPage, type PageRead } from '../pipeline/classify';
import { fetchAndRead } from '../pipeline/fetch-read';
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
  let read: PageRead;
  if (opts.file) {
    const bytes = await readFile(opts.file);
    read = readFetchedPage(
      {
        url: opts.url,
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
      read = (await fetchAndRead(fetcher, opts.url, adapter)).read;
    } finally {
      await fetcher.close();
    }
  }
  const { classification, reading } = read;
  if (read.error !== undefined) throw read.error;
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
