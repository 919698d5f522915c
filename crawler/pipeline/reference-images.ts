import { hashReference } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import type { CatalogueItem } from '../../shared/model';
import { decodeImage } from '../image';
import type { ReferenceImageState, Store } from '../store';
import type { PageSource } from './fetch-read';
import { fetchImage, headerOf, imageError, isFetchableUrl } from './image-fetch';
import { keepPhotoThumbnail } from './photo-thumbnails';

/** When reference photos are asked for again; every default is documented. */
export interface ReferenceRefreshOptions {
  /** A hashed photo is asked again (conditionally) after this long. Default 24 h. */
  recheckAfterMs?: number;
  /** A photo that failed is tried again after this long. Default 1 h. */
  retryFailedAfterMs?: number;
  /** Photos fetched at once (the host gate still spaces each host's requests). Default 4. */
  concurrency?: number;
  /**
   * Only photos hashed by an older hash function are fetched (whatever their age, even when their last check
   * failed); new and current ones are left alone, and no row is dropped. Default false.
   */
  staleOnly?: boolean;
  now?: () => number;
}

export interface ReferenceRefreshResult {
  /** Fetched and hashed (new, changed, or hashed with an older hash function). */
  hashed: number;
  /** Uploaded photos hashed again from their kept bytes (hashed with an older hash function). */
  rehashed: number;
  /** Asked again and unchanged (304, or the same bytes). */
  unchanged: number;
  /** Could not be fetched or decoded; the reason is on the row. */
  failed: number;
  /** Fresh enough not to be asked. */
  skipped: number;
}

type Outcome = keyof ReferenceRefreshResult;

/**
 * Every catalogue item's image URLs, fetched and hashed once (through the
 * same fetch stage as pages: robots.txt, host gate, outbound policy) and
 * kept with their hashes and a thumbnail. A hashed photo is only asked again
 * after `recheckAfterMs`, conditionally when the site gave validators, and
 * re-hashed only when its bytes changed or the hash function did (a photo
 * hashed by an older HASH_VERSION is fetched again whatever its age; an
 * uploaded one is hashed again from its kept bytes, see
 * `rehashUploadedReferences`). Until then the index leaves it out: hashes of
 * two versions are never compared. One photo's failure is recorded on its row
 * and never stops the refresh; nothing here throws for a photo.
 */
export async function refreshReferenceImages(
  store: Pick<Store, 'images' | 'evidence'>,
  source: PageSource,
  items: readonly CatalogueItem[],
  opts: ReferenceRefreshOptions = {},
): Promise<ReferenceRefreshResult> {
  const now = opts.now ?? Date.now;
  const recheck = opts.recheckAfterMs ?? 24 * 3_600_000;
  const retry = opts.retryFailedAfterMs ?? 3_600_000;
  const states = new Map<string, ReferenceImageState>();
  for (const s of await store.images.referenceStates()) states.set(`${s.itemId}\n${s.url}`, s);
  const result: ReferenceRefreshResult = { hashed: 0, rehashed: 0, unchanged: 0, failed: 0, skipped: 0 };
  const uploads = await rehashUploadedReferences(store);
  result.rehashed = uploads.rehashed;
  result.failed += uploads.failed;

  const wanted = new Set<string>();
  const tasks: { itemId: string; url: string; state?: ReferenceImageState }[] = [];
  for (const item of items) {
    const urls = [...new Set(item.imageUrls)];
    for (const url of urls) {
      const key = `${item.id}\n${url}`;
      wanted.add(key);
      const state = states.get(key);
      const age = state ? now() - Date.parse(state.checkedAt) : Infinity;
      const current = state?.status === 'ok' && state.hashVersion === HASH_VERSION;
      const older = state?.hashVersion != null && state.hashVersion !== HASH_VERSION;
      if (opts.staleOnly ? !older : (current && age < recheck) || (state?.status === 'failed' && age < retry))
        result.skipped++;
      else tasks.push({ itemId: item.id, url, state });
    }
  }
  // Rows for photos an item no longer lists (only items whose rows say so: no query per item).
  const stale = new Map<string, string[]>();
  const listed = new Map(items.map((i) => [i.id, i.imageUrls]));
  for (const [key, s] of states)
    if (!wanted.has(key) && listed.has(s.itemId)) stale.set(s.itemId, listed.get(s.itemId)!);
  if (!opts.staleOnly) for (const [itemId, urls] of stale) await store.images.dropReferencesExcept(itemId, urls);

  const one = async (t: (typeof tasks)[number]): Promise<Outcome> => {
    if (!isFetchableUrl(t.url)) {
      await store.images.failReference(t.itemId, t.url, 'not an absolute http(s) URL');
      return 'failed';
    }
    const current = t.state?.status === 'ok' && t.state.hashVersion === HASH_VERSION;
    try {
      const got = await fetchImage(
        source,
        t.url,
        current ? { etag: t.state!.etag, lastModified: t.state!.lastModified } : {},
      );
      const validators = got.notModified
        ? {}
        : { etag: headerOf(got.page, 'etag'), lastModified: headerOf(got.page, 'last-modified') };
      if (got.notModified || (current && got.page.sha256 === t.state!.sha256)) {
        await store.images.touchReference(t.itemId, t.url, validators);
        return 'unchanged';
      }
      const pixels = await got.pixels();
      await store.images.saveReference({
        itemId: t.itemId,
        url: t.url,
        sha256: got.page.sha256,
        ...validators,
        contentType: got.page.contentType,
        width: pixels.width,
        height: pixels.height,
        hash: hashReference(pixels),
        thumbSha256: await keepPhotoThumbnail(store, pixels),
      });
      return 'hashed';
    } catch (err) {
      await store.images.failReference(t.itemId, t.url, imageError(err));
      return 'failed';
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const t = tasks[next++]!;
      result[await one(t)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return result;
}

/**
 * Uploaded reference photos hashed by an older hash function, hashed again
 * from the bytes the evidence store kept (decoded with the same caps as on
 * upload), with a thumbnail. Needs no network, so it runs wherever the store
 * is opened for matching: each refresh, `serve` at start, and
 * `counterscan images rehash`. A photo whose bytes are gone or no longer
 * decode is marked failed with the reason (the index leaves it out until it
 * is uploaded again).
 */
export async function rehashUploadedReferences(
  store: Pick<Store, 'images' | 'evidence'>,
): Promise<{ rehashed: number; failed: number }> {
  const out = { rehashed: 0, failed: 0 };
  for (const u of await store.images.staleUploads(HASH_VERSION)) {
    try {
      const kept = await store.evidence.read(u.sha256);
      if (!kept) throw new Error(`the uploaded bytes (evidence ${u.sha256}) are gone: upload the photo again`);
      const pixels = await decodeImage(kept.bytes);
      await store.images.saveReference({
        itemId: u.itemId,
        url: u.url,
        sha256: u.sha256,
        contentType: kept.contentType,
        width: pixels.width,
        height: pixels.height,
        hash: hashReference(pixels),
        thumbSha256: u.thumbSha256 ?? (await keepPhotoThumbnail(store, pixels)),
      });
      out.rehashed++;
    } catch (err) {
      await store.images.failReference(u.itemId, u.url, `re-hashing: ${imageError(err)}`);
      out.failed++;
    }
  }
  return out;
}

/**
 * Reference photos hashed by an older hash function brought up to date, and
 * nothing else asked: uploaded ones hashed again from their bytes; with a
 * fetch stage, URL ones fetched again, while new and current ones are left
 * to the next refresh. `serve` runs it at start and
 * `counterscan images rehash` on demand.
 */
export async function refreshStaleReferences(
  store: Pick<Store, 'images' | 'evidence'>,
  items: readonly CatalogueItem[],
  source?: PageSource,
): Promise<ReferenceRefreshResult> {
  if (source) return refreshReferenceImages(store, source, items, { staleOnly: true });
  const r = await rehashUploadedReferences(store);
  return { hashed: 0, rehashed: r.rehashed, unchanged: 0, failed: r.failed, skipped: 0 };
}
