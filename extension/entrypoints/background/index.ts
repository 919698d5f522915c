/**
 * The background: routes validated messages to their handlers, keeps the
 * catalogue in sync, registers the content script on the sites the user
 * allowed, retries the flag outbox, and offers "Flag this page" on the
 * context menu and a keyboard shortcut.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser, type Browser } from 'wxt/browser';
import { allowedFrom, MessageSchema, type Message, type Reply } from '../../utils/messages';
import { catalogueItem, settingsItem } from '../../utils/settings';
import { syncCatalogue, warmMatcher, watchCatalogue } from './catalogue';
import { syncReferencePhotos } from './reference-photos';
import * as on from './handlers';
import { openFlagWindow } from './drafts';
import { collectEvidence, drain, OUTBOX_ALARM } from './outbox';
import { scanTab, watchSiteAccess } from './site-access';

const SYNC_ALARM = 'catalogue-sync';
const MENU_ID = 'counterscan-flag-page';

type Sender = Browser.runtime.MessageSender;

function senderKind(sender: Sender): 'content' | 'page' | undefined {
  if (sender.id !== browser.runtime.id) return undefined;
  const own = browser.runtime.getURL('/');
  if (sender.tab && sender.url && !sender.url.startsWith(own)) return 'content';
  if (sender.url?.startsWith(own)) return 'page';
  return undefined;
}

async function route(msg: Message, sender: Sender): Promise<Reply<object>> {
  switch (msg.type) {
    case 'scan:match':
      return on.onScanMatch(msg);
    case 'scan:report':
      return on.onScanReport(msg, sender.tab!);
    case 'scan:lookup':
      return on.onScanLookup(msg);
    case 'scan:photos':
      return on.onScanPhotos(msg, sender.tab!);
    case 'flag:start':
      return on.onFlagStart(msg, sender.tab!);
    case 'scan:page':
      await scanTab(msg.tabId);
      return { ok: true };
    case 'flag:page':
      return on.onFlagPage(msg);
    case 'flag:submit':
      return on.onFlagSubmit(msg);
    case 'flag:screenshot':
      return on.onFlagScreenshot(msg);
    case 'flag:cancel':
      return on.onFlagCancel(msg);
    case 'outbox:drain':
      return on.onOutboxDrain();
    case 'outbox:discard':
      return on.onOutboxDiscard(msg);
    case 'outbox:retry':
      return on.onOutboxRetry(msg);
    case 'catalogue:sync':
      return on.onCatalogueSync();
  }
}

async function handle(raw: unknown, sender: Sender): Promise<Reply<object>> {
  const parsed = MessageSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: `invalid message: ${parsed.error.issues[0]?.message ?? 'unknown shape'}` };
  const msg = parsed.data;
  if (senderKind(sender) !== allowedFrom[msg.type])
    return { ok: false, error: `${msg.type} is not accepted from this sender` };
  try {
    return await route(msg, sender);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function flagFromTab(tab: Browser.tabs.Tab | undefined, source: 'context-menu' | 'command'): Promise<void> {
  if (tab?.id === undefined) return;
  const draft = await on.flagPage(tab.id, source);
  await openFlagWindow(draft.draftId);
}

/**
 * The token and the outbox live in storage.local, which content scripts could
 * read by default. Only extension pages and this worker need it, so close it
 * to content scripts where the browser can (Chrome 102+; Firefox restricts
 * only session storage, and our content script never reads storage anyway).
 */
function restrictStorageToExtensionPages(): void {
  const local = (
    globalThis as {
      chrome?: { storage?: { local?: { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } } };
    }
  ).chrome?.storage?.local;
  void local?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);
}

export default defineBackground(() => {
  restrictStorageToExtensionPages();
  watchCatalogue();
  // Each catalogue sync brings the reference photos' hashes after it.
  catalogueItem.watch(() => void syncReferencePhotos().catch(() => undefined));
  // The content script runs on the sites the user allowed (registered at run time, see site-access.ts).
  watchSiteAccess();

  browser.runtime.onMessage.addListener((raw: unknown, sender: Sender) => handle(raw, sender));

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_ID,
      title: 'Flag this page with counterscan',
      contexts: ['page', 'link', 'image'],
    });
    void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 360 });
    void syncCatalogue().catch(() => undefined);
  });
  browser.runtime.onStartup.addListener(() => {
    void syncCatalogue().catch(() => undefined);
    // Drafts do not outlive the browser session; their evidence should not either.
    void collectEvidence().catch(() => undefined);
    void drain();
  });
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(on.scanKey(tabId)));

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID)
      void flagFromTab(tab, 'context-menu').catch((e: unknown) => console.warn('flag failed', e));
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'flag-page') void flagFromTab(tab, 'command').catch((e: unknown) => console.warn('flag failed', e));
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void drain();
    if (alarm.name === SYNC_ALARM) void syncCatalogue().catch(() => undefined);
  });

  // A new URL or token: sync the catalogue and send what waited for it.
  settingsItem.watch((next, prev) => {
    if (next?.apiUrl !== prev?.apiUrl || next?.token !== prev?.token) {
      void syncCatalogue()
        .catch(() => undefined)
        .finally(() => void drain(true));
    }
  });

  // Chrome's side panel opens from the toolbar popup; Firefox uses its sidebar.
  (browser as unknown as { sidePanel?: { setPanelBehavior(o: object): Promise<void> } }).sidePanel
    ?.setPanelBehavior({ openPanelOnActionClick: false })
    .catch(() => undefined);

  warmMatcher();
  void drain();
});
