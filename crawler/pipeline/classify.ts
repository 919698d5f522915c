import { classifyFetch, type Classification } from '../../shared/classify';
import type { PageDocument } from '../../shared/extract';
import { extractPage, type PageReading } from '../../shared/extract/site-page';
import { needsBrowser } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import type { FetchedPage } from '../fetch/http-fetcher';

/** A fetched page as the pipeline sees it; `headers` (lower-case names) when the fetcher kept them. */
export type ClassifiablePage = FetchedPage & {
  headers?: Record<string, string | string[] | undefined>;
  rendered?: boolean;
};

/**
 * The site answered with something other than the page: a challenge, a
 * refusal, a consent or login wall, an app shell. Never extracted into a
 * listing or a hit; the runners count it per host, keep the page as
 * evidence and back the host off.
 */
export class BlockedPageError extends Error {
  override name = 'BlockedPageError';
  constructor(
    readonly page: ClassifiablePage,
    readonly classification: Classification,
  ) {
    super(`${classification.verdict} at ${page.url}: ${classification.reason}`);
  }

  get host(): string {
    return new URL(this.page.url).host;
  }

  /** What the sweep figures count: the verdict and, when one decided, the provider (`block:cloudflare`). */
  get kind(): string {
    return this.classification.provider
      ? `${this.classification.verdict}:${this.classification.provider}`
      : this.classification.verdict;
  }
}

export interface PageRead {
  doc: PageDocument;
  classification: Classification;
  /** What the page gives (a listing, or search results); absent when the page may not be read. */
  reading?: PageReading & { adapter?: SiteAdapter };
  /** Why a page that may be read could not be (an ExtractionError); assertReadable throws it. */
  error?: unknown;
}

/**
 * The classify stage, then extract: decode is done (`page.body`), the page is
 * classified (ok, partial block, block, consent, login wall, needs browser),
 * and only a page that may be read is extracted. The reading is made at most
 * once: the classifier asks for it only when a challenge may lie over data or
 * the page may be a shell.
 */
export function readFetchedPage(page: ClassifiablePage, adapter: SiteAdapter | undefined): PageRead {
  const doc = cheerioDocument(page.body, page.url);
  let reading: (PageReading & { adapter?: SiteAdapter }) | undefined;
  let failed: unknown;
  const read = () => {
    if (reading === undefined && failed === undefined) {
      try {
        reading = extractPage(doc, adapter, { fetchedAt: page.fetchedAt, contentHash: page.sha256 });
      } catch (err) {
        failed = err;
      }
    }
    return reading;
  };
  const classification = classifyFetch(
    { url: page.url, status: page.status, headers: page.headers, html: page.body, doc },
    {
      hasData: () => {
        const r = read();
        return r?.siteData === true;
      },
      expectsBrowser: adapter !== undefined && !page.rendered && needsBrowser(adapter, page.url),
    },
  );
  if (!classification.extractable) return { doc, classification };
  read();
  return failed !== undefined ? { doc, classification, error: failed } : { doc, classification, reading };
}

/** Throws BlockedPageError unless the page may be read, and the extraction's own error when it could not be. */
export function assertReadable(
  page: ClassifiablePage,
  read: PageRead,
): asserts read is PageRead & { reading: NonNullable<PageRead['reading']> } {
  if (!read.classification.extractable) throw new BlockedPageError(page, read.classification);
  if (read.error !== undefined) throw read.error;
  if (!read.reading) throw new BlockedPageError(page, read.classification);
}
