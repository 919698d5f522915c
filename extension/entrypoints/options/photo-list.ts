/**
 * The chosen item's reference photos as the review API has them now (not the synced copy, which knows neither
 * uploads nor failed fetches): each URL or upload, whether it is hashed, pending or failed, and a Remove button.
 * A URL is taken off through the API's add/remove route (nobody else's change is lost), an upload through its
 * delete route; then the catalogue and the reference hashes are synced again, as after adding.
 */
import type { ItemPhoto } from '../../../shared/model';
import { ApiClient } from '../../utils/api-client';
import { byId, h, replace } from '../../utils/dom';
import { ask, errorText } from '../../utils/pages';
import { getSettings } from '../../utils/settings';
import { explain } from './photo-errors';

const select = byId<HTMLSelectElement>('photoItem');
const list = byId('photoList');
const status = byId('photoListStatus');

/** Each render's number: an answer for an item no longer chosen (or an older one) is dropped. */
let shown = 0;
type Kind = 'okay' | 'error' | 'muted';
/** What the last Remove did: it stays under the list as the list is read again (the sync re-renders it). */
let outcome: { itemId: string; text: string; kind: Kind } | undefined;

function say(text: string, kind: Kind = 'muted'): void {
  status.className = kind;
  status.textContent = text;
}

function tell(itemId: string, text: string, kind: Kind = 'muted'): void {
  outcome = { itemId, text, kind };
  say(text, kind);
}

function stateText(p: ItemPhoto): string {
  if (p.state === 'hashed') return 'hashed';
  if (p.state === 'failed') return `failed${p.error ? `: ${p.error}` : ''}`;
  return p.source === 'url' ? 'pending: the crawler fetches and hashes it before its next sweep' : 'pending';
}

async function remove(api: ApiClient, itemId: string, p: ItemPhoto, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const name =
    p.source === 'upload' ? `Uploaded photo ${p.url.slice('upload:'.length, 'upload:'.length + 12)}…` : p.url;
  tell(itemId, `Removing ${name}…`);
  try {
    if (p.source === 'upload') await api.deleteItemUpload(itemId, p.url.slice('upload:'.length));
    else await api.changeImageUrls(itemId, { remove: [p.url] });
  } catch (e) {
    button.disabled = false;
    return tell(itemId, `${name}: not removed — ${explain(e)}`, 'error');
  }
  tell(itemId, `${name}: removed. Syncing the catalogue and reference photos…`, 'okay');
  await ask({ type: 'catalogue:sync' })
    .then(() => tell(itemId, `${name}: removed; catalogue synced.`, 'okay'))
    .catch((e: unknown) => tell(itemId, `${name}: removed, but the sync failed: ${errorText(e)}`, 'error'));
  await showPhotoList();
}

function row(api: ApiClient, itemId: string, p: ItemPhoto): HTMLLIElement {
  const button = h('button', { attrs: { type: 'button', 'data-url': p.url } }, 'Remove');
  button.addEventListener('click', () => void remove(api, itemId, p, button));
  return h(
    'li',
    { class: 'break', attrs: { 'data-url': p.url, 'data-state': p.state } },
    p.source === 'upload' ? `uploaded (${p.url.slice('upload:'.length, 'upload:'.length + 12)}…)` : p.url,
    ' — ',
    h('span', { class: p.state === 'failed' ? 'error' : p.state === 'hashed' ? 'okay' : 'muted' }, stateText(p)),
    ' ',
    button,
  );
}

/** The chosen item's photos, read from the API; a line saying why when they cannot be. */
export async function showPhotoList(): Promise<void> {
  const mine = ++shown;
  const itemId = select.value;
  const s = await getSettings();
  if (!itemId || !s.apiUrl || !s.token) {
    replace(list);
    return say('');
  }
  const api = new ApiClient(s.apiUrl, s.token);
  let photos: ItemPhoto[];
  try {
    photos = (await api.itemPhotos(itemId)).photos;
  } catch (e) {
    if (mine !== shown) return;
    replace(list);
    return say(`This item's photos cannot be listed: ${explain(e)}`, 'error');
  }
  if (mine !== shown) return;
  replace(list, ...photos.map((p) => row(api, itemId, p)));
  const last = outcome?.itemId === itemId ? outcome : undefined;
  if (photos.length === 0) say(`${last ? `${last.text} ` : ''}This item has no reference photos now.`, last?.kind);
  else say(last?.text ?? '', last?.kind);
}
