/**
 * Options: API URL and token (with a connection test that reports role and
 * holder), badge settings, and the permissions asked for at run time — each
 * supported site (the content script runs only on the sites allowed here;
 * installing asks for none), the API's origin when it is not a supported
 * site, and all sites for badge screenshots — and reference photos added to
 * a catalogue item (reference-photos.ts).
 */
import '../../assets/pages.css';
import { browser } from 'wxt/browser';
import { ApiClient } from '../../utils/api-client';
import { byId, h, replace } from '../../utils/dom';
import { coveredBy, originPattern, siteAccessList, sitePatterns } from '../../utils/match-patterns';
import { ask, errorText } from '../../utils/pages';
import { showPhotoItems } from './reference-photos';
import {
  catalogueItem,
  getSettings,
  referencePhotosItem,
  settingsItem,
  syncErrorItem,
  type Settings,
} from '../../utils/settings';

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
  const req = screenshots.checked
    ? browser.permissions.request({ origins: ALL })
    : browser.permissions.remove({ origins: ALL });
  void req.finally(() => void showAccess());
});

const SITES = siteAccessList();

byId('grantSites').addEventListener('click', () => {
  void browser.permissions.request({ origins: sitePatterns() }).finally(() => void showAccess());
});

/** One checkbox per site: checking it asks for that site's hosts (the prompt must come straight from the click). */
function siteBoxes(): void {
  replace(
    byId('sites'),
    ...SITES.map((site) =>
      h(
        'li',
        {},
        h(
          'label',
          { attrs: { title: site.patterns.join(' ') } },
          h('input', {
            attrs: { type: 'checkbox', id: `site-${site.id}`, 'data-site': site.id },
            on: {
              change: (e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                const req = on
                  ? browser.permissions.request({ origins: site.patterns })
                  : browser.permissions.remove({ origins: site.patterns });
                void req.catch(() => false).finally(() => void showAccess());
              },
            },
          }),
          ` ${site.name}`,
        ),
      ),
    ),
  );
}

byId('sync').addEventListener('click', () => {
  byId('catalogue').textContent = 'Syncing…';
  void ask<{ items: number }>({ type: 'catalogue:sync' })
    .catch((e: unknown) => say(`Sync failed: ${errorText(e)}`, 'error'))
    .finally(() => void showCatalogue());
});

async function showAccess(): Promise<void> {
  const allowed = await Promise.all(
    SITES.map((s) => browser.permissions.contains({ origins: s.patterns }).catch(() => false)),
  );
  SITES.forEach((s, i) => {
    const box = document.getElementById(`site-${s.id}`) as HTMLInputElement | null;
    if (box) box.checked = allowed[i]!;
  });
  screenshots.checked = await browser.permissions.contains({ origins: ALL });
  const n = allowed.filter(Boolean).length;
  byId('grantSites').hidden = n === SITES.length;
  byId('access').textContent =
    `counterscan reads the sites you allow here (${n} of ${SITES.length}); on any other page, click the counterscan ` +
    `button and "Scan this page".`;
}

async function showCatalogue(): Promise<void> {
  const [cache, err, photos] = await Promise.all([
    catalogueItem.getValue(),
    syncErrorItem.getValue(),
    referencePhotosItem.getValue(),
  ]);
  const el = byId('catalogue');
  replace(
    el,
    cache
      ? `${cache.items.length} catalogue items${photos ? ` and ${photos.count} reference photos` : ''} of ` +
          `${cache.me.name} (${cache.me.role}), synced ${new Date(cache.syncedAt).toLocaleString()}.` +
          (photos?.note ? ` Reference photos: ${photos.note}.` : '')
      : 'No catalogue synced yet.',
    err ? ` Last sync failed: ${err}` : '',
  );
}

async function load(): Promise<void> {
  const s = await getSettings();
  apiUrl.value = s.apiUrl;
  token.value = s.token;
  verify.checked = s.verifyListings;
  threshold.value = String(s.threshold);
  siteBoxes();
  await Promise.all([showAccess(), showCatalogue(), showPhotoItems()]);
}

catalogueItem.watch(() => {
  void showCatalogue();
  void showPhotoItems();
});
referencePhotosItem.watch(() => void showCatalogue());
void load();
