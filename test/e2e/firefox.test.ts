/**
 * The Firefox build in Debian's firefox-esr, driven over WebDriver BiDi by
 * puppeteer-core (no geckodriver: Firefox speaks BiDi itself, and
 * puppeteer-core downloads no browser). The demo build
 * (.output/demo/firefox-mv3, see global-setup.ts) is installed as a
 * temporary add-on (BiDi webExtension.install); the options page connects it
 * to the review API and the demo marketplace's search page is badged.
 * Skipped, with a message, when firefox-esr is not installed (.ci/run
 * installs it).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const BUILD = resolve(import.meta.dirname, '../../.output/demo/firefox-mv3');
const ADDON_ID = 'counterscan@counterscan.example';
/** Fixed internal UUID, so the test knows the moz-extension:// origin of the options page. */
const UUID = '6d1f0c52-3c8e-4d47-9a51-2f0b5e1c7a11';
const present = existsSync(FIREFOX);
if (!present) console.warn(`firefox e2e skipped: ${FIREFOX} not found (apt-get install firefox-esr, as .ci/run does)`);

let sites: DemoSites;
let api: TestApi;
let browser: Browser;

// Skipped only where Debian's firefox-esr is not installed (.ci/run installs it), with a line saying so:
// the Chrome e2e files cover the same extension code; this file adds the Firefox build.
describe.skipIf(!present)('the Firefox build in firefox-esr (WebDriver BiDi)', () => {
  beforeAll(async () => {
    [sites, api] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi()]);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // Lets the BiDi session open the add-on's own pages (moz-extension://), as a user opens the options page.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
        // No network beyond loopback: nothing to update or report.
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await sites?.close();
  });

  /**
   * waitForSelector on a page whose navigation is still under way: Firefox's BiDi can fail an evaluation in the
   * document being replaced ("right-hand side of 'in' should be an object, got null") instead of waiting on, so a
   * failure before the deadline is asked again.
   */
  async function waitAcrossNavigation(page: Page, selector: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await page.waitForSelector(selector, { timeout: Math.max(1, deadline - Date.now()) });
        return;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  it('installs, connects from its options page and badges a search page', async () => {
    const id = await browser.installExtension(BUILD);
    expect(id).toBe(ADDON_ID);
    const origin = `moz-extension://${UUID}`;
    const options = await browser.newPage();
    // firefox-esr loads the add-on's page but BiDi never reports that navigation as finished: wait for the form
    // instead.
    void options.goto(`${origin}/options.html`, { timeout: 15_000 }).catch(() => undefined);
    await waitAcrossNavigation(options, '#apiUrl', 15_000);
    await options.type('#apiUrl', api.url);
    await options.type('#token', api.tokens.reviewer);
    await options.click('#save');
    await options.waitForFunction(
      () => /catalogue items/.test((globalThis as any).document.querySelector('#catalogue')?.textContent ?? ''),
      { timeout: 20_000 },
    );

    const page = await browser.newPage();
    await page.goto(`${sites.market.origin}/search?q=Lumisette&page=1`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('counterscan-badge').length > 0, {
      timeout: 20_000,
    });
    const badges = await page.evaluate(
      () => (globalThis as any).document.querySelectorAll('li.result-card counterscan-badge').length as number,
    );
    // The badge's own CSS reached its closed shadow root (its :host rule; an unstyled host would be inline, static).
    const host = await page.evaluate(() => {
      const g = globalThis as any;
      const style = g.getComputedStyle(g.document.querySelector('counterscan-badge'));
      return `${style.display} ${style.position}`;
    });
    console.log(`firefox ${(await browser.version()).trim()}: ${badges} badges on the demo search page (host ${host})`);
    expect(badges).toBeGreaterThan(0);
    expect(host).toBe('inline-block relative');
  });
});
