/**
 * What the background does for each message. The router (index.ts) has
 * already checked the message's shape and its sender.
 */
import { browser, type Browser } from 'wxt/browser';
import type { MatchView, Message, PageSnapshot, Reply, ScanReport } from '../../utils/messages';
import { matchListings, matchWithPhotos, syncCatalogue, type MatchAnswer } from './catalogue';
import { listingPhotoMatches } from './listing-photos';
import { lookupListings } from './lookup';
import type { HitLookup } from '../../utils/api-schemas';
import { readPageHtml } from './capture';
import { addScreenshot, captureDraft, getDraft, openFlagWindow, removeDraft, type Draft } from './drafts';
import { collectEvidence, discard, drain, enqueue, outboxItem, retry } from './outbox';

type Tab = Browser.tabs.Tab;
type Of<T extends Message['type']> = Extract<Message, { type: T }>;

/** The last scan of each tab, for the popup (storage.session: gone when the browser closes). */
export const scanKey = (tabId: number) => `scan:${tabId}`;

export async function onScanReport(msg: Of<'scan:report'>, tab: Tab): Promise<Reply> {
  const report: ScanReport = msg.report;
  await browser.storage.session.set({ [scanKey(tab.id!)]: report });
  const n = report.suspects.length;
  await browser.action.setBadgeText({ tabId: tab.id!, text: n > 0 ? String(n) : '' });
  await browser.action.setBadgeBackgroundColor({ tabId: tab.id!, color: '#c62828' });
  return { ok: true };
}

export async function onFlagStart(
  msg: Of<'flag:start'>,
  tab: Tab,
): Promise<Reply<{ draftId: string; screenshot: boolean }>> {
  const draft = await captureDraft({
    tabId: tab.id!,
    windowId: tab.windowId!,
    source: 'badge',
    pageUrl: tab.url ?? msg.listing.url,
    pageTitle: tab.title ?? msg.listing.title,
    listing: msg.listing,
    itemId: msg.itemId,
    html: msg.html,
  });
  await openFlagWindow(draft.draftId);
  return { ok: true, draftId: draft.draftId, screenshot: !draft.screenshotError };
}

/** Flag a whole page: the popup's button, the context menu, the shortcut (all grant activeTab). */
export async function flagPage(tabId: number, source: Draft['source'], listingUrl?: string): Promise<Draft> {
  const tab = await browser.tabs.get(tabId);
  let snapshot: PageSnapshot | undefined;
  try {
    snapshot = (await browser.tabs.sendMessage(tabId, {
      type: 'page:snapshot',
      ...(listingUrl ? { listingUrl } : {}),
    })) as PageSnapshot | undefined;
  } catch {
    snapshot = undefined; // no content script on this page: read it with activeTab
  }
  const url = snapshot?.url ?? tab.url ?? '';
  const title = snapshot?.title ?? tab.title ?? url;
  const html = snapshot?.html ?? (await readPageHtml(tabId));
  return captureDraft({
    tabId,
    windowId: tab.windowId!,
    source,
    pageUrl: url,
    pageTitle: title,
    listing: snapshot?.listing ?? { url, title },
    itemId: snapshot?.itemId,
    html,
  });
}

export async function onFlagPage(msg: Of<'flag:page'>): Promise<Reply<{ draftId: string }>> {
  const draft = await flagPage(msg.tabId, msg.source, msg.listingUrl);
  return { ok: true, draftId: draft.draftId };
}

export async function onFlagScreenshot(msg: Of<'flag:screenshot'>): Promise<Reply<{ draft: Draft }>> {
  const draft = await getDraft(msg.draftId);
  if (!draft) return { ok: false, error: 'this flag was already sent or discarded' };
  return { ok: true, draft: await addScreenshot(draft) };
}

/** The dialog was closed without sending: forget the draft and its evidence (unless a waiting flag shares it). */
export async function onFlagCancel(msg: Of<'flag:cancel'>): Promise<Reply> {
  const draft = await getDraft(msg.draftId);
  if (!draft) return { ok: true };
  await removeDraft(draft.draftId);
  const all = await browser.storage.session.get(null);
  const drafts = Object.entries(all)
    .filter(([k]) => k.startsWith('draft:'))
    .map(([, v]) => v as Draft);
  await collectEvidence(drafts.flatMap((d) => d.evidence.map((e) => e.sha256)));
  return { ok: true };
}

export async function onFlagSubmit(
  msg: Of<'flag:submit'>,
): Promise<Reply<{ flagId: string; state: 'sent' | 'queued' | 'failed'; hitId?: number; error?: string }>> {
  const draft = await getDraft(msg.draftId);
  if (!draft) return { ok: false, error: 'this flag was already sent or discarded' };
  const flagId = crypto.randomUUID();
  const { listing } = draft;
  await enqueue({
    flagId,
    createdAt: new Date().toISOString(),
    evidence: draft.evidence.map((e) => ({ ...e, uploaded: false })),
    body: {
      flagId,
      url: listing.url,
      listing: {
        title: listing.title,
        ...(listing.site ? { site: listing.site } : {}),
        ...(listing.kind ? { kind: listing.kind } : {}),
        ...(listing.price !== undefined ? { price: listing.price } : {}),
        ...(listing.currency ? { currency: listing.currency } : {}),
        ...(listing.seller
          ? { seller: { id: listing.seller.id, name: listing.seller.name, url: listing.seller.url } }
          : {}),
        ...(listing.images?.length ? { images: listing.images } : {}),
        ...(listing.description ? { description: listing.description } : {}),
      },
      ...(msg.itemId ? { itemId: msg.itemId } : {}),
      reason: msg.reason,
      ...(msg.note.trim() ? { note: msg.note.trim() } : {}),
      evidence: draft.evidence.map((e) => e.sha256),
      capturedAt: draft.capturedAt,
    },
  });
  // The flag is safe in the outbox from here on; the draft is done.
  await removeDraft(draft.draftId);
  const result = await drain(true);
  const sent = result.sent.find((s) => s.flagId === flagId);
  if (sent) return { ok: true, flagId, state: 'sent', hitId: sent.hitId };
  const entry = (await outboxItem.getValue()).find((e) => e.flagId === flagId);
  return {
    ok: true,
    flagId,
    state: entry?.state === 'failed' ? 'failed' : 'queued',
    ...(entry?.lastError ? { error: entry.lastError } : {}),
  };
}

export async function onOutboxDrain(): Promise<
  Reply<{ pending: number; failed: number; sent: number; error?: string }>
> {
  const r = await drain(true);
  return {
    ok: true,
    pending: r.pending,
    failed: r.failed,
    sent: r.sent.length,
    ...(r.error ? { error: r.error } : {}),
  };
}

export async function onOutboxDiscard(msg: Of<'outbox:discard'>): Promise<Reply> {
  await discard(msg.flagId);
  return { ok: true };
}

export async function onOutboxRetry(msg: Of<'outbox:retry'>): Promise<Reply<{ pending: number; failed: number }>> {
  await retry(msg.flagId);
  const r = await drain(true);
  return { ok: true, pending: r.pending, failed: r.failed };
}

export async function onScanMatch(msg: Of<'scan:match'>): Promise<Reply<MatchAnswer & { backgroundMs: number }>> {
  const started = performance.now();
  const matched = await matchListings(msg.listings);
  return { ok: true, ...matched, backgroundMs: performance.now() - started };
}

export async function onScanLookup(msg: Of<'scan:lookup'>): Promise<Reply<HitLookup & { known: boolean }>> {
  return { ok: true, ...(await lookupListings(msg.listings)) };
}

/**
 * Each listing's match with its photos' matches added (null where no photo matched: its text verdict stands). The
 * page's tab and URL name the fetch budget the photos spend.
 */
export async function onScanPhotos(
  msg: Of<'scan:photos'>,
  tab: Tab,
): Promise<Reply<{ results: (MatchView | null)[] }>> {
  const page = `${tab.id ?? ''} ${tab.url ?? ''}`;
  const results = await Promise.all(
    msg.listings.map(async (l) => {
      const photos = await listingPhotoMatches(l, page);
      return photos.length > 0 ? matchWithPhotos(l, photos) : null;
    }),
  );
  return { ok: true, results };
}

export async function onCatalogueSync(): Promise<Reply<{ items: number }>> {
  const cache = await syncCatalogue();
  return { ok: true, items: cache.items.length };
}
