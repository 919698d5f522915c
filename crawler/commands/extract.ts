import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extractListing } from '../../shared/extract';
import { findAdapter, needsBrowser } from '../../shared/sites';
import { cheerioDocument } from '../fetch/cheerio-document';
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
  let html: string;
  let fetchedAt = new Date().toISOString();
  if (opts.file) {
    html = await readFile(opts.file, 'utf8');
  } else {
    // Even one page for an adapter author goes through robots.txt and the host cap.
    const fetcher = politeFetcher(configFrom(opts));
    try {
      const known = findAdapter(opts.url);
      const page = await fetcher.get(opts.url, { browser: known !== undefined && needsBrowser(known, opts.url) });
      html = page.body;
      fetchedAt = page.fetchedAt;
    } finally {
      await fetcher.close();
    }
  }
  const adapter = findAdapter(opts.url);
  const listing = extractListing(cheerioDocument(html, opts.url), adapter, {
    fetchedAt,
    contentHash: createHash('sha256').update(html).digest('hex'),
  });
  console.log(JSON.stringify({ adapter: adapter?.id ?? null, listing }, null, 2));
}
