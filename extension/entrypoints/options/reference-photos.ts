/**
 * Reference photos added from the options page: the holder picks one of the
 * synced catalogue's items, then pastes image URLs or chooses files. URLs are
 * added through the API's add/remove route, on the item's list as the server
 * has it when the request arrives (two people adding at once both land): the
 * crawler fetches and hashes them later through its polite fetcher and
 * outbound policy, never the API. Files go to the upload route, which hashes
 * them at once; one over the API's size cap or of a type it does not decode is
 * refused here, without a request. Each URL and file gets its own line saying
 * what happened; afterwards the catalogue and the reference hashes are synced
 * again and the item's photo list (photo-list.ts) is read again.
 */
import { ImageUrlSchema, REFERENCE_PHOTO_MAX_BYTES, REFERENCE_PHOTO_TYPES } from '../../../shared/model';
import { ApiClient } from '../../utils/api-client';
import { byId, h, replace } from '../../utils/dom';
import { ask, errorText } from '../../utils/pages';
import { catalogueItem, getSettings } from '../../utils/settings';
import { explain, TYPE_NAMES } from './photo-errors';
import { showPhotoList } from './photo-list';

const TYPES: readonly string[] = REFERENCE_PHOTO_TYPES;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

const form = byId<HTMLFormElement>('photos');
const select = byId<HTMLSelectElement>('photoItem');
const urlBox = byId<HTMLTextAreaElement>('photoUrls');
const fileInput = byId<HTMLInputElement>('photoFiles');
const button = byId<HTMLButtonElement>('addPhotos');
const status = byId('photoStatus');
const results = byId('photoResults');

function say(text: string, kind: 'okay' | 'error' | 'muted' = 'muted'): void {
  status.className = kind;
  status.textContent = text;
}

function result(text: string, ok: boolean): void {
  results.append(h('li', { class: `${ok ? 'okay' : 'error'} break` }, text));
}

/** The URL box's lines, each checked as the API checks a new URL: the URLs, or the first bad line's problem. */
function readUrls(text: string): string[] | string {
  const urls: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (!raw.trim()) continue;
    const checked = ImageUrlSchema.safeParse(raw);
    if (!checked.success)
      return `Line ${i + 1} (${raw.trim().slice(0, 80)}): ${checked.error.issues[0]?.message ?? 'not an image URL'}.`;
    urls.push(checked.data);
  }
  return [...new Set(urls)];
}

/** The item picker, from the synced catalogue; the choice is kept across syncs. */
export async function showPhotoItems(): Promise<void> {
  const cache = await catalogueItem.getValue();
  const chosen = select.value;
  const items = [...(cache?.items ?? [])].sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  replace(
    select,
    ...(items.length === 0
      ? [h('option', { attrs: { value: '' } }, 'Sync the catalogue first')]
      : items.map((i) =>
          h(
            'option',
            { attrs: { value: i.id, selected: i.id === chosen } },
            `${i.title} (${i.id}) — ${i.imageUrls.length} image URL${i.imageUrls.length === 1 ? '' : 's'}`,
          ),
        )),
  );
  select.disabled = items.length === 0;
  await showPhotoList();
}

/** The URLs added to the item's list as the server has it now; a line per URL. How many are on it now. */
async function addUrls(api: ApiClient, itemId: string, urls: string[]): Promise<number> {
  try {
    const { added } = await api.changeImageUrls(itemId, { add: urls });
    const fresh = new Set(added);
    for (const u of urls)
      result(
        fresh.has(u)
          ? `${u}: added; the crawler fetches and hashes it before its next sweep`
          : `${u}: already one of the item's photos`,
        true,
      );
    return urls.length;
  } catch (e) {
    result(`${urls.length === 1 ? urls[0] : `${urls.length} URLs`}: not added — ${explain(e)}`, false);
    return 0;
  }
}

async function uploadFiles(api: ApiClient, itemId: string, files: File[]): Promise<number> {
  let added = 0;
  for (const f of files) {
    try {
      const r = await api.uploadItemImage(itemId, f, f.name);
      result(`${f.name}: added and hashed (${r.width} × ${r.height} pixels, detail ${r.quality})`, true);
      added++;
    } catch (e) {
      result(`${f.name}: not added — ${explain(e, f)}`, false);
    }
  }
  return added;
}

async function addPhotos(): Promise<void> {
  replace(results);
  const s = await getSettings();
  if (!s.apiUrl || !s.token) return say('Connect to the review API first (its URL and a token, above).', 'error');
  const itemId = select.value;
  if (!itemId) return say('Pick a catalogue item (sync the catalogue first if there is none).', 'error');
  const urls = readUrls(urlBox.value);
  if (typeof urls === 'string') return say(urls, 'error');
  const files = [...(fileInput.files ?? [])];
  const wrong = files.find((f) => !TYPES.includes(f.type));
  if (wrong) return say(`${wrong.name}: unsupported type ${wrong.type || 'unknown'}; ${TYPE_NAMES} only.`, 'error');
  const big = files.find((f) => f.size > REFERENCE_PHOTO_MAX_BYTES);
  if (big)
    return say(
      `${big.name}: too large (${mib(big.size)}); the review API takes photos of at most ` +
        `${mib(REFERENCE_PHOTO_MAX_BYTES)}.`,
      'error',
    );
  if (urls.length === 0 && files.length === 0) return say('Paste an image URL or choose an image file.', 'error');

  button.disabled = true;
  say('Adding…');
  const api = new ApiClient(s.apiUrl, s.token);
  try {
    const urlsDone = urls.length > 0 ? await addUrls(api, itemId, urls) : 0;
    const filesDone = await uploadFiles(api, itemId, files);
    const added = urlsDone + filesDone;
    const asked = urls.length + files.length;
    // What went through is cleared; what did not stays, to be put right and sent again.
    if (urlsDone === urls.length) urlBox.value = '';
    if (filesDone === files.length) fileInput.value = '';
    if (added === 0) return say('None added: see why below.', 'error');
    say(`${added} of ${asked} added. Syncing the catalogue and reference photos…`, 'okay');
    // The reference hashes follow each catalogue sync (the background's watch): uploads count at once.
    await ask({ type: 'catalogue:sync' })
      .then(() => say(`${added} of ${asked} added; catalogue synced.`, added === asked ? 'okay' : 'error'))
      .catch((e: unknown) => say(`${added} of ${asked} added, but the sync failed: ${errorText(e)}`, 'error'));
  } finally {
    button.disabled = false;
    void showPhotoList();
  }
}

select.addEventListener('change', () => void showPhotoList());

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void addPhotos();
});
