/**
 * A flag being written: the evidence is already captured (at the moment the
 * user asked), the dialog still has to pick item, reason and note. Drafts
 * live in storage.session; their evidence bytes in IndexedDB.
 */
import { storage } from 'wxt/utils/storage';
import { browser } from 'wxt/browser';
import type { ListingLite, MatchView } from '../../utils/messages';
import { candidatesFor } from './catalogue';
import { captureHtml, captureMetadata, captureScreenshot, type EvidenceMeta } from './capture';

export interface Draft {
  draftId: string;
  tabId: number;
  windowId: number;
  source: 'badge' | 'popup' | 'context-menu' | 'command';
  pageUrl: string;
  pageTitle: string;
  listing: ListingLite;
  /** Item the badge matched, pre-selected in the dialog. */
  itemId?: string;
  candidates: MatchView[];
  evidence: EvidenceMeta[];
  /** Why there is no screenshot, when there is none. */
  screenshotError?: string;
  capturedAt: string;
}

const draftItem = (id: string) => storage.defineItem<Draft | null>(`session:draft:${id}`, { fallback: null });

export const getDraft = (id: string) => draftItem(id).getValue();
export const saveDraft = (d: Draft) => draftItem(d.draftId).setValue(d);
export const removeDraft = (id: string) => draftItem(id).removeValue();

export interface CaptureInput {
  tabId: number;
  windowId: number;
  source: Draft['source'];
  pageUrl: string;
  pageTitle: string;
  listing: ListingLite;
  itemId?: string;
  html: string;
}

/** Capture screenshot, HTML and metadata now, and keep them as a draft for the dialog. */
export async function captureDraft(input: CaptureInput): Promise<Draft> {
  const capturedAt = new Date().toISOString();
  const evidence: EvidenceMeta[] = [];
  let screenshotError: string | undefined;
  try {
    evidence.push(await captureScreenshot(input.windowId, capturedAt));
  } catch (e) {
    screenshotError = e instanceof Error ? e.message : String(e);
  }
  evidence.push(await captureHtml(input.html, capturedAt));
  evidence.push(
    await captureMetadata(
      {
        url: input.pageUrl,
        title: input.pageTitle,
        listing: input.listing,
        userAgent: navigator.userAgent,
        evidence: [...evidence],
        screenshotMissing: screenshotError,
      },
      capturedAt,
    ),
  );
  const candidates = await candidatesFor(input.listing).catch(() => []);
  const draft: Draft = {
    draftId: crypto.randomUUID(),
    tabId: input.tabId,
    windowId: input.windowId,
    source: input.source,
    pageUrl: input.pageUrl,
    pageTitle: input.pageTitle,
    listing: input.listing,
    itemId: input.itemId ?? candidates[0]?.itemId,
    candidates,
    evidence,
    capturedAt,
    ...(screenshotError ? { screenshotError } : {}),
  };
  await saveDraft(draft);
  return draft;
}

/** Try the screenshot again (after the user granted access); the metadata record is redone to name it. */
export async function addScreenshot(draft: Draft): Promise<Draft> {
  const tab = await browser.tabs.get(draft.tabId);
  if (!tab.active || tab.url !== draft.pageUrl) throw new Error('the flagged page is no longer the visible tab');
  const shot = await captureScreenshot(draft.windowId, new Date().toISOString());
  const html = draft.evidence.filter((e) => e.kind === 'html');
  const meta = await captureMetadata(
    {
      url: draft.pageUrl,
      title: draft.pageTitle,
      listing: draft.listing,
      userAgent: navigator.userAgent,
      evidence: [shot, ...html],
    },
    draft.capturedAt,
  );
  const next: Draft = { ...draft, evidence: [shot, ...html, meta] };
  delete next.screenshotError;
  await saveDraft(next);
  return next;
}

export function openFlagWindow(draftId: string): Promise<unknown> {
  return browser.windows.create({
    url: browser.runtime.getURL(`/flag.html?draft=${draftId}`),
    type: 'popup',
    width: 480,
    height: 760,
  });
}
