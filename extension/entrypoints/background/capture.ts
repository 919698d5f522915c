/**
 * Evidence of a page as the user saw it: a PNG of the visible tab, the page's
 * HTML, and a metadata record (URL, time, title, the listing as read, the
 * other two hashes). Each is hashed with SHA-256 here, stored by hash in
 * IndexedDB, and uploaded later under that hash.
 */
import { browser } from 'wxt/browser';
import { evidenceDb } from '../../utils/evidence-db';
import { dataUrlBytes, sha256Hex, utf8 } from '../../utils/hash';
import type { ListingLite } from '../../utils/messages';
import type { EvidenceMeta } from '../../utils/outbox-items';

export type { EvidenceMeta };

export async function storeEvidence(
  kind: EvidenceMeta['kind'],
  contentType: string,
  bytes: ArrayBuffer,
  capturedAt: string,
): Promise<EvidenceMeta> {
  const sha256 = await sha256Hex(bytes);
  await evidenceDb.put({ sha256, contentType, bytes });
  return { sha256, kind, contentType, size: bytes.byteLength, capturedAt };
}

/**
 * PNG of the visible part of the active tab of `windowId`. Browsers allow it
 * only after the user invoked the extension on that tab (toolbar button,
 * context menu, shortcut: activeTab) or with access to all sites.
 */
export async function captureScreenshot(windowId: number, capturedAt: string): Promise<EvidenceMeta> {
  const dataUrl = await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
  const { contentType, bytes } = dataUrlBytes(dataUrl);
  return storeEvidence('screenshot', contentType, bytes, capturedAt);
}

export function captureHtml(html: string, capturedAt: string): Promise<EvidenceMeta> {
  return storeEvidence('html', 'text/html; charset=utf-8', utf8(html), capturedAt);
}

export function captureMetadata(
  record: {
    url: string;
    title: string;
    listing: ListingLite;
    userAgent: string;
    evidence: EvidenceMeta[];
    screenshotMissing?: string;
  },
  capturedAt: string,
): Promise<EvidenceMeta> {
  const body = {
    capturedAt,
    url: record.url,
    title: record.title,
    userAgent: record.userAgent,
    extension: { name: browser.runtime.getManifest().name, version: browser.runtime.getManifest().version },
    listing: record.listing,
    evidence: record.evidence.map(({ kind, sha256, size, contentType }) => ({ kind, sha256, size, contentType })),
    ...(record.screenshotMissing ? { screenshotMissing: record.screenshotMissing } : {}),
  };
  return storeEvidence('metadata', 'application/json', utf8(JSON.stringify(body, null, 2)), capturedAt);
}

/** The page's HTML read with activeTab, for pages the content script does not run on. */
export async function readPageHtml(tabId: number): Promise<string> {
  const [result] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => {
      const dt = document.doctype ? `<!DOCTYPE ${document.doctype.name}>\n` : '';
      return dt + document.documentElement.outerHTML;
    },
  });
  const html = result?.result;
  if (typeof html !== 'string') throw new Error('could not read the page');
  return html;
}
