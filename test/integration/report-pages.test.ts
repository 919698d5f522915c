/**
 * The HTML pages people read, opened in headless Chromium with Debian's
 * fonts-noto-cjk installed: the sweep report (summary with charts per holder,
 * site and reason; CSS-only filters; screenshot thumbnails), a notice's HTML
 * and an evidence package's index. Each must run nothing, fetch nothing, and
 * draw its Chinese text with a CJK font (the platform font Chromium used,
 * and one em per glyph — not boxes, not a Latin fallback).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../crawler/fetch/browser-fetcher';
import { resolveChromium } from '../../crawler/fetch/chromium-path';
import { renderPackageIndex } from '../../crawler/notices/evidence-index';
import { writeReports } from '../../crawler/report';
import { runSweep } from '../../crawler/runner/embedded';
import { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type HitRow, type Store } from '../../crawler/store';
import { Matcher } from '../../shared/match';
import { heading, paragraph, renderHtml } from '../../shared/notices/render';
import { adapterById } from '../../shared/sites';
import { CJK_FONT_STACK } from '../../shared/text';
import { exampleCatalogue, siteForItem } from '../../demo/generate';
import { patternPng } from '../../demo/png';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { CJK_FAMILY, ensureCjkFonts, renderedFonts } from './helpers/cjk-fonts';
import { loopbackOutbound } from './helpers/outbound';

const CJK_SELLER = '深圳市高仿贸易有限公司';
const CJK_TITLE = '高仿运动鞋正品原单';

let root: string;
let sites: DemoSites;
let store: Store;
let browser: Browser;
let hits: HitRow[];

beforeAll(async () => {
  ensureCjkFonts();
  root = await mkdtemp(join(tmpdir(), 'cs-report-pages-'));
  sites = await startDemoSites({ latencyMs: 0, size: 60 });
  store = await openStore({ dataDir: 'memory://', evidenceDir: join(root, 'evidence') });
  const catalogue = exampleCatalogue();
  await store.catalogue.upsert(catalogue);
  const fetcher = new PoliteFetcher({
    userAgent: 'counterscan-integration/1.0 (+loopback test)',
    timeoutMs: 10_000,
    hostConcurrency: 4,
    hostDelayMs: 0,
    retries: 0,
    retryBaseDelayMs: 10,
    outbound: loopbackOutbound,
  });
  try {
    const sweeps = await Promise.all(
      (['demo-market', 'demo-video'] as const).map((site) =>
        runSweep({
          adapter: adapterById(site)!,
          origin: site === 'demo-market' ? sites.market.origin : sites.video.origin,
          items: catalogue.items.filter((i) => siteForItem(i) === site),
          matcher: new Matcher(catalogue.items, { threshold: 0.5 }),
          store,
          fetcher,
          concurrency: 4,
          maxSearchPages: 2,
        }),
      ),
    );
    hits = await store.hits.list({ sweepIds: sweeps.map((s) => s.sweepId), minScore: 0.5 });
  } finally {
    await fetcher.close();
  }
  browser = await chromium.launch({
    executablePath: resolveChromium(process.env.CHROMIUM_PATH),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await sites?.close();
  if (root && !process.env.KEEP_REPORT_PAGES) await rm(root, { recursive: true, force: true });
});

/** Open `url`, collecting errors, dialogs and every request the page makes. */
async function open(url: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

async function expectCjk(page: Page, selector: string): Promise<void> {
  const { fonts, emPerChar } = await renderedFonts(page, selector);
  console.log(
    `${selector}: ${fonts.map((f) => `${f.familyName} (${f.glyphCount})`).join(', ')}, ${emPerChar.toFixed(2)} em/char`,
  );
  expect(fonts.length).toBeGreaterThan(0);
  expect(
    fonts.every((f) => CJK_FAMILY.test(f.familyName)),
    JSON.stringify(fonts),
  ).toBe(true);
  // Full-width glyphs: one em each (a Latin fallback or tofu box is narrower or wider).
  expect(emPerChar).toBeGreaterThan(0.95);
  expect(emPerChar).toBeLessThan(1.05);
}

describe('the sweep report', () => {
  let page: Page;
  let problems: string[];
  let requests: string[];
  let url: string;
  let shown: HitRow[];
  let withShot: HitRow;

  beforeAll(async () => {
    expect(hits.length).toBeGreaterThan(10);
    // One hit with a screenshot (as the browser fetcher keeps for a high score) and a Chinese seller name.
    withShot = hits[0]!;
    const png = patternPng('report', 'shot');
    const sha = await store.evidence.save(png, {
      kind: 'screenshot',
      contentType: 'image/png',
      listingUrl: withShot.listingUrl,
      capturedAt: new Date().toISOString(),
    });
    await store.captures.attachToHit(withShot.id, [sha]);
    shown = hits.map((h) => (h.id === withShot.id ? { ...h, sellerName: CJK_SELLER } : h));
    const written = await writeReports(join(root, 'reports'), 'sweep', shown, { summary: 'test sweep', store });
    url = pathToFileURL(written.html).href;
    ({ page, problems, requests } = await open(url));
  });

  it('opens with a summary per holder, site and reason, runs nothing and fetches nothing', async () => {
    const html = await readFile(new URL(url), 'utf8');
    expect(html).not.toMatch(/<script|<link|<iframe|url\(/i);
    expect(html).toContain(CJK_FONT_STACK);
    expect(await page.locator('section.summary svg.chart').count()).toBe(3);
    const holderBars = await page.locator('svg[aria-labelledby=chart-holders] rect title').allTextContents();
    for (const name of new Set(shown.map((h) => h.holderName))) {
      const n = shown.filter((h) => h.holderName === name).length;
      expect(holderBars).toContain(`${name}: Hits ${n}`);
    }
    const siteBars = await page.locator('svg[aria-labelledby=chart-sites] rect title').allTextContents();
    for (const site of new Set(shown.map((h) => h.site))) {
      const n = shown.filter((h) => h.site === site).length;
      expect(siteBars).toContain(`${site}: Hits ${n}`);
    }
    const reasonBars = await page.locator('svg[aria-labelledby=chart-reasons] rect title').allTextContents();
    expect(reasonBars.some((t) => /^title similarity: Hits \d+$/.test(t) || /: Hits \d+$/.test(t))).toBe(true);
    await page.screenshot({ path: join(root, 'sweep.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('filters by site, reason and score without a script', async () => {
    const visible = () => page.locator('tr.hit:visible').count();
    expect(await visible()).toBe(shown.length);
    const site = [...new Set(shown.map((h) => h.site))].sort()[0]!;
    await page.getByRole('group', { name: 'Site' }).getByLabel(site, { exact: true }).check();
    expect(await visible()).toBe(shown.filter((h) => h.site === site).length);
    await page.getByRole('group', { name: 'Score' }).getByLabel('≥ 0.8').check();
    expect(await visible()).toBe(shown.filter((h) => h.site === site && h.score >= 0.8).length);
    await page.getByRole('button', { name: 'Show all' }).click();
    expect(await visible()).toBe(shown.length);
    const reason = shown.flatMap((h) => h.signals.filter((s) => s.weight > 0).map((s) => s.name)).sort()[0]!;
    await page.getByRole('group', { name: 'Reason' }).getByLabel(reason.replace(/_/g, ' '), { exact: true }).check();
    expect(await visible()).toBe(shown.filter((h) => h.signals.some((s) => s.name === reason && s.weight > 0)).length);
    // An item block none of whose listings match is hidden with them.
    const blocks = await page.locator('div.block:visible').count();
    expect(blocks).toBeLessThanOrEqual(new Set(shown.map((h) => h.itemId)).size);
    await page.getByRole('button', { name: 'Show all' }).click();
  });

  it('shows the screenshot thumbnail of a hit that has one, inlined', async () => {
    const img = page.locator(`tr[data-hit="${withShot.id}"] img.thumb`);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('img.thumb').count()).toBe(1);
  });

  it('draws Chinese text with a CJK font', async () => {
    await expectCjk(page, `tr[data-hit="${withShot.id}"] td.seller`);
  });
});

describe('notices and evidence package indexes', () => {
  it("draw a notice's and a package index's Chinese text with a CJK font", async () => {
    const dir = join(root, 'pages');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const notice = renderHtml('通知', [heading(CJK_TITLE), paragraph('Listing below.')], 'zh');
    await writeFile(join(dir, 'notice.html'), notice);
    const index = renderPackageIndex(
      {
        id: 7,
        caseId: 3,
        holderId: 'h1',
        regime: 'cn-ecommerce',
        recipient: 'ipp@example.org',
        subject: CJK_TITLE,
        createdAt: new Date().toISOString(),
      },
      [],
      'a'.repeat(64),
    );
    await writeFile(join(dir, 'index.html'), index.replace('<h1>', '<h1><span id="cjk">' + CJK_TITLE + '</span>'));
    for (const [file, selector] of [
      ['notice.html', 'h2'],
      ['index.html', '#cjk'],
    ] as const) {
      const { page, problems } = await open(pathToFileURL(join(dir, file)).href);
      expect(await readFile(join(dir, file), 'utf8')).toContain('Noto Sans CJK SC');
      await expectCjk(page, selector);
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
