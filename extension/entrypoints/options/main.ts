/**
 * Options: API URL and token (with a connection test that reports role and
 * holder), badge settings, and the permissions asked for at run time — the
 * API's origin when it is not a supported site, and all sites for badge
 * screenshots.
 */
import '../../assets/pages.css';
import { browser } from 'wxt/browser';
import { ApiClient } from '../../utils/api-client';
import { byId, replace } from '../../utils/dom';
import { coveredBy, originPattern, sitePatterns } from '../../utils/match-patterns';
import { ask, errorText } from '../../utils/pages';
import { catalogueItem, getSettings, settingsItem, syncErrorItem, type Settings } from '../../utils/settings';

const form = byId<HTMLFormElement>('settings');
const apiUrl = byId<HTMLInputElement>('apiUrl');
const token = byId<HTMLInputElement>('token');
const verify = byId<HTMLInputElement>('verifyListings');
const threshold = byId<HTMLInputElement>('threshold');
const status = byId('status');
const screenshots = byId<HTMLInputElement>('screenshots');
const ALL = ['<all_urls>'];

function say(text: string, kind: 'okay' | 'error' | 'muted' = 'muted'): void {
  status.className = kind;
  status.textContent = text;
}

function read(): Settings | string {
  const url = apiUrl.value.trim().replace(/\/+$/, '');
  if (url && !originPattern(url)) return 'The API URL must start with http:// or https://';
  const t = Number(threshold.value);
  if (!Number.isFinite(t) || t <= 0 || t > 1) return 'The badge score must be between 0 and 1';
  return { apiUrl: url, token: token.value.trim(), verifyListings: verify.checked, threshold: t };
}

/** The API origin needs a host permission unless a supported site's pattern already covers it. */
function neededOrigin(url: string): string | undefined {
  const pattern = originPattern(url);
  return pattern && !coveredBy(url, sitePatterns()) ? pattern : undefined;
}

async function testConnection(s: Settings): Promise<void> {
  if (!s.apiUrl || !s.token) return say('Enter the API URL and the token.', 'error');
  say('Connecting…');
  try {
    const me = await new ApiClient(s.apiUrl, s.token).me();
    say(`Connected as ${me.name} — role ${me.role}${me.holderId ? `, holder ${me.holderId}` : ''}.`, 'okay');
  } catch (e) {
    say(`Cannot connect: ${errorText(e)}`, 'error');
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const s = read();
  if (typeof s === 'string') return say(s, 'error');
  const origin = s.apiUrl ? neededOrigin(s.apiUrl) : undefined;
  // The permission prompt must come straight from the click, before any await.
  const granted = origin ? browser.permissions.request({ origins: [origin] }) : Promise.resolve(true);
  void granted.then(async (ok) => {
    if (!ok) return say(`counterscan needs access to ${origin} to reach the API.`, 'error');
    await settingsItem.setValue(s);
    say('Saved.', 'okay');
    await testConnection(s);
  });
});

byId('test').addEventListener('click', () => {
  const s = read();
  if (typeof s === 'string') return say(s, 'error');
  void testConnection(s);
});

screenshots.addEventListener('change', () => {
  const req = screenshots.checked ? browser.permissions.request({ origins: ALL }) : browser.permissions.remove({ origins: ALL });
  void req.finally(() => void showAccess());
});

byId('grantSites').addEventListener('click', () => {
  void browser.permissions.request({ origins: sitePatterns() }).finally(() => void showAccess());
});

byId('sync').addEventListener('click', () => {
  byId('catalogue').textContent = 'Syncing…';
  void ask<{ items: number }>({ type: 'catalogue:sync' })
    .catch((e: unknown) => say(`Sync failed: ${errorText(e)}`, 'error'))
    .finally(() => void showCatalogue());
});

async function showAccess(): Promise<void> {
  const sites = sitePatterns();
  // Firefox treats MV3 host permissions as optional: the user may not have granted them yet.
  const hasSites = await browser.permissions.contains({ origins: sites });
  screenshots.checked = await browser.permissions.contains({ origins: ALL });
  byId('grantSites').hidden = hasSites;
  byId('access').textContent = `Supported sites: ${sites.join(', ')} — ${hasSites ? 'allowed' : 'not allowed yet'}.`;
}

async function showCatalogue(): Promise<void> {
  const [cache, err] = await Promise.all([catalogueItem.getValue(), syncErrorItem.getValue()]);
  const el = byId('catalogue');
  replace(
    el,
    cache ? `${cache.items.length} catalogue items of ${cache.me.name} (${cache.me.role}), synced ${new Date(cache.syncedAt).toLocaleString()}.` : 'No catalogue synced yet.',
    err ? ` Last sync failed: ${err}` : '',
  );
}

async function load(): Promise<void> {
  const s = await getSettings();
  apiUrl.value = s.apiUrl;
  token.value = s.token;
  verify.checked = s.verifyListings;
  threshold.value = String(s.threshold);
  await Promise.all([showAccess(), showCatalogue()]);
}

catalogueItem.watch(() => void showCatalogue());
void load();
