import type { RgbaImage } from '../../shared/image';
import { photoThumbnailJpeg } from '../image';
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
