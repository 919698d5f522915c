/**
 * The built extension (demo build, which is granted every site at install) in
 * headless Chromium over the saved real pages of ../shared/data/real-pages,
 * each served under its real host name (--host-resolver-rules; https too,
 * for HSTS-preloaded names), so the shipped match patterns and adapters are
 * the ones that run.
 *
 * The catalogue is built here at run time from what the crawler's own
 * reading (decode → classify → extract) finds on those pages — no page
 * string is written in this file:
 * - search pages whose results name a seller: an item after every such
 *   result, the page's most frequent seller (the store itself, on a retailer)
 *   authorised. Every other seller's result must be badged; none of the
 *   authorised seller's.
 * - search pages without sellers: an item after every result that shows a
 *   price, the even ones with a reference price four times theirs (a card
 *   that cheap is evidence), the odd ones at their own price (a card naming
 *   the product at its price is not). Near-identical titles (one product in
 *   several sizes) leave the matcher unsure which item a card is, so the
 *   cards to badge are those the crawler's matcher, run here on the same
 *   catalogue, makes suspects by the extension's card rule; most of the
 *   cheap ones and none at their price.
 * - product and video pages: an item after the page's listing; the page's
 *   own seller or uploader authorised on every other page (not badged), a
 *   made-up official store on the rest (badged beside the title).
 *
 * The saved pages' scripts are not run (a CSP header): they would call hosts
 * that are not there; what the extension reads is the HTML as saved.
 * Skipped, saying so, when the data is not beside the checkout.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { decodeHtml } from '../../crawler/fetch/decode-html';
import { readFetchedPage } from '../../crawler/pipeline/classify';
import type { SearchResult } from '../../shared/extract';
import type { Catalogue, CatalogueItem, Listing } from '../../shared/model';
import { Matcher } from '../../shared/match';
import { adapterForHost } from '../../shared/sites';
import { cardLite } from '../../extension/utils/content/listing-lite';
import { marksOf } from '../../extension/utils/match-marks';
import { isSuspect } from '../../extension/utils/verdict';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import buildExtension from '../e2e/global-setup';
import { serveHttpAndHttps, type DualServer } from '../e2e/helpers/dual-server';
import { launchExtension, type ExtensionBrowser } from '../e2e/helpers/extension';
import { connect, openAndScan, type ScanReport } from '../e2e/helpers/session';
import { sharedDataDir } from './shared-data';

interface ManifestEntry {
  file: string;
  site: string;
  url: string | null;
}

interface SavedPage {
  entry: ManifestEntry;
  url: string;
  /** The page as the crawler decodes it (served as UTF-8). */
  html: string;
  listing?: Listing;
  results?: SearchResult[];
}

const MANIFEST = join(sharedDataDir, 'real-pages', 'MANIFEST.json');
const present = existsSync(MANIFEST);
if (!present) console.log(`extension on real pages: skipped, no ${MANIFEST} (set COUNTERSCAN_SHARED_DATA)`);

/** The saved pages a sweep reads (a listing or search results), through the crawler's own path. */
function savedPages(): SavedPage[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as ManifestEntry[];
  const out: SavedPage[] = [];
  for (const entry of manifest) {
    if (!entry.url) continue;
    const adapter = adapterForHost(entry.url);
    if (!adapter) continue;
    const bytes = readFileSync(join(sharedDataDir, 'real-pages', entry.file));
    const html = decodeHtml(bytes, { preferUtf8: true }).text;
    const read = readFetchedPage(
      {
        url: entry.url,
        status: 200,
        contentType: 'text/html',
        body: html,
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        fetchedAt: new Date().toISOString(),
      },
      adapter,
    );
    // Pages a sweep would not read (challenges, login walls, home pages) are not the badge's business here.
    if (!['ok', 'partial-block'].includes(read.classification.verdict) || !read.reading) continue;
    const { listing, search } = read.reading;
    if (listing) out.push({ entry, url: entry.url, html, listing });
    else if (search?.results?.length) out.push({ entry, url: entry.url, html, results: search.results });
  }
  return out;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
/** A brand to name: the listing's own, else its title's first word. */
const brandOf = (title: string, brand?: string) => brand ?? title.split(/\s+/)[0]!;

function item(id: string, holder: string, title: string, o: Partial<CatalogueItem>): CatalogueItem {
  return {
    id,
    holder,
    ipType: 'trademark',
    title,
    aliases: [],
    brandTerms: [brandOf(title)],
    modelNumbers: [],
    registrations: [],
    authorisedSellers: [],
    officialDomains: [],
    imageUrls: [],
    territories: ['WW'],
    ...o,
  };
}

interface Expectation {
  page: SavedPage;
  /** Result URLs (search) that must be badged, and those that must not. */
  badged: string[];
  spared: string[];
  /** A page without sellers: the results named at a quarter of their reference price, and at it. */
  cheap?: string[];
  atPrice?: string[];
  /** A product or video page: badged beside its title or not. */
  listingBadged?: boolean;
}

function mostFrequent(values: string[]): string | undefined {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The catalogue for the saved pages, and what each page must then show. */
function catalogueFor(pages: SavedPage[]): { catalogue: Catalogue; expectations: Expectation[] } {
  const items: CatalogueItem[] = [];
  const expectations: Expectation[] = [];
  let listingIndex = 0;
  for (const page of pages) {
    const holder = `holder-${slug(page.entry.file)}`.toLowerCase();
    const id = (i: number) => `${holder}.${i}`;
    if (page.listing) {
      const l = page.listing;
      const own = l.seller?.name ?? l.seller?.id;
      const genuine = own !== undefined && listingIndex++ % 2 === 0;
      items.push(
        item(id(0), holder, l.title, {
          ipType: l.kind === 'video' ? 'copyright' : 'trademark',
          brandTerms: [brandOf(l.title, l.brand)],
          authorisedSellers: [genuine ? own : `${brandOf(l.title, l.brand)} Official Store`],
          ...(l.price !== undefined && l.currency ? { referencePrice: { amount: l.price, currency: l.currency } } : {}),
          ...(l.durationSeconds ? { runtimeSeconds: l.durationSeconds } : {}),
        }),
      );
      expectations.push({ page, badged: [], spared: [], listingBadged: !genuine });
      continue;
    }
    const results = page.results!.filter((r) => r.title);
    const store = mostFrequent(results.flatMap((r) => (r.seller ? [r.seller] : [])));
    const e: Expectation = { page, badged: [], spared: [], ...(store ? {} : { cheap: [], atPrice: [] }) };
    if (store) {
      results.forEach((r, i) => {
        if (!r.seller) return;
        items.push(item(id(i), holder, r.title!, { authorisedSellers: [store] }));
        (r.seller === store ? e.spared : e.badged).push(r.url);
      });
    } else {
      results.forEach((r, i) => {
        if (r.price === undefined || !r.currency) return;
        const cheap = i % 2 === 0;
        items.push(
          item(id(i), holder, r.title!, {
            referencePrice: { amount: cheap ? r.price * 4 : r.price, currency: r.currency },
          }),
        );
        (cheap ? e.cheap! : e.atPrice!).push(r.url);
      });
    }
    expectations.push(e);
  }
  // Cards without a seller: what the crawler's matcher makes of each, by the extension's card rule.
  const matcher = new Matcher(items);
  for (const e of expectations.filter((x) => x.cheap)) {
    const adapter = adapterForHost(e.page.url)!;
    for (const r of e.page.results!.filter((x) => x.title)) {
      const [top] = matcher.match(cardLite(r, adapter), 1);
      // The badge rule reads the score, signals and outcome; the names the background adds do not count.
      const view = top ? { ...top, itemTitle: '', holder: '', marks: marksOf(top.signals) } : null;
      (isSuspect(view, 'card', matcher.threshold) ? e.badged : e.spared).push(r.url);
    }
  }
  return { catalogue: { holders: [], items }, expectations };
}

function serveSaved(pages: SavedPage[]): Promise<DualServer> {
  const address = (u: URL) => `${u.host}${u.pathname}${u.search}`;
  const byAddress = new Map(pages.map((p) => [address(new URL(p.url)), p]));
  return serveHttpAndHttps((req, res) => {
    const page = byAddress.get(address(new URL(req.url ?? '/', `http://${req.headers.host}`)));
    if (!page || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "script-src 'none'; connect-src 'none'",
      })
      .end(page.html);
  });
}

// Skipped only when the third-party pages are not beside the checkout (a bare clone): they are read
// from ../shared/data at run time and never copied here; the line above says so when it happens.
describe.skipIf(!present)('the extension on the saved real pages, under their real host names', () => {
  let pages: SavedPage[] = [];
  let expectations: Expectation[] = [];
  let server: DualServer;
  let api: TestApi;
  let b: ExtensionBrowser;
  let tab: Page;

  beforeAll(async () => {
    buildExtension();
    pages = savedPages();
    const built = catalogueFor(pages);
    expectations = built.expectations;
    [server, api] = await Promise.all([serveSaved(pages), startTestApi({ catalogue: built.catalogue })]);
    b = await launchExtension(undefined, {
      hosts: { names: [...new Set(pages.map((p) => new URL(p.url).host))], ports: server.ports },
    });
    await connect(b, api.url, api.tokens.reviewer);
    tab = await b.context.newPage();
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await api?.close();
    await server?.close();
  });

  it('reads search pages and product pages from the manifest', () => {
    expect(expectations.filter((e) => e.page.results).length).toBeGreaterThanOrEqual(3);
    expect(expectations.filter((e) => e.page.listing).length).toBeGreaterThanOrEqual(3);
    expect(expectations.some((e) => e.spared.length > 0 && e.badged.length > 0)).toBe(true);
    // The crawler's matcher agrees with the catalogue's design where the cards show no seller.
    for (const e of expectations.filter((x) => x.cheap)) {
      const badged = new Set(e.badged);
      expect(e.cheap!.filter((u) => badged.has(u)).length, e.page.entry.file).toBeGreaterThan(e.cheap!.length / 2);
      expect(
        e.atPrice!.filter((u) => badged.has(u)),
        e.page.entry.file,
      ).toEqual([]);
    }
  });

  const scan = async (e: Expectation): Promise<ScanReport> => {
    const report = await openAndScan(b, tab, e.page.url, { timeoutMs: 60_000 });
    return report;
  };

  it('search pages: the named results badged on their cards, none of the authorised seller’s', async () => {
    let shown = 0;
    for (const e of expectations.filter((x) => x.page.results)) {
      const report = await scan(e);
      const suspects = new Set(report.suspects.map((s) => s.url));
      const badges = await tab.locator('counterscan-badge').count();
      console.log(
        `${e.page.entry.file} (${new URL(tab.url()).host}): ${e.page.results!.length} results read by the crawler, ` +
          (`${report.listings} placed on cards, ${badges} badges; expected badged ${e.badged.length}, spared ` +
            `${e.spared.length}`) +
          (report.timings ? ` · first badges after ${report.timings.firstBadgesMs.toFixed(1)} ms` : ''),
      );
      expect(report.site, e.page.entry.file).toBe(e.page.entry.site);
      // A page that draws its results with its own scripts (YouTube) shows no card to badge as saved.
      if (report.listings === 0) continue;
      shown++;
      expect(
        e.badged.filter((u) => !suspects.has(u)),
        `${e.page.entry.file}: not badged`,
      ).toEqual([]);
      expect(
        e.spared.filter((u) => suspects.has(u)),
        `${e.page.entry.file}: badged though spared`,
      ).toEqual([]);
      expect(badges, e.page.entry.file).toBe(report.suspects.length);
    }
    expect(shown).toBeGreaterThanOrEqual(3);
  }, 600_000);

  it('product and video pages: badged beside the title unless the catalogue authorises the page’s seller', async () => {
    for (const e of expectations.filter((x) => x.page.listing)) {
      const report = await scan(e);
      const badges = await tab.locator('counterscan-badge').count();
      console.log(
        `${e.page.entry.file}: seller ${JSON.stringify(e.page.listing!.seller?.name)}, ` +
          `${e.listingBadged ? 'not authorised' : 'authorised'}: ${report.suspects.length} suspect, ${badges} badge`,
      );
      expect(report.pageKind, e.page.entry.file).toBe('listing');
      expect(report.suspects.length, e.page.entry.file).toBe(e.listingBadged ? 1 : 0);
      expect(badges, e.page.entry.file).toBe(e.listingBadged ? 1 : 0);
    }
  }, 600_000);
});
