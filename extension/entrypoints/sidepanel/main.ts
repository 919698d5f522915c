/**
 * The reviewer's inbox (Chrome side panel, Firefox sidebar, or a tab): hits
 * from the review API with filters and sort, keyboard triage, signals and
 * evidence of the current hit, bulk actions. A status change shows at once
 * and is then reconciled with what the server applied. Chosen hits go on to
 * the Notices view (notices/), a hit's site to Site blocking (blocking/).
 * Reviewers and admins also triage discovered sites (discovery/).
 */
import '../../assets/pages.css';
import { browser } from 'wxt/browser';
import type { ApiClient, HitFilters } from '../../utils/api-client';
import { HIT_STATUSES } from '../../../shared/model';
import type { HitStatus, HitView } from '../../utils/api-schemas';
import { byId, formatWeight, h, replace, safeHttpUrl } from '../../utils/dom';
import { apiFromSettings, errorText } from '../../utils/pages';
import { pendingBlockItem, settingsItem } from '../../utils/settings';
import { photoPair } from './photo-pair';
import { askReason } from './reason-dialog';
import { proposeSite, setBlockingApi, showBlocking } from './blocking';
import { setDiscoveryContext, showDiscovery } from './discovery';
import { chooseHits, setNoticesContext, showNotices } from './notices';
import { InboxState } from './state';
import { currentTab, installTabs, showTab } from './tabs';

const list = byId<HTMLUListElement>('hits');
const message = byId('message');
const say = (text: string, kind = 'muted') => {
  message.className = kind;
  message.textContent = text;
};

let api: ApiClient | undefined;
const state = new InboxState();
/** Object URLs of the thumbnails on screen, revoked when the detail changes. */
let thumbs: string[] = [];

function filters(): HitFilters {
  const [sort, order] = byId<HTMLSelectElement>('sort').value.split(':') as ['score' | 'date', 'desc' | 'asc'];
  const min = Number(byId<HTMLInputElement>('minScore').value);
  return {
    status: byId<HTMLSelectElement>('status').value as HitStatus | '',
    site: byId<HTMLInputElement>('site').value.trim() || undefined,
    minScore: byId<HTMLInputElement>('minScore').value !== '' && Number.isFinite(min) ? min : undefined,
    sort,
    order,
  };
}

// ------------------------------------------------------------------ rendering

function row(hit: HitView, index: number): HTMLLIElement {
  const current = index === state.index;
  return h(
    'li',
    {
      class: `hit${current ? ' current' : ''}${state.selected.has(hit.id) ? ' selected' : ''}`,
      attrs: { role: 'option', 'aria-selected': current, 'data-id': hit.id, 'data-status': hit.status },
      on: { click: () => select(index) },
    },
    h('input', {
      attrs: { type: 'checkbox', 'aria-label': 'select', checked: state.selected.has(hit.id), tabindex: -1 },
      on: {
        click: (e) => {
          e.stopPropagation();
          toggle(hit.id);
        },
      },
    }),
    h('span', { class: 'score' }, hit.score.toFixed(2)),
    h('span', { class: `pill ${hit.status}` }, hit.status.replace('_', ' ')),
    h('span', { class: 'break title' }, hit.title ?? hit.listingUrl),
    h('span', { class: 'muted item break' }, hit.itemTitle ?? hit.itemId, hit.site ? ` · ${hit.site}` : ''),
  );
}

function renderList(): void {
  replace(list, ...state.hits.map(row));
  list.querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
  byId('more').hidden = !state.nextCursor;
  const n = state.selected.size;
  const bulk = byId('bulk');
  bulk.hidden = n === 0;
  replace(
    bulk,
    `${n} selected`,
    h(
      'button',
      { attrs: { type: 'button' }, on: { click: () => void setStatus('confirmed', true) } },
      'Confirm selected',
    ),
    h(
      'button',
      { attrs: { type: 'button' }, on: { click: () => void setStatus('dismissed', true) } },
      'Dismiss selected',
    ),
    h(
      'button',
      {
        attrs: { type: 'button', id: 'to-case' },
        on: { click: () => toNotices(state.hits.filter((x) => state.selected.has(x.id))) },
      },
      'Case / notice…',
    ),
    h(
      'button',
      {
        attrs: { type: 'button' },
        on: {
          click: () => {
            state.selected.clear();
            renderList();
          },
        },
      },
      'Clear',
    ),
  );
}

function renderDetail(showEvidence = false): void {
  for (const u of thumbs) URL.revokeObjectURL(u);
  thumbs = [];
  const hit = state.current();
  const el = byId('detail');
  if (!hit) return replace(el);
  const link = safeHttpUrl(hit.listingUrl);
  const evidence = h('div', { class: 'evidence', attrs: { 'data-testid': 'evidence' } });
  replace(
    el,
    h('h2', {}, 'Listing'),
    h(
      'p',
      { class: 'break' },
      h('b', {}, hit.title ?? ''),
      h('br'),
      link ? h('a', { attrs: { href: link, target: '_blank', rel: 'noopener noreferrer' } }, link) : hit.listingUrl,
    ),
    h(
      'p',
      { class: 'muted break' },
      [
        hit.price !== null && hit.price !== undefined ? `${hit.price} ${hit.currency ?? ''}` : '',
        hit.sellerName ? `seller ${hit.sellerName}` : '',
        hit.lastSeenAt ? `seen ${new Date(hit.lastSeenAt).toLocaleString()}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    h('h2', {}, `Why ${hit.score.toFixed(2)}: ${hit.itemTitle ?? hit.itemId}`),
    h(
      'ul',
      { class: 'plain signals' },
      ...hit.signals.map((s) =>
        h(
          'li',
          {},
          h('span', { class: 'score' }, formatWeight(s.weight)),
          ` ${s.name.replace(/_/g, ' ')} `,
          h('span', { class: 'muted' }, s.evidence),
        ),
      ),
    ),
    api ? photoPair(api, hit, (u) => thumbs.push(u)) : null,
    hit.flag
      ? h(
          'p',
          { class: 'muted break' },
          `Flagged${hit.flag.by ? ` by ${hit.flag.by}` : ''}: ` +
            `${hit.flag.reason ?? ''}${hit.flag.note ? ` — ${hit.flag.note}` : ''}`,
        )
      : null,
    h('h2', {}, `Evidence (${hit.evidence.length})`),
    evidence,
    h(
      'div',
      { class: 'row actions' },
      h(
        'button',
        { attrs: { type: 'button', id: 'hit-case' }, on: { click: () => toNotices([hit]) } },
        'Case / notice…',
      ),
      h(
        'button',
        { attrs: { type: 'button', id: 'hit-block' }, on: { click: () => void toBlocking(hit.listingUrl) } },
        'Block this site…',
      ),
    ),
  );
  if (showEvidence || hit.evidence.length <= 3) void loadEvidence(hit, evidence);
}

async function loadEvidence(hit: HitView, into: HTMLElement): Promise<void> {
  if (!api) return;
  const items: HTMLElement[] = [];
  for (const ev of hit.evidence) {
    let thumb: HTMLElement | null = null;
    if (ev.kind === 'screenshot') {
      try {
        const blob = await api.evidence(ev.sha256);
        // Only images are shown; anything else is offered as a download, never rendered.
        if (blob.type.startsWith('image/')) {
          const url = URL.createObjectURL(blob);
          thumbs.push(url);
          thumb = h('img', { class: 'thumb', attrs: { src: url, alt: `screenshot ${ev.sha256.slice(0, 12)}` } });
        }
      } catch (e) {
        thumb = h('span', { class: 'error' }, errorText(e));
      }
    }
    items.push(
      h(
        'div',
        { class: 'ev', attrs: { 'data-kind': ev.kind, 'data-sha256': ev.sha256 } },
        thumb,
        h(
          'div',
          { class: 'muted' },
          `${ev.kind} · ${ev.size ? `${(ev.size / 1024).toFixed(1)} KiB` : ''} · `,
          h('code', {}, ev.sha256.slice(0, 16)),
          '…',
        ),
        h('button', { attrs: { type: 'button' }, on: { click: () => void save(ev.sha256, ev.kind) } }, 'Save'),
      ),
    );
  }
  if (state.current()?.id === hit.id) replace(into, ...items);
}

async function save(sha256: string, kind: string): Promise<void> {
  if (!api) return;
  const blob = await api.evidence(sha256);
  // Saved as opaque bytes: a downloaded page must not render with the extension's rights.
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = h('a', {
    attrs: { href: url, download: `${sha256}.${kind === 'screenshot' ? 'png' : kind === 'html' ? 'html' : 'json'}` },
  });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function renderCounts(): Promise<void> {
  if (!api) return;
  try {
    const { counts, total } = await api.counts(filters());
    byId('counts').textContent = `${HIT_STATUSES.filter((s) => counts[s])
      .map((s) => `${s.replace('_', ' ')} ${counts[s]}`)
      .join(' · ')} (${total})`;
  } catch (e) {
    byId('counts').textContent = errorText(e);
  }
}

// ------------------------------------------------------------------ actions

function select(index: number, evidence = false): void {
  state.moveTo(index);
  renderList();
  renderDetail(evidence);
}

function toggle(id: number): void {
  state.toggle(id);
  renderList();
}

async function load(append = false): Promise<void> {
  if (!api) return;
  say(append ? 'Loading more…' : 'Loading…');
  try {
    const page = await api.hits(filters(), append ? state.nextCursor : null);
    state.receive(page, append);
    say(state.hits.length === 0 ? 'No hits for these filters.' : '');
    renderList();
    renderDetail();
    void renderCounts();
  } catch (e) {
    say(`Cannot load hits: ${errorText(e)}`, 'error');
  }
}

/**
 * Confirm or dismiss, with the reason the reviewer picks: the selection when `bulk` (or when rows are selected),
 * else the current hit.
 */
async function setStatus(status: 'confirmed' | 'dismissed', bulk = false): Promise<void> {
  if (!api) return;
  const ids = bulk || state.selected.size > 0 ? [...state.selected] : state.current() ? [state.current()!.id] : [];
  if (ids.length === 0) return;
  const reason = await askReason(status, ids.length);
  list.focus();
  if (reason === undefined) return say('Not changed.');
  const undo = state.apply(ids, status);
  if (!bulk && state.selected.size === 0) state.moveBy(1);
  state.selected.clear();
  renderList();
  renderDetail();
  try {
    const { results } = await api.setStatus(ids, status, reason);
    const refused = state.reconcile(results, undo);
    if (refused.length > 0)
      say(`Not changed: ${refused.map((r) => `#${r.id} (${r.error?.message ?? r.status})`).join(', ')}`, 'error');
    else say(`${ids.length === 1 ? `#${ids[0]}` : `${ids.length} hits`} ${status}.`, 'okay');
  } catch (e) {
    state.revert(undo);
    say(`Not saved: ${errorText(e)}`, 'error');
  }
  renderList();
  void renderCounts();
}

function toNotices(hits: HitView[]): void {
  showTab('notices');
  void chooseHits(hits);
}

async function toBlocking(url: string): Promise<void> {
  showTab('blocking');
  await proposeSite(url);
}

function openListing(): void {
  const url = safeHttpUrl(state.current()?.listingUrl);
  if (url) void browser.tabs.create({ url });
}

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) return;
  if (document.querySelector('dialog[open]')) return; // the reason dialog has the keyboard
  // The triage keys act on the inbox only, never from the notices or blocking forms.
  if (currentTab() !== 'inbox') return;
  const actions: Record<string, () => void> = {
    j: () => select(state.index + 1),
    ArrowDown: () => select(state.index + 1),
    k: () => select(state.index - 1),
    ArrowUp: () => select(state.index - 1),
    c: () => void setStatus('confirmed'),
    d: () => void setStatus('dismissed'),
    o: openListing,
    e: () => select(state.index, true),
    x: () => state.current() && toggle(state.current()!.id),
    r: () => void load(),
  };
  const fn = actions[e.key];
  if (!fn) return;
  e.preventDefault();
  fn();
  if (e.key === 'j' && state.index >= state.hits.length - 1 && state.nextCursor) void load(true);
});

const noticesSay = (text: string, kind = 'muted') => {
  const el = byId('notices-message');
  el.className = kind;
  el.textContent = text;
};

async function connect(): Promise<void> {
  const client = await apiFromSettings();
  api = client;
  setBlockingApi(client);
  setNoticesContext(undefined);
  // The blocking view takes a page's address; a candidate is a bare domain.
  setDiscoveryContext(client, (domain) => void toBlocking(`https://${domain}/`));
  byId('tab-discovery').hidden = true;
  if (!client) {
    replace(list);
    return say('Not connected: set the API URL and token in the options.', 'error');
  }
  // Who is signed in, and whether the server sends email: the notices view offers the prepared notice when not.
  const me = await client.me().catch(() => undefined);
  setNoticesContext({ api: client, me, say: noticesSay });
  // Holders never see the triage queue (it spans every holder's terms; the API refuses them).
  byId('tab-discovery').hidden = !me || me.role === 'holder';
  if (currentTab() === 'discovery' && byId('tab-discovery').hidden) showTab('inbox');
  await load();
  list.focus();
}

/** "Block this whole site" from the popup: the page it was opened on, handed over through session storage. */
async function takePendingBlock(): Promise<void> {
  const pending = await pendingBlockItem.getValue();
  if (!pending) return;
  await pendingBlockItem.setValue(null);
  await toBlocking(pending.url);
}

function main(): void {
  const status = byId<HTMLSelectElement>('status');
  status.appendChild(h('option', { attrs: { value: '' } }, 'all'));
  for (const s of HIT_STATUSES) status.appendChild(h('option', { attrs: { value: s } }, s.replace('_', ' ')));
  status.value = 'new';
  byId<HTMLFormElement>('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  for (const id of ['status', 'sort']) byId(id).addEventListener('change', () => void load());
  byId('more').addEventListener('click', () => void load(true));
  const views = { notices: showNotices, blocking: showBlocking, discovery: showDiscovery, inbox: load };
  installTabs((tab) => void views[tab]());
  byId('discovery-status').addEventListener('change', () => void showDiscovery());
  settingsItem.watch(() => void connect());
  pendingBlockItem.watch(() => void takePendingBlock());
  void connect().then(takePendingBlock);
}

main();
