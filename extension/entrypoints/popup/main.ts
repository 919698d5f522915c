/**
 * The toolbar popup: who is signed in, what this page's scan found (with a
 * Flag button per suspect), "Scan this page" (any site, through activeTab:
 * the site's adapter where there is one, else the generic extractor), "Flag this page…", the flags waiting to be sent
 * (opening the popup tries to send them), the inbox, and "Block this whole
 * site…" (the side panel's Site blocking view, for the page's domain). Clicking the toolbar
 * button grants activeTab, which is what lets "Flag" take a screenshot.
 */
import '../../assets/pages.css';
import { browser } from 'wxt/browser';
import { byId, h, replace } from '../../utils/dom';
import type { ScanReport } from '../../utils/messages';
import { activeTab, ask, errorText, openInbox } from '../../utils/pages';
import { catalogueItem, getSettings, pendingBlockItem } from '../../utils/settings';
import { outboxItem, sentItem, type OutboxEntry } from '../../utils/outbox-items';

const status = byId('status');
const say = (text: string, kind = 'muted') => {
  status.className = kind;
  status.textContent = text;
};

async function flag(tabId: number, listingUrl?: string): Promise<void> {
  say('Capturing evidence…');
  try {
    const { draftId } = await ask<{ draftId: string }>({
      type: 'flag:page',
      tabId,
      source: 'popup',
      ...(listingUrl ? { listingUrl } : {}),
    });
    location.href = browser.runtime.getURL(`/flag.html?draft=${draftId}&in=popup`);
  } catch (e) {
    say(`Could not flag: ${errorText(e)}`, 'error');
  }
}

/** "Scan this page": the report appears below when the content script has read it (storage.session changes). */
async function scan(tabId: number): Promise<void> {
  say('Scanning…');
  try {
    await ask({ type: 'scan:page', tabId });
    say('');
  } catch (e) {
    say(`Could not scan this page: ${errorText(e)}`, 'error');
  }
}

async function showWho(): Promise<void> {
  const [settings, cache] = await Promise.all([getSettings(), catalogueItem.getValue()]);
  byId('who').textContent = !settings.apiUrl
    ? 'not connected'
    : cache
      ? `${cache.me.name} · ${cache.me.role} · ${cache.items.length} items`
      : 'catalogue not synced';
}

async function showPage(tabId: number | undefined): Promise<void> {
  const el = byId('page');
  if (tabId === undefined) return replace(el);
  const key = `scan:${tabId}`;
  const report = (await browser.storage.session.get(key))[key] as ScanReport | undefined;
  if (!report)
    return replace(
      el,
      h(
        'p',
        { class: 'muted' },
        'Not scanned: not a listing or search page of a site you allowed. "Scan this page" reads it anyway.',
      ),
    );
  const n = report.suspects.length;
  replace(
    el,
    h(
      'p',
      { attrs: { 'data-testid': 'page-summary' } },
      `${n} suspect ${n === 1 ? 'listing' : 'listings'} of ${report.listings} on this ${report.pageKind} page`,
      report.pending > 0 ? ` (checking ${report.pending} more…)` : '',
      '.',
    ),
    h(
      'ul',
      { class: 'plain suspects' },
      ...report.suspects.map((s) =>
        h(
          'li',
          { class: 'row suspect' },
          h('span', { class: 'score' }, s.score.toFixed(2)),
          h('span', { class: 'break grow' }, s.title),
          h('button', { attrs: { type: 'button' }, on: { click: () => void flag(tabId, s.url) } }, 'Flag…'),
        ),
      ),
    ),
  );
}

function entryLine(e: OutboxEntry): HTMLElement {
  return h(
    'li',
    { class: 'break' },
    h('span', {}, e.body.listing.title),
    ' ',
    h(
      'span',
      { class: e.state === 'failed' ? 'error' : 'muted' },
      e.state === 'failed' ? `refused: ${e.lastError ?? ''}` : e.lastError ? `waiting (${e.lastError})` : 'waiting',
    ),
    ' ',
    e.state === 'failed'
      ? h(
          'button',
          { attrs: { type: 'button' }, on: { click: () => void ask({ type: 'outbox:retry', flagId: e.flagId }) } },
          'Retry',
        )
      : null,
    e.state === 'failed'
      ? h(
          'button',
          { attrs: { type: 'button' }, on: { click: () => void ask({ type: 'outbox:discard', flagId: e.flagId }) } },
          'Discard',
        )
      : null,
  );
}

async function showOutbox(): Promise<void> {
  const [list, sent] = await Promise.all([outboxItem.getValue(), sentItem.getValue()]);
  const waiting = list.filter((e) => e.state === 'pending').length;
  const el = byId('outbox');
  replace(
    el,
    h(
      'p',
      { attrs: { 'data-testid': 'outbox-count' } },
      waiting === 0 && list.length === 0
        ? 'No flags waiting.'
        : `${waiting} ${waiting === 1 ? 'flag waits' : 'flags wait'} to be ` +
            `sent${list.length > waiting ? `, ${list.length - waiting} refused` : ''}.`,
    ),
    list.length > 0 ? h('ul', { class: 'plain' }, ...list.map(entryLine)) : null,
    list.length > 0
      ? h('button', { attrs: { type: 'button', id: 'sendNow' }, on: { click: () => void sendNow() } }, 'Send now')
      : null,
    sent[0]
      ? h(
          'p',
          { class: 'muted' },
          `Last sent: hit #${sent[0].hitId} (${new Date(sent[0].sentAt).toLocaleTimeString()})`,
        )
      : null,
  );
}

async function sendNow(): Promise<void> {
  say('Sending…');
  try {
    const r = await ask<{ pending: number; sent: number; error?: string }>({ type: 'outbox:drain' });
    say(r.error ? `Not sent: ${r.error}` : `Sent ${r.sent}.`, r.error ? 'error' : 'okay');
  } catch (e) {
    say(errorText(e), 'error');
  }
}

/** The tab the popup is about: the active one, or `?tab=ID` when the popup is opened as a page of its own. */
async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get('tab'));
  return Number.isInteger(id) && id > 0 ? browser.tabs.get(id).catch(() => undefined) : activeTab();
}

async function main(): Promise<void> {
  const tab = await targetTab();
  byId('flagPage').addEventListener('click', () => tab?.id !== undefined && void flag(tab.id));
  byId('scanPage').addEventListener('click', () => tab?.id !== undefined && void scan(tab.id));
  byId('inbox').addEventListener('click', () => void openInbox(tab?.windowId).then(() => window.close()));
  byId('blockSite').addEventListener('click', () => {
    // Opened first, while the click still counts as a user gesture; the side panel takes the URL up when it is set.
    const opening = openInbox(tab?.windowId);
    void pendingBlockItem
      .setValue(tab?.url ? { url: tab.url } : null)
      .then(() => opening)
      .then(() => window.close());
  });
  byId('options').addEventListener('click', (e) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  outboxItem.watch(() => void showOutbox());
  browser.storage.session.onChanged.addListener(() => void showPage(tab?.id));
  await Promise.all([showWho(), showPage(tab?.id), showOutbox()]);
  // Opening the popup is a good moment to send what waited.
  void ask({ type: 'outbox:drain' }).catch(() => undefined);
}

void main();
