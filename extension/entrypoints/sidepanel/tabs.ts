/** The side panel's three views — inbox, notices, site blocking — one shown at a time. */
import { byId } from '../../utils/dom';

export type Tab = 'inbox' | 'notices' | 'blocking';
const PANEL: Record<Tab, string> = { inbox: 'app', notices: 'notices', blocking: 'blocking' };
const TABS = Object.keys(PANEL) as Tab[];

export function showTab(tab: Tab): void {
  for (const t of TABS) {
    byId(PANEL[t]).hidden = t !== tab;
    byId(`tab-${t}`).setAttribute('aria-selected', String(t === tab));
  }
}

export function currentTab(): Tab {
  return TABS.find((t) => !byId(PANEL[t]).hidden) ?? 'inbox';
}

export function installTabs(onShow: (tab: Tab) => void): void {
  for (const t of TABS)
    byId(`tab-${t}`).addEventListener('click', () => {
      showTab(t);
      onShow(t);
    });
}
