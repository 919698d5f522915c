/**
 * The extension on real sites' pages, served under the sites' own host names
 * (Chromium maps www.walmart.com, search.jd.com, www.amazon.com… to a
 * loopback server), so the match patterns the content script is registered
 * with are the shipped build's real-site patterns. The pages are written for
 * the test with the real sites' structure and made-up products
 * (helpers/real-sites.ts); the saved real pages are in the conformance suite
 * (test/conformance/extension-real-pages.conformance.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import {
  AMAZON_PRODUCTS,
  JD,
  REAL_SITE_HOSTS,
  realSitesCatalogue,
  startRealSites,
  WALMART,
  type FixtureResult,
  type RealSites,
} from './helpers/real-sites';
import { isRed, shownBadges } from './helpers/badges';
import {
  badgedCards,
  clickToolbarButton,
  connect,
  openAndScan,
  scanReport,
  waitForScan,
  type ScanReport,
} from './helpers/session';

let sites: RealSites;
let api: TestApi;
let b: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  [sites, api] = await Promise.all([startRealSites(), startTestApi({ catalogue: realSitesCatalogue() })]);
  b = await launchExtension(undefined, {
    hosts: { names: [...REAL_SITE_HOSTS, 'www.example.org'], ports: sites.ports },
  });
  await connect(b, api.url, api.tokens.reviewer);
  page = await b.context.newPage();
});

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

const pathOf = (href: string) => new URL(href, 'http://x').pathname;

function tally(
  cards: Map<string, boolean>,
  truth: FixtureResult[],
): { badged: string[]; spared: string[]; counterfeit: string[] } {
  const label = new Map(truth.map((t) => [pathOf(t.path), t.label]));
  return {
    badged: [...cards].filter(([, b]) => b).map(([p]) => p),
    spared: [...cards].filter(([p, b]) => !b && label.get(p) === 'counterfeit').map(([p]) => p),
    counterfeit: truth.filter((t) => t.label === 'counterfeit').map((t) => pathOf(t.path)),
  };
}

/** Every result of an authorised seller (the fixture's label) has the neutral badge, and only those do. */
async function neutralForAuthorised(report: ScanReport, truth: FixtureResult[], card: string): Promise<void> {
  const authorised = truth.filter((t) => t.label === 'authorised').map((t) => pathOf(t.path));
  expect(report.authorised.map((a) => pathOf(a.url)).sort()).toEqual(authorised.sort());
  const badges = await shownBadges(page, card);
  const neutral = badges.filter((x) => x.tag === 'counterscan-authorised');
  expect(neutral.map((x) => pathOf(x.href!)).sort()).toEqual(authorised.sort());
  for (const x of neutral) {
    expect(x.pill).toContain('authorised');
    expect(isRed(x.background), x.background).toBe(false);
  }
}

describe('the content script on real sites', () => {
  it('is registered on the real sites’ patterns from the adapters', async () => {
    const matches = await (
      await b.worker()
    ).evaluate(async () => {
      const scripts = (await (globalThis as any).chrome.scripting.getRegisteredContentScripts()) as {
        matches: string[];
      }[];
      return scripts.flatMap((s) => s.matches);
    });
    for (const p of [
      '*://*.walmart.com/*',
      '*://*.jd.com/*',
      '*://*.amazon.com/*',
      '*://*.amazon.co.uk/*',
      '*://*.youtube.com/*',
    ])
      expect(matches).toContain(p);
  });

  it(
    'Walmart search (results from __NEXT_DATA__, badged on the rendered cards): counterfeits badged, authorised ' +
      'sellers not',
    async () => {
      const report = await openAndScan(b, page, 'http://www.walmart.com/search?q=kestrova');
      const cards = await badgedCards(page, '[data-item-id]', 'a[link-identifier]');
      const t = tally(cards, WALMART);
      console.log(
        `walmart: ${report.listings} results, badged ${t.badged.join(' ')} · first badges after ` +
          `${report.timings.firstBadgesMs.toFixed(1)} ms`,
      );
      expect(report.site).toBe('walmart');
      expect(report.listings).toBe(WALMART.length);
      expect(t.spared).toEqual([]);
      expect(t.badged.sort()).toEqual(t.counterfeit.sort());
      // The authorised seller's results carry the neutral badge instead (not red, not a suspect).
      await neutralForAuthorised(report, WALMART, '[data-item-id]');
    },
  );

  it('JD search: the counterfeit badged, the brand’s official flagship store not', async () => {
    const report = await openAndScan(b, page, 'http://search.jd.com/Search?keyword=kestrova&enc=utf-8');
    const cards = await badgedCards(page, '#J_goodsList li.gl-item', '.p-name a');
    const t = tally(cards, JD);
    console.log(`jd: ${report.listings} results, badged ${t.badged.join(' ')}`);
    expect(report.listings).toBe(JD.length);
    expect(t.spared).toEqual([]);
    expect(t.badged.sort()).toEqual(t.counterfeit.sort());
    await neutralForAuthorised(report, JD, '#J_goodsList li.gl-item');
  });

  it('Amazon product pages: a replica badged beside its title; the authorised seller’s listing not', async () => {
    for (const p of AMAZON_PRODUCTS) {
      const report = await openAndScan(b, page, `https://www.amazon.com${p.path}`);
      const badged = await page.locator('#productTitle counterscan-badge').count();
      console.log(`amazon ${p.asin} (${p.label}): ${report.suspects.length} suspect, ${badged} badge`);
      expect(report.pageKind).toBe('listing');
      expect(badged).toBe(p.label === 'counterfeit' ? 1 : 0);
      expect(report.suspects.length).toBe(p.label === 'counterfeit' ? 1 : 0);
      // The authorised seller's listing: the neutral badge beside the title instead.
      expect(await page.locator('#productTitle counterscan-authorised').count()).toBe(p.label === 'authorised' ? 1 : 0);
      expect(report.authorised.length).toBe(p.label === 'authorised' ? 1 : 0);
    }
  });

  it('"Scan this page" reads a site no adapter knows (activeTab, generic extractor)', async () => {
    await page.goto('http://www.example.org/shop/kx200');
    await page.waitForTimeout(500);
    expect(await scanReport(b, page.url())).toBeUndefined();
    await clickToolbarButton(b, page);
    const tabId = await (
      await b.worker()
    ).evaluate(async (url: string) => {
      const [tab] = await (globalThis as any).chrome.tabs.query({ url });
      return tab.id as number;
    }, page.url());
    const popup = await b.context.newPage();
    await popup.goto(`${b.origin}/popup.html?tab=${tabId}`);
    await popup.click('#scanPage');
    const report = await waitForScan(b, page);
    await popup.locator('[data-testid=page-summary]').waitFor();
    expect(report.site).toBe('generic');
    expect(report.suspects.map((s) => s.itemId)).toEqual(['kestrova-kx200']);
    expect(await page.locator('h1 counterscan-badge').count()).toBe(1);
    await popup.close();
  });
});
