/**
 * The catalogue's reference photos for local matching: their hashes synced
 * from the review API with the catalogue, kept in IndexedDB, and the index
 * built from them (the crawler's, from shared/) while the service worker
 * lives. Only hashes made by this extension's own hash function are used:
 * a server on another HASH_VERSION gives no photo matches, and says so,
 * rather than distances between bits that do not correspond.
 */
import { HASH_VERSION } from '../../../shared/image/image-hash';
import { ReferenceImageIndex } from '../../../shared/image/reference-index';
import { referenceFromWire, type ReferenceHashWire } from '../../../shared/image/wire';
import { ApiClient } from '../../utils/api-client';
import { photoDb } from '../../utils/photo-db';
import { catalogueItem, getSettings, referencePhotosItem, type ReferencePhotosStatus } from '../../utils/settings';

const MAX_PHOTOS = 50_000;

async function fetchAll(
  api: ApiClient,
  holderId: string | undefined,
): Promise<Omit<ReferencePhotosStatus, 'syncedAt'>> {
  const images: ReferenceHashWire[] = [];
  let hashVersion = HASH_VERSION;
  let cursor: string | null = null;
  do {
    const page = await api.referenceImages(cursor, holderId);
    hashVersion = page.hashVersion;
    images.push(...page.images);
    cursor = page.nextCursor;
  } while (cursor && images.length < MAX_PHOTOS);
  const usable = hashVersion === HASH_VERSION;
  await photoDb.put({
    apiUrl: api.baseUrl,
    hashVersion,
    images: usable ? images : [],
    syncedAt: new Date().toISOString(),
  });
  index = undefined;
  if (usable) return { count: images.length };
  return {
    count: 0,
    note:
      `the server hashes photos with version ${hashVersion} of the hash function, this extension with ` +
      `${HASH_VERSION}: photos are not matched until both are updated`,
  };
}

/**
 * Every reference photo's hash the token may see, fetched after each
 * catalogue sync and kept; the options page shows how many (or why none).
 * A server without them, or failing on them, leaves the catalogue as synced.
 */
export async function syncReferencePhotos(): Promise<ReferencePhotosStatus> {
  const [s, cache] = await Promise.all([getSettings(), catalogueItem.getValue()]);
  let status: Omit<ReferencePhotosStatus, 'syncedAt'>;
  if (!s.apiUrl || !s.token || !cache) status = { count: 0 };
  else {
    const holderId = cache.me.role === 'holder' ? (cache.me.holderId ?? undefined) : undefined;
    status = await fetchAll(new ApiClient(s.apiUrl, s.token), holderId).catch((e: unknown) => ({
      count: 0,
      note: `not synced: ${e instanceof Error ? e.message : String(e)}`,
    }));
  }
  const out = { ...status, syncedAt: new Date().toISOString() };
  await referencePhotosItem.setValue(out);
  return out;
}

let index: Promise<ReferenceImageIndex | undefined> | undefined;

async function build(): Promise<ReferenceImageIndex | undefined> {
  const set = await photoDb.get();
  if (!set || set.hashVersion !== HASH_VERSION || set.images.length === 0) return undefined;
  const refs = [];
  for (const w of set.images) {
    if (w.version !== HASH_VERSION) continue;
    try {
      refs.push(referenceFromWire(w));
    } catch {
      // A photo whose windows are not this grid's: left out, like one of another version.
    }
  }
  return refs.length > 0 ? new ReferenceImageIndex(refs) : undefined;
}

/** The reference photos' index (undefined: none to match against), built once per service worker. */
export function referenceIndex(): Promise<ReferenceImageIndex | undefined> {
  index ??= build().catch(() => {
    index = undefined;
    return undefined;
  });
  return index;
}
