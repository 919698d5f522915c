/**
 * Badges in a real headless Chromium with the built extension, against the
 * demo marketplace and video site and the review API on loopback: every
 * infringing result of a search page is badged and no genuine or official
 * one is; listing pages; results added later (infinite scroll).
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { inBadge } from './helpers/badges';
import { badgedCards, clearScans, connect, openAndScan, waitForScan } from './helpers/session';

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  [sites, api, b] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi(), launchExtension()]);
  await connect(b, api.url, api.tokens.reviewer);
  page = await b.context.newPage();
});

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

const SEARCHES = [
  { site: 'demo-market', path: '/search?q=Lumisette&page=1', card: 'li.result-card', link: 'a.result-link' },
  { site: 'demo-market', path: '/search?q=Bruvia&page=1', card: 'li.result-card', link: 'a.result-link' },
  { site: 'demo-market', path: '/search?q=GlucoCheck&page=1', card: 'li.result-card', link: 'a.result-link' },
  { site: 'demo-video', path: '/results?q=The%20Lantern%20Keeper&page=1', card: 'li.video-card', link: 'a.video-link' },
  { site: 'demo-video', path: '/results?q=QuillCAD&page=1', card: 'li.video-card', link: 'a.video-link' },
] as const;

describe('badges on search-result pages', () => {
  for (const s of SEARCHES) {
    it(`${s.site} ${decodeURIComponent(s.path)}: every infringing result badged, no genuine one`, async () => {
      const origin = s.site === 'demo-market' ? sites.market.origin : sites.video.origin;
      const report = await openAndScan(b, page, `${origin}${s.path}`);
      const cards = await badgedCards(page, s.card, s.link);
      const truth = new Map(sites.truth.map((t) => [t.path, t]));
      const tally: Record<string, { badged: number; of: number }> = {};
      for (const [path, badged] of cards) {
        const label = truth.get(path)?.label ?? 'unknown';
        tally[label] ??= { badged: 0, of: 0 };
        tally[label].of++;
        if (badged) tally[label].badged++;
      }
      console.log(
        `${s.site} ${decodeURIComponent(s.path)}: ${Object.entries(tally)
          .map(([l, c]) => `${l} ${c.badged}/${c.of} badged`)
          .join(', ')} · first badges after ${report.timings.firstBadgesMs.toFixed(1)} ms`,
      );
      expect(cards.size).toBeGreaterThan(4);
      const infringing = [...cards].filter(([p]) => truth.get(p)?.infringing);
      const legitimate = [...cards].filter(([p]) => ['genuine', 'official'].includes(truth.get(p)?.label ?? ''));
      expect(infringing.length).toBeGreaterThan(0);
      expect(legitimate.length).toBeGreaterThan(0);
      expect(infringing.filter(([, badged]) => !badged).map(([p]) => p)).toEqual([]);
      expect(legitimate.filter(([, badged]) => badged).map(([p]) => p)).toEqual([]);
      // The report the popup shows agrees with the page.
      expect(report.suspects.length).toBe([...cards.values()].filter(Boolean).length);
    });
  }

  it('shows a tooltip on hover (saved to docs/screenshots/badges.png with SCREENSHOTS=1)', async () => {
    await page.setViewportSize({ width: 1280, height: 760 });
    await openAndScan(b, page, `${sites.market.origin}/search?q=Lumisette&page=1`);
    await page.locator('li.result-card counterscan-badge').first().hover();
    await page.waitForTimeout(150);
    if (process.env.SCREENSHOTS) {
      await mkdir('docs/screenshots', { recursive: true });
      await page.screenshot({ path: 'docs/screenshots/badges.png' });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('badges on listing pages and on changing pages', () => {
  it('badges a counterfeit listing page and leaves a genuine one alone', async () => {
    const pick = (label: string) =>
      sites.model.market.find(
        (l) => l.label === label && !l.broken && !l.flaky && !l.needsBrowser && l.shape === 'jsonld',
      )!;
    const fake = await openAndScan(b, page, `${sites.market.origin}${pick('counterfeit').path}`);
    expect(fake.pageKind).toBe('listing');
    expect(fake.suspects).toHaveLength(1);
    expect(fake.suspects[0]!.itemId).toBe(pick('counterfeit').itemId);
    expect(await page.locator('counterscan-badge').count()).toBe(1);

    const real = await openAndScan(b, page, `${sites.market.origin}${pick('genuine').path}`);
    expect(real.suspects).toHaveLength(0);
    expect(await page.locator('counterscan-badge').count()).toBe(0);
  });

  it('badges a listing drawn by JavaScript after the page loaded', async () => {
    const js = sites.model.market.find((l) => l.needsBrowser && l.label === 'counterfeit' && !l.broken && !l.flaky)!;
    const r = await openAndScan(b, page, `${sites.market.origin}${js.path}`);
    expect(r.suspects.map((s) => s.itemId)).toEqual([js.itemId]);
  });

  it('badges results added after load (infinite scroll), throttled', async () => {
    const before = await openAndScan(b, page, `${sites.market.origin}/search?q=Lumisette&page=1`);
    // What an infinite-scroll script does: fetch the next page and append its cards.
    await page.evaluate(async (next: string) => {
      const d = (globalThis as any).document;
      const html = await (await fetch(next)).text();
      const doc = new (globalThis as any).DOMParser().parseFromString(html, 'text/html');
      for (const li of doc.querySelectorAll('li.result-card'))
        d.querySelector('ul.results').appendChild(d.importNode(li, true));
    }, `${sites.market.origin}/search?q=Lumisette&page=2`);
    let after = before;
    for (let i = 0; i < 100 && (after.listings === before.listings || after.pending > 0); i++) {
      await page.waitForTimeout(100);
      after = (await waitForScan(b, page))!;
    }
    const cards = await badgedCards(page, 'li.result-card', 'a.result-link');
    const truth = new Map(sites.truth.map((t) => [t.path, t]));
    console.log(
      `infinite scroll: ${before.listings} → ${after.listings} results, ${before.suspects.length} → ` +
        `${after.suspects.length} badges`,
    );
    expect(after.listings).toBeGreaterThan(before.listings);
    expect(after.suspects.length).toBeGreaterThan(before.suspects.length);
    for (const [path, badged] of cards) if (truth.get(path)?.infringing) expect(badged, path).toBe(true);
  });
});

describe('what a badge keeps to itself', () => {
  const SEARCH = '/search?q=Lumisette&page=1';

  it("keys typed in a badge do not reach the page's listeners", async () => {
    await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
    await page.evaluate(() => {
      const g = globalThis as any;
      g.__keys = [];
      g.document.addEventListener('keydown', (e: any) => g.__keys.push(e.key));
    });
    await page.locator('a.result-link').first().focus();
    await page.keyboard.press('j'); // control: the page does see keys typed on its own elements
    await inBadge(page, 0, '(root) => root.querySelector(".pill").focus()');
    expect(await inBadge(page, 0, '(root) => root.activeElement?.className')).toBe('pill');
    await page.keyboard.press('k');
    expect(await page.evaluate(() => (globalThis as any).__keys)).toEqual(['j']);
  });

  it("a click the page's script makes on Flag… flags nothing; only the user's own click counts", async () => {
    await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
    const opened: string[] = [];
    const watch = (p: Page) => opened.push(p.url());
    b.context.on('page', watch);
    try {
      // Focused first, as a user reaches Flag…: the tooltip is built by then, whatever idle time the page had.
      await inBadge(page, 0, '(root) => root.querySelector(".pill").focus()');
      await inBadge(page, 0, '(root) => root.querySelector(".flag").click()');
      await page.waitForTimeout(1500);
      expect(opened.filter((u) => u.includes('/flag.html'))).toEqual([]);
      expect(await inBadge(page, 0, '(root) => root.querySelector(".status").textContent')).toBe('');
    } finally {
      b.context.off('page', watch);
    }
  });

  it('a content script replaced by a new one takes its badges with it', async () => {
    await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
    const before = await page.locator('counterscan-badge').count();
    expect(before).toBeGreaterThan(0);
    await page.evaluate(() => {
      for (const el of (globalThis as any).document.querySelectorAll('counterscan-badge'))
        el.setAttribute('data-old', '');
    });
    // A second copy of the content script, as an extension update injects: the first one's context is invalidated.
    await clearScans(b);
    const sw = await b.worker();
    await sw.evaluate(async (url: string) => {
      const c = (globalThis as any).chrome;
      const tab = (await c.tabs.query({})).find((t: { url?: string }) => t.url === url);
      await c.scripting.executeScript({ target: { tabId: tab.id }, files: ['content-scripts/listings.js'] });
    }, page.url());
    await waitForScan(b, page);
    expect(await page.locator('counterscan-badge[data-old]').count()).toBe(0);
    expect(await page.locator('counterscan-badge').count()).toBe(before);
  });
});

describe("a holder's token", () => {
  it("badges only that holder's items", async () => {
    // holderB is the second holder in id order; the test API gives it its own token.
    await connect(b, api.url, api.tokens.holderB);
    const own = sites.model.catalogue.items.filter((i) => i.holder === api.holderIds.b);
    const query = own.find((i) => i.brandTerms[0])!.brandTerms[0]!;
    const mine = await openAndScan(b, page, `${sites.market.origin}/search?q=${encodeURIComponent(query)}&page=1`);
    const other = own.some((i) => i.brandTerms.includes('Lumisette')) ? 'Korvath' : 'Lumisette';
    const others = await openAndScan(b, page, `${sites.market.origin}/search?q=${other}&page=1`);
    console.log(
      `holder ${api.holderIds.b} (${own.length} items): ${mine.suspects.length} badges on "${query}", ` +
        `${others.suspects.length} on another brand's page`,
    );
    expect(mine.catalogueItems).toBe(own.length);
    expect(mine.suspects.length).toBeGreaterThan(0);
    expect(mine.suspects.every((s) => own.some((i) => i.id === s.itemId))).toBe(true);
    // Whatever is badged is one of the holder's items (a tiny catalogue lets number-only title overlaps through; see
    // README).
    expect(others.suspects.every((s) => own.some((i) => i.id === s.itemId))).toBe(true);
    await connect(b, api.url, api.tokens.reviewer);
  });
});
