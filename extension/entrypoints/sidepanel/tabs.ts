/** The side panel's views — inbox, notices, site blocking, discovery — one shown at a time. */
import { byId } from '../../utils/dom';

export type Tab = 'inbox' | 'notices' | 'blocking' | 'discovery';
const PANEL: Record<Tab, string> = { inbox: 'app', notices: 'notices', blocking: 'blocking', discovery: 'discovery' };
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
