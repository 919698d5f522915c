/**
 * The matched photo pair of a cited listing whose hit has an `image_match`: the listing's photo and the
 * holder's reference photo, as the thumbnails the evidence store keeps (the side panel's pair), put in the
 * listing's folder so a reader of the package compares them offline. A thumbnail that cannot be had leaves
 * its file out and says why; the package is built all the same.
 */
import { createHash } from 'node:crypto';
import { IMAGE_MATCH_SIGNAL, photoPairOf } from '../../shared/match/image-signal';
import { pairThumbnail } from '../pipeline';
import type { NoticeListingEvidence, Store } from '../store';

/** One half of the pair: the photo the signal names and its thumbnail's file in the package, if one. */
export interface PackagePhoto {
  /** The photo as the signal names it: a URL, `evidence:<sha256>` (a flag's photo) or `upload:<sha256>`. */
  url: string;
  /** The thumbnail's file in the listing's folder; null when none could be had (`missing` says why). */
  path: string | null;
  sha256: string | null;
  /** `kept`: the thumbnail kept when the photo was hashed; `evidence`: made from evidence bytes for the package. */
  source: 'kept' | 'evidence' | null;
  missing?: string;
}

/** Which listing photo matched which reference photo, how closely, and the two thumbnails. */
export interface PackageImageMatch {
  /** The signal's own words, as the reviewer read them. */
  evidence: string;
  weight: number;
  /** The whole photo, or a crop window of the reference photo. */
  kind: 'whole' | 'crop';
  /** Hamming distance between the two hashes, of `bits` (256 for the whole photo, 64 for a crop window). */
  distance: number | null;
  bits: number | null;
  mirrored: boolean;
  listingPhoto: PackagePhoto;
  referencePhoto: PackagePhoto;
}

export interface PhotoFile {
  path: string;
  sha256: string;
  size: number;
  contentType: string;
  kind: 'listing_photo' | 'reference_photo';
}

const FILE_NAME = { listing: 'photo-listing.jpg', reference: 'photo-reference.jpg' } as const;

/** The pair's files (none when the hit has no image match) and what the manifest says of them. */
export async function matchedPhotoFiles(
  store: Pick<Store, 'evidence' | 'images'>,
  l: NoticeListingEvidence,
  folder: string,
): Promise<{ imageMatch: PackageImageMatch | null; files: PhotoFile[]; entries: [string, Uint8Array][] }> {
  const signal = l.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL);
  const pair = photoPairOf(signal?.evidence);
  if (!signal || !pair) return { imageMatch: null, files: [], entries: [] };
  const files: PhotoFile[] = [];
  const entries: [string, Uint8Array][] = [];
  const half = async (side: 'listing' | 'reference'): Promise<PackagePhoto> => {
    const url = side === 'listing' ? pair.listingImageUrl : pair.referenceUrl;
    // A thumbnail is for people to look at: its failure leaves the file out, never the notice's package.
    const thumb = await pairThumbnail(store, l.itemId, pair, side).catch(() => undefined);
    if (!thumb)
      return {
        url,
        path: null,
        sha256: null,
        source: null,
        missing:
          `no thumbnail of the ${side} photo: none was kept when it was hashed (before thumbnails were kept), ` +
          'and no readable evidence bytes to make one from',
      };
    const path = `${folder}/${FILE_NAME[side]}`;
    const sha256 = createHash('sha256').update(thumb.bytes).digest('hex');
    entries.push([path, thumb.bytes]);
    files.push({ path, sha256, size: thumb.bytes.byteLength, contentType: 'image/jpeg', kind: `${side}_photo` });
    return { url, path, sha256, source: thumb.source };
  };
  const listingPhoto = await half('listing');
  const referencePhoto = await half('reference');
  return {
    imageMatch: {
      evidence: signal.evidence,
      weight: signal.weight,
      kind: pair.kind,
      distance: pair.distance,
      bits: pair.bits,
      mirrored: pair.mirrored,
      listingPhoto,
      referencePhoto,
    },
    files,
    entries,
  };
}
