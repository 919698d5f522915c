import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extractListing } from '../../shared/extract';
import { findAdapter, needsBrowser } from '../../shared/sites';
import { cheerioDocument } from '../fetch/cheerio-document';
import { decodeHtml } from '../fetch/decode-html';
import { CliError, configFrom, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface ExtractOptions extends GlobalOptions {
  url: string;
  file?: string;
}

/** `extract`: what the generic extractor and the matching site adapter read from one page. */
export async function extractCommand(opts: ExtractOptions): Promise<void> {
  try {
    new URL(opts.url);
  } catch {
    throw new CliError(`--url: not an absolute URL: "${opts.url}"`);
  }
  const adapter = findAdapter(opts.url);
  let html: string;
  let fetchedAt = new Date().toISOString();
  let contentHash: string;
  if (opts.file) {
    const bytes = await readFile(opts.file);
    // A saved page is often re-encoded to UTF-8 with its old <meta charset> left in: valid UTF-8 wins.
    html = decodeHtml(bytes, { preferUtf8: true }).text;
    contentHash = createHash('sha256').update(bytes).digest('hex');
  } else {
    // Even one page for an adapter author goes through robots.txt and the host cap.
    const fetcher = politeFetcher(configFrom(opts));
    try {
      const page = await fetcher.get(opts.url, { browser: adapter !== undefined && needsBrowser(adapter, opts.url) });
      html = page.body;
      fetchedAt = page.fetchedAt;
      contentHash = page.sha256;
    } finally {
      await fetcher.close();
    }
  }
  const listing = extractListing(cheerioDocument(html, opts.url), adapter, { fetchedAt, contentHash });
  console.log(JSON.stringify({ adapter: adapter?.id ?? null, listing }, null, 2));
}
