import { hashImage, type ImageHash } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { decodeImage, type ReferenceImageIndex } from '../image';
import type { Store } from '../store';
import type { ListingImageMatch } from '../../shared/match/image-signal';
import { imageError } from './image-fetch';

/** What a flag brings to be compared with the reference photos. */
export interface FlagPhotos {
  /** The listing's image URLs (the first `maxImages`). */
  imageUrls: readonly string[];
  /** SHA-256s of evidence the flagger uploaded (already checked citeable); image ones are decoded. */
  evidence: readonly string[];
  /** Only these items' photos count (the caller's catalogue). */
  itemIds: ReadonlySet<string>;
  maxImages?: number;
  /** A listing photo hashed within this long is reused. Default 7 days. */
  reuseForMs?: number;
}

export interface FlagPhotoMatches {
  matches: ListingImageMatch[];
  /** Evidence images that could not be used, with the reason. */
  refused: { sha256: string; reason: string }[];
}

/**
 * A flag's photos against the reference photos, without fetching anything:
 * the listing's image URLs count when a sweep hashed them lately (the API is
 * no proxy that fetches whatever URL a client names), and uploaded evidence
 * images (a screenshot, the listing's photo saved by the flagger) are read
 * from the evidence store, decoded with the same caps as fetched photos and
 * hashed. Matches are kept to the caller's items; an unreadable upload is
 * reported, never fatal to the flag.
 */
export async function matchFlagPhotos(
  store: Pick<Store, 'images' | 'evidence'>,
  index: ReferenceImageIndex,
  f: FlagPhotos,
): Promise<FlagPhotoMatches> {
  const out: FlagPhotoMatches = { matches: [], refused: [] };
  if (index.size === 0) return out;
  const since = new Date(Date.now() - (f.reuseForMs ?? 7 * 86_400_000)).toISOString();
  const photos: { url: string; hash: ImageHash }[] = [];
  for (const url of [...new Set(f.imageUrls)].slice(0, f.maxImages ?? 4)) {
    const known = await store.images.listingImageHash(url, HASH_VERSION, since);
    if (known) photos.push({ url, hash: known.hash });
  }
  for (const sha256 of new Set(f.evidence)) {
    const got = await store.evidence.read(sha256);
    if (!got || !got.contentType.startsWith('image/')) continue;
    try {
      photos.push({ url: `evidence:${sha256}`, hash: hashImage(await decodeImage(got.bytes)) });
    } catch (err) {
      out.refused.push({ sha256, reason: imageError(err) });
    }
  }
  for (const p of photos)
    for (const hit of index.lookup(p.hash))
      if (f.itemIds.has(hit.itemId)) out.matches.push({ ...hit, listingImageUrl: p.url });
  return out;
}
