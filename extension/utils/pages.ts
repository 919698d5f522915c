/** Helpers shared by the extension's own pages (popup, options, side panel, flag dialog). */
import { browser } from 'wxt/browser';
import { EnforcementApi } from './enforcement-api';
import type { Reply } from './messages';
import { getSettings } from './settings';

/** Ask the background; throws its error text. */
export async function ask<T = Record<string, unknown>>(msg: object): Promise<T> {
  const reply = (await browser.runtime.sendMessage(msg)) as Reply<T> | undefined;
  if (!reply) throw new Error('no answer from the extension background');
  if (!reply.ok) throw new Error(reply.error);
  return reply as T;
}

export async function apiFromSettings(): Promise<EnforcementApi | undefined> {
  const s = await getSettings();
  return s.apiUrl && s.token ? new EnforcementApi(s.apiUrl, s.token) : undefined;
}

export async function activeTab() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Open the review inbox: Chrome's side panel, Firefox's sidebar, else a tab. Call from a click handler. */
export async function openInbox(windowId?: number): Promise<void> {
  const b = browser as unknown as {
    sidePanel?: { open(o: { windowId: number }): Promise<void> };
    sidebarAction?: { open(): Promise<void> };
  };
  try {
    if (b.sidePanel && windowId !== undefined) return await b.sidePanel.open({ windowId });
    if (b.sidebarAction) return await b.sidebarAction.open();
  } catch {
    // fall through to a tab
  }
  await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
}
