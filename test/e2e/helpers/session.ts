/**
 * Driving the extension the way a user does: the options page to connect it
 * to a review API, the popup and the side panel opened as tabs, and the
 * per-tab scan report the background keeps (read through the service worker).
 */
import type { Page } from 'playwright';
import type { ExtensionBrowser } from './extension';

export interface ScanReport {
  url: string;
  pageKind: 'listing' | 'search';
  /** The adapter's id, or 'generic' for a page read by "scan this page" without one. */
  site: string;
  listings: number;
  suspects: {
    url: string;
    title: string;
    score: number;
    itemId: string;
    itemTitle: string;
    from: 'page' | 'card';
    /** The review side's status of the hit on this listing, when it is one. */
    state?: string;
    sellerBlacklisted?: boolean;
  }[];
  /** Listings badged as authorised (neutral badge), with who authorises them. */
  authorised: { url: string; itemId: string; by: string }[];
  pending: number;
  timings: {
    firstBadgesMs: number;
    scriptMs: number;
    startMs: number;
    extractMs: number;
    matchMs: number;
    backgroundMs: number;
    renderMs: number;
  };
  catalogueItems: number;
}

/** Fill in the options page and save; waits until the catalogue is synced. */
export async function connect(b: ExtensionBrowser, apiUrl: string, token: string): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`${b.origin}/options.html`);
  await page.fill('#apiUrl', apiUrl);
  await page.fill('#token', token);
  await page.click('#save');
  await page.locator('#status.okay', { hasText: 'Connected as' }).waitFor({ timeout: 15_000 });
  await page.locator('#catalogue', { hasText: 'catalogue items' }).waitFor({ timeout: 15_000 });
  await page.close();
}

/** The last scan report of the tab showing `url` (undefined until the content script reported). */
export async function scanReport(b: ExtensionBrowser, url: string): Promise<ScanReport | undefined> {
  const sw = await b.worker();
  return sw.evaluate(async (u: string) => {
    const all = (await (globalThis as any).chrome.storage.session.get(null)) as Record<string, { url?: string }>;
    return Object.entries(all).find(([k, v]) => k.startsWith('scan:') && v?.url === u)?.[1];
  }, url) as Promise<ScanReport | undefined>;
}

/** Forget every tab's scan report, so the next one read is from a page loaded after this. */
export async function clearScans(b: ExtensionBrowser): Promise<void> {
  const sw = await b.worker();
  await sw.evaluate(async () => {
    const area = (globalThis as any).chrome.storage.session;
    const keys = Object.keys(await area.get(null)).filter((k) => k.startsWith('scan:'));
    await area.remove(keys);
  });
}

/**
 * Load `url` in `page` and wait for its complete scan (a report made for this
 * load, not an earlier one). `quietMs`: leave the service worker alone that
 * long before asking it (a benchmark should not poll it while it matches).
 */
export async function openAndScan(
  b: ExtensionBrowser,
  page: Page,
  url: string,
  o: { timeoutMs?: number; quietMs?: number } = {},
): Promise<ScanReport> {
  await clearScans(b);
  await page.goto(url);
  if (o.quietMs) await page.waitForTimeout(o.quietMs);
  return waitForScan(b, page, o.timeoutMs);
}

/** Wait until the page's scan is complete (every listing page it reads to confirm a result has been read). */
export async function waitForScan(b: ExtensionBrowser, page: Page, timeoutMs = 30_000): Promise<ScanReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await scanReport(b, page.url());
    if (r && r.pending === 0) return r;
    if (Date.now() > deadline)
      throw new Error(`no complete scan of ${page.url()} within ${timeoutMs} ms (last: ${JSON.stringify(r)})`);
    await page.waitForTimeout(100);
  }
}

/** Which result cards carry a badge: path of each card's link → badged. */
export async function badgedCards(
  page: Page,
  cardSelector: string,
  linkSelector: string,
): Promise<Map<string, boolean>> {
  const rows = await page.locator(cardSelector).evaluateAll(
    (els, link) =>
      els.map((el: any) => ({
        href: el.querySelector(link)?.getAttribute('href') as string | null,
        badged: !!el.querySelector('counterscan-badge'),
      })),
    linkSelector,
  );
  return new Map(rows.filter((r) => r.href).map((r) => [new URL(r.href!, 'http://x').pathname, r.badged]));
}

/** Click the toolbar button on `page`'s tab, as a user would (CDP Extensions.triggerAction; grants activeTab). */
export async function clickToolbarButton(b: ExtensionBrowser, page: Page): Promise<void> {
  const browser = b.context.browser();
  if (!browser) throw new Error('no browser handle for CDP');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets' as never, { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const pageSession = await b.context.newCDPSession(page);
    const { targetInfo } = (await pageSession.send('Target.getTargetInfo' as never)) as {
      targetInfo: { targetId: string };
    };
    await pageSession.detach();
    // The tab target wraps the page target; find it by the page's URL (tabs share no id with their page).
    const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()} (page target ${targetInfo.targetId})`);
    await cdp.send('Extensions.triggerAction' as never, { id: b.extensionId, targetId: tab.targetId } as never);
  } finally {
    await cdp.detach();
  }
}

/**
 * Flag the `index`-th result card from its badge with the keyboard, as a user
 * can: focus what precedes the badge, Tab to its pill (the tooltip opens),
 * Tab to "Flag…", Enter. Returns the flag window that opens.
 */
export async function flagFromBadge(
  b: ExtensionBrowser,
  page: Page,
  cards: string,
  link: string,
  index: number,
  before = '.sortbar a',
): Promise<Page> {
  if (index === 0) await page.locator(before).last().focus();
  else
    await page
      .locator(cards)
      .nth(index - 1)
      .locator(link)
      .focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(
    ({ cards, index }) => {
      const d = (globalThis as any).document;
      return (
        d.activeElement?.localName === 'counterscan-badge' &&
        d.querySelectorAll(cards)[index]?.contains(d.activeElement)
      );
    },
    { cards, index },
  );
  if (!focused) throw new Error(`Tab did not reach the badge of result ${index}`);
  await page.keyboard.press('Tab');
  const opened = b.context.waitForEvent('page', { predicate: (p) => p.url().includes('/flag.html'), timeout: 15_000 });
  await page.keyboard.press('Enter');
  const dialog = await opened;
  await dialog.waitForLoadState();
  return dialog;
}

/** The evidence the flag dialog lists (kind → SHA-256 the extension computed). */
export async function dialogEvidence(dialog: Page): Promise<Map<string, string>> {
  const rows = dialog.locator('[data-testid=evidence] li');
  await rows.first().waitFor();
  const list = await rows.evaluateAll((els) =>
    els.map((el: any) => [el.getAttribute('data-kind'), el.getAttribute('data-sha256')] as [string, string]),
  );
  return new Map(list);
}

/** The bytes the extension stored for each evidence hash (read from its IndexedDB in an extension page). */
export async function storedEvidenceBytes(extensionPage: Page, hashes: string[]): Promise<Map<string, Buffer>> {
  const b64 = await extensionPage.evaluate(async (shas: string[]) => {
    const g = globalThis as any;
    const db: any = await new Promise((resolve, reject) => {
      const req = g.indexedDB.open('counterscan');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out: Record<string, string> = {};
    for (const sha of shas) {
      const rec: any = await new Promise((resolve, reject) => {
        const req = db.transaction('evidence').objectStore('evidence').get(sha);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const bytes = new Uint8Array(rec.bytes);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      out[sha] = g.btoa(bin);
    }
    return out;
  }, hashes);
  return new Map(Object.entries(b64).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}
