/**
 * The Playwright harness: Debian's Chromium, headless, with the demo build of
 * the Chrome extension (.output/demo/chrome-mv3, see global-setup.ts) loaded
 * in a throwaway profile. One context per test file; the extension id comes
 * from its service worker's URL. `hostRules` maps real host names to
 * loopback (Chromium's --host-resolver-rules), so saved pages of real sites
 * are served under their own names and the shipped match patterns apply.
 */
import { resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright';

export const CHROME_BUILD = resolve(import.meta.dirname, '../../../.output/demo/chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id> */
  origin: string;
  /** The extension's service worker (it may be restarted by Chromium; call again to get the live one). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

export interface HostMap {
  /** Real host names to serve from loopback. */
  names: readonly string[];
  ports: { http: number; https: number };
}

export async function launchExtension(dir = CHROME_BUILD, o: { hosts?: HostMap } = {}): Promise<ExtensionBrowser> {
  const rules = (o.hosts?.names ?? []).flatMap((host) => [
    `MAP ${host}:443 127.0.0.1:${o.hosts!.ports.https}`,
    `MAP ${host} 127.0.0.1:${o.hosts!.ports.http}`,
  ]);
  // Every other name fails at once (no waiting on DNS for a saved page's trackers); loopback stays itself.
  if (rules.length > 0) rules.push('MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost');
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    // Real host names on loopback answer https with a throwaway certificate (helpers/dual-server.ts).
    ignoreHTTPSErrors: rules.length > 0,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Lets the tests press the toolbar button (CDP Extensions.triggerAction), which grants activeTab like a real
      // click.
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...(rules.length > 0 ? [`--host-resolver-rules=${rules.join(', ')}`] : []),
    ],
  });
  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return live ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const sw = await worker();
  const extensionId = new URL(sw.url()).host;
  return { context, extensionId, origin: `chrome-extension://${extensionId}`, worker, close: () => context.close() };
}

/** Collects what would show that a payload ran: dialogs and console lines carrying `marker`. */
export function watchForExecution(page: Page, marker: string): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('console', (m) => {
    if (m.text().includes(marker)) seen.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (String(e.message).includes(marker)) seen.push(`pageerror: ${e.message}`);
  });
  return seen;
}
