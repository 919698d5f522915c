/** Site adapter tests: read a fixture page (test/fixtures/sites/<site>/<name>) as a sweep would. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHtml } from '../../../crawler/fetch/decode-html';
import { readFetchedPage, type ClassifiablePage, type PageRead } from '../../../crawler/pipeline/classify';
import { adapterForHost } from '../../../shared/sites';

export const fixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'sites');

export function fixture(site: string, name: string): Uint8Array {
  return readFileSync(join(fixtureDir, site, name));
}

/** The fixture fetched from `url`: decoded, classified and read, as the pipeline does. */
export function readFixture(site: string, name: string, url: string, extra: Partial<ClassifiablePage> = {}): PageRead {
  const bytes = fixture(site, name);
  const page: ClassifiablePage = {
    url,
    status: 200,
    contentType: 'text/html',
    body: decodeHtml(bytes, { preferUtf8: true }).text,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
  const read = readFetchedPage(page, adapterForHost(url));
  if (read.error !== undefined) throw read.error;
  return read;
}

/** The listing a fixture gives (throws when it gives none). */
export function listingOf(site: string, name: string, url: string) {
  const r = readFixture(site, name, url);
  if (!r.reading?.listing)
    throw new Error(`${site}/${name}: no listing (${r.classification.verdict}: ${r.classification.reason})`);
  return r.reading.listing;
}

/** The search results a fixture gives (throws when it gives none). */
export function searchOf(site: string, name: string, url: string) {
  const r = readFixture(site, name, url);
  if (!r.reading?.search)
    throw new Error(`${site}/${name}: no search results (${r.classification.verdict}: ${r.classification.reason})`);
  return r.reading.search;
}
