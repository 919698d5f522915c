/**
 * A page's listing photos, matched here against the reference photos: each
 * fetched by the service worker (the sites' host permissions; no cookies,
 * no referrer), its declared size checked before anything is decoded,
 * decoded with createImageBitmap onto an OffscreenCanvas, and hashed with the
 * crawler's own pure-TypeScript hash (shared/image), so the same photo gives
 * the same bits, distances and signal on both sides. Bounded: the listing's
 * first photos only (as the crawler), a byte and a pixel cap, a budget of
 * fetches per page, and a cache by URL so a photo shown twice is fetched once.
 */
import { hashImageData, type ImageHash } from '../../../shared/image';
import { imageInfo } from '../../../shared/image/sniff';
import type { ListingImageMatch } from '../../../shared/match/image-signal';
import type { ListingLite } from '../../utils/messages';
import { PhotoCache } from './photo-cache';
import { referenceIndex } from './reference-photos';

/** A listing's photos looked at, first ones first: the crawler's images stage default. */
const PER_LISTING = 4;
/** Photos fetched for one page (tab and URL); cached ones are free. */
const PER_PAGE = 40;
/** Largest photo downloaded, in bytes. */
const MAX_BYTES = 8 * 1024 * 1024;
/** Largest photo decoded (width × height, as its header declares): 16 megapixels, 64 MB of RGBA. */
const MAX_PIXELS = 16_000_000;
const TIMEOUT_MS = 15_000;
const CACHE_SIZE = 400;
/** Fetched at once, for every page together. */
const CONCURRENCY = 4;

/** A photo that cannot be used, with the reason (kept in the cache: it is not asked again). */
class PhotoError extends Error {
  override readonly name = 'PhotoError';
}

const cache = new PhotoCache<ImageHash>({ perPage: PER_PAGE, size: CACHE_SIZE });
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The body, refused once it passes `max` bytes (a declared length is not trusted). */
async function readCapped(res: Response, max: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) throw new PhotoError(`photo is ${declared} bytes, over the ${max}-byte cap`);
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(await res.arrayBuffer());
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new PhotoError(`photo is over the ${max}-byte cap`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function checkType(contentType: string | null): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'image/svg+xml')
    throw new PhotoError('SVG is not accepted: a document (it may carry script), not pixels');
  if (type !== '' && !type.startsWith('image/') && !type.endsWith('/octet-stream'))
    throw new PhotoError(`not an image: served as ${type}`);
}

/** Encoded bytes → the hash, through the browser's decoder; sRGB pixels as the crawler's sharp gives them. */
async function hashBytes(bytes: Uint8Array): Promise<ImageHash> {
  const info = imageInfo(bytes);
  if (!info) throw new PhotoError('not a JPEG, PNG, GIF, WebP or AVIF image');
  if (info.width * info.height > MAX_PIXELS)
    throw new PhotoError(`photo declares ${info.width} × ${info.height} pixels, over the ${MAX_PIXELS}-pixel cap`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'default',
    });
  } catch (e) {
    throw new PhotoError(`cannot decode the ${info.format} photo: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true });
    if (!ctx) throw new PhotoError('no 2D canvas to decode on');
    ctx.drawImage(bitmap, 0, 0);
    return hashImageData(ctx.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' }));
  } finally {
    bitmap.close();
  }
}

async function fetchAndHash(url: string): Promise<ImageHash> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'follow',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new PhotoError(`cannot fetch: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new PhotoError(`HTTP ${res.status}`);
  checkType(res.headers.get('content-type'));
  return hashBytes(await readCapped(res, MAX_BYTES));
}

const isHttp = (u: string) => /^https?:\/\//i.test(u);

/**
 * The reference photos a listing's photos match (none when no reference
 * photo is known, nothing fetched then). `page` names the page they were
 * read on, whose fetch budget they spend.
 */
export async function listingPhotoMatches(listing: ListingLite, page: string): Promise<ListingImageMatch[]> {
  const index = await referenceIndex();
  if (!index || index.size === 0) return [];
  const urls = [...new Set(listing.images ?? [])].filter(isHttp).slice(0, PER_LISTING);
  const perPhoto = await Promise.all(
    urls.map(async (url) => {
      const hash = await cache.get(url, page, () => slot(() => fetchAndHash(url)))?.catch(() => undefined);
      return hash ? index.lookup(hash).map((h) => ({ ...h, listingImageUrl: url })) : [];
    }),
  );
  return perPhoto.flat();
}
