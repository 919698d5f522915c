import type { RgbaImage } from '../../shared/image';
import type { PhotoPair } from '../../shared/match/image-signal';
import { decodeImage, photoThumbnailJpeg } from '../image';
import type { Store } from '../store';

/**
 * A photo's thumbnail kept in the evidence store (content-addressed), its
 * SHA-256; null when it could not be made: a thumbnail is for people to look
 * at, and its failure never costs the photo its match.
 */
export async function keepPhotoThumbnail(
  store: Pick<Store, 'evidence'>,
  pixels: RgbaImage,
  listingUrl?: string,
): Promise<string | null> {
  try {
    const jpeg = await photoThumbnailJpeg(pixels);
    return await store.evidence.save(jpeg, {
      kind: 'photo_thumbnail',
      contentType: 'image/jpeg',
      capturedAt: new Date().toISOString(),
      ...(listingUrl ? { listingUrl } : {}),
    });
  } catch {
    return null;
  }
}

/** One half of a hit's matched photo pair, as a thumbnail, and where it came from. */
export interface PairThumbnail {
  bytes: Uint8Array;
  /** `kept`: the thumbnail kept when the photo was hashed; `evidence`: made now from evidence bytes. */
  source: 'kept' | 'evidence';
}

/**
 * A thumbnail of one side of an `image_match` pair (`photoPairOf`): the one kept when the photo was hashed, or one
 * made from bytes the evidence store holds (an uploaded reference `upload:<sha256>`, a flag's photo
 * `evidence:<sha256>`). Nothing is fetched from a photo's URL; undefined when no thumbnail can be had.
 */
export async function pairThumbnail(
  store: Pick<Store, 'evidence' | 'images'>,
  itemId: string,
  pair: PhotoPair,
  side: 'listing' | 'reference',
): Promise<PairThumbnail | undefined> {
  const kept = async (sha: string | null): Promise<PairThumbnail | undefined> => {
    const bytes = sha ? (await store.evidence.read(sha))?.bytes : undefined;
    return bytes ? { bytes, source: 'kept' } : undefined;
  };
  const fromEvidence = async (ref: string): Promise<PairThumbnail | undefined> => {
    const sha = /^(?:upload|evidence):([0-9a-f]{64})$/.exec(ref)?.[1];
    const stored = sha ? await store.evidence.read(sha) : null;
    if (!stored || !stored.contentType.startsWith('image/')) return undefined;
    // Evidence that no longer decodes (a truncated upload) has no thumbnail; it is not an error of the caller's.
    const bytes = await decodeImage(stored.bytes)
      .then(photoThumbnailJpeg)
      .catch(() => undefined);
    return bytes ? { bytes, source: 'evidence' } : undefined;
  };
  if (side === 'reference')
    return (
      (await kept(await store.images.referenceThumb(itemId, pair.referenceUrl))) ??
      (await fromEvidence(pair.referenceUrl))
    );
  return pair.listingImageUrl.startsWith('evidence:')
    ? fromEvidence(pair.listingImageUrl)
    : kept(await store.images.listingImageThumb(pair.listingImageUrl));
}
