/**
 * Hostile text — listing titles, seller names and descriptions from the page,
 * item titles and notes from the API — carrying <img onerror>, <script> and
 * javascript: payloads must run nowhere: not in the page, the badge tooltip,
 * the popup, the flag dialog or the side panel. Every page and the service
 * worker are watched for dialogs and for the payloads' console marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { Catalogue } from '../../shared/model';
import { exampleCatalogue, generateDemo, type DemoModel } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { apiGet } from './helpers/api-server';
import { launchExtension, watchForExecution, type ExtensionBrowser } from './helpers/extension';
import { badgedCards, clickToolbarButton, connect, flagFromBadge, openAndScan } from './helpers/session';

const MARK = 'XSS-FIRED';
const payload = (where: string) =>
  `<img src=x onerror="console.log('${MARK}:${where}:img');alert(1)">` +
  `<script>console.log('${MARK}:${where}:script');alert(2)</script>` +
  `<a href="javascript:console.log('${MARK}:${where}:href');alert(3)">open</a>"'><svg onload=alert(4)>`;

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
const fired: string[] = [];
let page: Page;

function watch(p: Page): void {
  const seen = watchForExecution(p, MARK);
  const push = seen.push.bind(seen);
  seen.push = (...items: string[]) => {
    fired.push(...items.map((i) => `${p.url()}: ${i}`));
    return push(...items);
  };
}

beforeAll(async () => {
  // Hostile listings on the marketplace: counterfeit Lumisette listings keep their names (so they still match) and gain
  // payloads.
  const model: DemoModel = structuredClone(generateDemo());
  for (const l of model.market.filter(
    (x) => x.title.includes('Lumisette') && x.label === 'counterfeit' && !x.broken && !x.flaky,
  )) {
    Object.assign(l, {
      title: `${l.title} ${payload('title')}`,
      description: payload('description'),
      seller: { ...l.seller, name: payload('seller') },
    });
  }
  // Hostile catalogue item titles, as an API could send them.
  const catalogue: Catalogue = structuredClone(exampleCatalogue());
  for (const item of catalogue.items.filter((i) => i.brandTerms.includes('Lumisette')))
    item.title = `${item.title} ${payload('item')}`;
  [sites, api, b] = await Promise.all([
    startDemoSites({ model, latencyMs: 0 }),
    startTestApi({ catalogue }),
    launchExtension(),
  ]);
  b.context.on('page', watch);
  for (const p of b.context.pages()) watch(p);
  (await b.worker()).on('console', (m) => m.text().includes(MARK) && fired.push(`service worker: ${m.text()}`));
  await connect(b, api.url, api.tokens.reviewer);
  page = await b.context.newPage();
});

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

describe('hostile text runs nowhere', () => {
  it('(control: the watch does see a script that runs)', async () => {
    await page.goto(`${sites.market.origin}/`);
    await page.evaluate((m: string) => {
      console.log(`${m}:control`);
      (globalThis as any).alert('control');
    }, MARK);
    await expect.poll(() => fired.length).toBe(2);
    fired.length = 0;
  });

  it('in the page and the badge tooltips', async () => {
    const report = await openAndScan(b, page, `${sites.market.origin}/search?q=Lumisette&page=1`);
    const hostile = report.suspects.filter((s) => s.title.includes(MARK));
    expect(hostile.length).toBeGreaterThan(2);
    const badges = page.locator('li.result-card counterscan-badge');
    for (let i = 0; i < (await badges.count()); i++) {
      await badges.nth(i).hover();
      await page.waitForTimeout(30);
    }
    // Focus walks through every tooltip too.
    await page.locator('.sortbar a').last().focus();
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(200);
    expect(await page.locator('img[src="x"], svg').count()).toBe(0);
    expect(fired).toEqual([]);
  });

  it('in the popup, which shows the hostile titles as text', async () => {
    const tabId = await (
      await b.worker()
    ).evaluate(async (url: string) => {
      const [tab] = await (globalThis as any).chrome.tabs.query({ url });
      return tab.id as number;
    }, page.url());
    const popup = await b.context.newPage();
    await popup.goto(`${b.origin}/popup.html?tab=${tabId}`);
    await popup.locator('[data-testid=page-summary]').waitFor();
    await popup.waitForTimeout(200);
    expect(await popup.locator('body').innerText()).toContain(`<script>console.log('${MARK}:title:script')`);
    expect(await popup.locator('img[src="x"], script:not([src]), svg').count()).toBe(0);
    expect(fired).toEqual([]);
    await popup.close();
  });

  it('in the flag dialog and, after flagging, in the side panel', async () => {
    await clickToolbarButton(b, page);
    await page.bringToFront();
    const cards = [...(await badgedCards(page, 'li.result-card', 'a.result-link'))];
    const truth = new Map(sites.model.market.map((l) => [l.path, l]));
    const index = cards.findIndex(([p, badged]) => badged && truth.get(p)!.title.includes(MARK));
    const dialog = await flagFromBadge(b, page, 'li.result-card', 'a.result-link', index);
    await dialog.locator('#listing b').waitFor();
    expect(await dialog.locator('#listing').innerText()).toContain(`${MARK}:title:img`);
    await dialog.fill('#note', payload('note'));
    await dialog.click('#send');
    await dialog.locator('#status[data-state="sent"]').waitFor({ timeout: 15_000 });
    expect(await dialog.locator('img[src="x"], svg').count()).toBe(0);
    await dialog.close();

    const panel = await b.context.newPage();
    await panel.goto(`${b.origin}/sidepanel.html`);
    await panel.locator('li.hit').first().waitFor();
    const hostileRow = panel.locator('li.hit', { hasText: `${MARK}:title` }).first();
    await hostileRow.click();
    await panel.keyboard.press('e');
    await panel.locator('#detail', { hasText: `${MARK}:note` }).waitFor();
    // The matched item's hostile title (from the API's catalogue) is shown, as text.
    expect(await panel.locator('#detail').textContent()).toContain(`${MARK}:item:script`);
    expect(await panel.locator('img[src="x"], svg, a[href^="javascript:"]').count()).toBe(0);
    await panel.waitForTimeout(300);
    expect(fired).toEqual([]);

    // On to the notices view with it: the case picker (its title from the hostile item), the case and a refusal.
    await panel.click('#hit-case');
    expect(await panel.inputValue('#case-title')).toContain(`${MARK}:item`);
    await panel.click('#case-create');
    await panel.locator('[data-testid=case-hits] li').first().waitFor();
    await panel.click('#build');
    await panel.locator('[data-testid=refusals]').waitFor();
    expect(await panel.locator('img[src="x"], svg, a[href^="javascript:"]').count()).toBe(0);
    await panel.waitForTimeout(300);
    expect(fired).toEqual([]);

    const { hits } = await apiGet<{ hits: { title: string }[] }>(`${api.url}/v1/hits?limit=200`, api.tokens.reviewer);
    expect(hits.some((h) => h.title.includes(MARK))).toBe(true);
    await panel.close();
  });

  it('extension pages refuse to turn strings into HTML at all (Trusted Types CSP)', async () => {
    const p = await b.context.newPage();
    await p.goto(`${b.origin}/popup.html`);
    const refused = await p.evaluate(() => {
      try {
        (globalThis as any).document.body.innerHTML = '<b>x</b>';
        return false;
      } catch (e) {
        return String(e);
      }
    });
    expect(refused).toMatch(/TrustedHTML/);
    await p.close();
  });
});
