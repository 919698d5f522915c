/**
 * Where the content script runs: on the supported sites the user has
 * allowed (optional host permissions, asked for per site from the options
 * page), registered at run time so installing asks for no host; and on any
 * page the user asks to scan ("scan this page", activeTab).
 */
import { browser } from 'wxt/browser';
import { sitePatterns } from '../../utils/match-patterns';

/** The content script's id in scripting.registerContentScripts, and its bundle (entrypoints/listings.content). */
const SCRIPT_ID = 'counterscan-listings';
export const CONTENT_SCRIPT_FILE = '/content-scripts/listings.js';

/**
 * The supported sites' patterns the user has allowed (each its own question: a site may be allowed and its neighbour
 * not).
 */
export async function allowedSitePatterns(): Promise<string[]> {
  const patterns = sitePatterns();
  const allowed = await Promise.all(
    patterns.map((p) => browser.permissions.contains({ origins: [p] }).catch(() => false)),
  );
  return patterns.filter((_, i) => allowed[i]);
}

let pending: Promise<void> = Promise.resolve();

/** Register (or update, or remove) the content script for the allowed sites. Calls are serialised. */
export function syncSiteScripts(): Promise<string[]> {
  const run = pending.then(async () => {
    const matches = await allowedSitePatterns();
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (matches.length === 0) {
      if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
      return matches;
    }
    // Paths here are relative to the extension's root (no leading slash).
    const script = {
      id: SCRIPT_ID,
      matches,
      js: [CONTENT_SCRIPT_FILE.slice(1)],
      runAt: 'document_idle' as const,
      persistAcrossSessions: true,
    };
    if (existing.length > 0) await browser.scripting.updateContentScripts([script]);
    else await browser.scripting.registerContentScripts([script]);
    return matches;
  });
  pending = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/** Keep the registration in step with the permissions the user grants and removes. */
export function watchSiteAccess(): void {
  const resync = () =>
    void syncSiteScripts().catch((e: unknown) => console.warn('counterscan: cannot register the content script', e));
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onInstalled.addListener(resync);
  browser.runtime.onStartup.addListener(resync);
}

/**
 * "Scan this page": read the tab's page with the site's adapter, or the
 * generic extractor on a site we have none for. Needs activeTab (the popup
 * was opened from the toolbar button) or the site's permission. A page whose
 * content script already runs is asked to scan again, whatever it read.
 */
export async function scanTab(tabId: number): Promise<void> {
  const [probe] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => {
      // Read by the content script: scan this page even where no adapter knows its URL.
      const g = globalThis as { __counterscanScanRequested?: boolean; __counterscanLoaded?: boolean };
      g.__counterscanScanRequested = true;
      return g.__counterscanLoaded === true;
    },
  });
  if (probe?.result === true) await browser.tabs.sendMessage(tabId, { type: 'page:scan' });
  else await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
}
