/**
 * Saved real pages (../shared/data/real-pages) through the same path a sweep
 * takes — decode (a saved file: valid UTF-8 read as UTF-8 whatever it
 * declares) → classify → extract — checked against the values written by
 * hand in real-pages.expected.ts. Prints per site and in total:
 *
 *   pages: n=N title_ok=a/b price_ok=… currency_ok=… seller_ok=… kind_ok=… classified_ok=… search_results_ok=…
 * other_ok=…
 *
 * where b counts the pages that show the field. `npm run conformance:pages`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../crawler/fetch/decode-html';
import type { FetchedPage } from '../../crawler/fetch/http-fetcher';
import { readFetchedPage, type PageRead } from '../../crawler/pipeline/classify';
import { adapterForHost } from '../../shared/sites';
import { expectedPages, type ExpectedPage } from './real-pages.expected';
import { readSharedJson, sharedDataPath } from './shared-data';

interface ManifestEntry {
  file: string;
  site: string;
  pageType: string;
  url: string | null;
}

const CHECKS = ['title', 'price', 'currency', 'seller', 'kind', 'classified', 'search_results', 'other'] as const;
type Check = (typeof CHECKS)[number];

interface PageResult {
  entry: ManifestEntry;
  expected: ExpectedPage;
  /** Per check: true/false where the page shows the field, absent where it does not. */
  checks: Partial<Record<Check, boolean>>;
  problems: string[];
}

const norm = (s: string | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();

function run(entry: ManifestEntry, expected: ExpectedPage): PageResult & { read?: PageRead } {
  const url = entry.url ?? expected.url;
  if (!url) throw new Error(`${entry.file}: no URL in the manifest and none in the expected values`);
  const bytes = readFileSync(sharedDataPath(`real-pages/${entry.file}`));
  const page: FetchedPage = {
    url,
    status: 200,
    contentType: 'text/html',
    body: decodeHtml(bytes, { preferUtf8: true }).text,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: '2025-01-01T00:00:00.000Z',
  };
  const problems: string[] = [];
  const checks: Partial<Record<Check, boolean>> = {};
  const check = (name: Check, ok: boolean, problem: string) => {
    checks[name] = (checks[name] ?? true) && ok;
    if (!ok) problems.push(problem);
  };
  let read: PageRead;
  try {
    read = readFetchedPage(page, adapterForHost(url));
    if (read.error !== undefined) throw read.error;
  } catch (err) {
    problems.push(`threw ${(err as Error).message}`);
    for (const c of CHECKS) checks[c] = false;
    return { entry, expected, checks, problems };
  }
  const { classification, reading } = read;
  const listing = reading?.listing;
  const search = reading?.search;

  const extracted = listing !== undefined || search !== undefined;
  const blocked =
    classification.verdict === 'block' ||
    classification.verdict === 'needs-browser' ||
    classification.verdict === 'consent';
  check(
    'classified',
    classification.verdict === expected.classification && !(blocked && extracted),
    `classified ${classification.verdict} (${classification.reason}), want ` +
      `${expected.classification}${blocked && extracted ? '; extracted anyway' : ''}`,
  );

  const gotKind = listing ? listing.kind : search ? 'search' : 'none';
  check('kind', gotKind === expected.kind, `kind ${gotKind}, want ${expected.kind}`);

  if (expected.title !== undefined) {
    const got = listing ? listing.title : (read.doc.root.find('title')[0]?.text() ?? '');
    check(
      'title',
      norm(got) === norm(expected.title),
      `title ${JSON.stringify(got)}, want ${JSON.stringify(expected.title)}`,
    );
  }
  if (expected.price !== undefined)
    check(
      'price',
      listing?.price !== undefined && Math.abs(listing.price - expected.price) < 0.005,
      `price ${listing?.price}, want ${expected.price}`,
    );
  if (expected.currency !== undefined)
    check(
      'currency',
      listing?.currency === expected.currency,
      `currency ${listing?.currency}, want ${expected.currency}`,
    );
  if (expected.seller !== undefined) {
    const got = [listing?.seller?.name, listing?.seller?.id].filter((s): s is string => s !== undefined).map(norm);
    check(
      'seller',
      expected.seller.some((s) => got.includes(norm(s))),
      `seller ${JSON.stringify(listing?.seller)}, want one of ${JSON.stringify(expected.seller)}`,
    );
  }
  if (expected.results !== undefined) {
    const n = search?.results?.length ?? search?.listingUrls.length;
    check('search_results', n === expected.results, `${n} results, want ${expected.results}`);
    if (expected.nextPage !== undefined)
      check(
        'search_results',
        (search?.nextPageUrl !== undefined) === expected.nextPage,
        `next page ${search?.nextPageUrl ?? 'none'}, want ${expected.nextPage ? 'one' : 'none'}`,
      );
  }
  const other: [keyof ExpectedPage, unknown][] = [
    ['brand', listing?.brand],
    ['soldCount', listing?.soldCount],
    ['durationSeconds', listing?.durationSeconds],
    ['views', listing?.views],
    ['uploadDate', listing?.uploadDate],
  ];
  for (const [key, got] of other) {
    if (expected[key] !== undefined)
      check('other', got === expected[key], `${key} ${JSON.stringify(got)}, want ${JSON.stringify(expected[key])}`);
  }
  // A live stream has no length.
  if (expected.kind === 'video' && expected.durationSeconds === undefined)
    check(
      'other',
      listing?.durationSeconds === undefined,
      `durationSeconds ${listing?.durationSeconds} on a live stream`,
    );
  return { entry, expected, checks, problems, read };
}

function line(label: string, results: PageResult[]): string {
  const parts = CHECKS.map((c) => {
    const shown = results.filter((r) => r.checks[c] !== undefined);
    return `${c}_ok=${shown.filter((r) => r.checks[c]).length}/${shown.length}`;
  });
  return `${label.padEnd(12)} pages: n=${results.length} ${parts.join(' ')}`;
}

function rate(results: PageResult[], c: Check): number {
  const shown = results.filter((r) => r.checks[c] !== undefined);
  return shown.length === 0 ? 1 : shown.filter((r) => r.checks[c]).length / shown.length;
}

describe('real pages: decode → classify → extract, against the expected values', () => {
  const manifest = readSharedJson('real-pages/MANIFEST.json') as ManifestEntry[];
  const byFile = new Map(expectedPages.map((e) => [e.file, e]));

  it('has expected values for every page of the manifest, and none for a page it lacks', () => {
    expect(manifest.filter((m) => !byFile.has(m.file)).map((m) => m.file)).toEqual([]);
    const files = new Set(manifest.map((m) => m.file));
    expect(expectedPages.filter((e) => !files.has(e.file)).map((e) => e.file)).toEqual([]);
  });

  const results = manifest.filter((m) => byFile.has(m.file)).map((m) => run(m, byFile.get(m.file)!));

  it('prints the figures per site and in total', () => {
    const sites = [...new Set(results.map((r) => r.entry.site))].sort();
    const out = sites.map((s) =>
      line(
        s,
        results.filter((r) => r.entry.site === s),
      ),
    );
    out.push(line('total', results));
    for (const r of results) for (const p of r.problems) out.push(`  ${r.entry.file}: ${p}`);
    console.log(out.join('\n'));
  });

  it(
    'meets the targets: title ≥ 95 %, price and currency ≥ 90 %, seller ≥ 80 %, kind and classification 100 %, ' +
      'search result counts exact',
    () => {
      expect(rate(results, 'title')).toBeGreaterThanOrEqual(0.95);
      expect(rate(results, 'price')).toBeGreaterThanOrEqual(0.9);
      expect(rate(results, 'currency')).toBeGreaterThanOrEqual(0.9);
      expect(rate(results, 'seller')).toBeGreaterThanOrEqual(0.8);
      expect(rate(results, 'kind')).toBe(1);
      expect(rate(results, 'classified')).toBe(1);
      expect(rate(results, 'search_results')).toBe(1);
    },
  );

  it('never extracts a shell or a challenge page', () => {
    for (const r of results.filter((x) => ['block', 'needs-browser', 'consent'].includes(x.expected.classification))) {
      expect(r.read?.reading, r.entry.file).toBeUndefined();
    }
  });
});
