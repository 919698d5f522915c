import { hashImage } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { authorisedFor, type ListingImageMatch, type SoldBy } from '../../shared/match/image-signal';
import type { CatalogueItem, Listing } from '../../shared/model';
import type { ReferenceImageIndex } from '../image';
import type { Store } from '../store';
import type { PageSource } from './fetch-read';
import { fetchImage, imageError, isFetchableUrl } from './image-fetch';
import { keepPhotoThumbnail } from './photo-thumbnails';

/** What the images stage needs: the reference photos' index, a fetch stage, and who may sell what. */
export interface ImageMatching {
  index: ReferenceImageIndex;
  source: PageSource;
  /**
   * Whether the listing's seller or site is the item's own or authorised (an image match never makes those a suspect).
   */
  authorised(listing: SoldBy, itemId: string): boolean;
  /** A listing's photos fetched, first ones first. Default 4. */
  maxImages?: number;
  /** A photo hashed (for any listing) within this long is not fetched again. Default 7 days. */
  reuseForMs?: number;
}

/** The ImageMatching for a catalogue, with `authorisedFor` its items. */
export function imageMatching(
  o: Omit<ImageMatching, 'authorised'> & { items: readonly CatalogueItem[] },
): ImageMatching {
  const { items, ...rest } = o;
  return { ...rest, authorised: authorisedFor(items) };
}

/**
 * The images stage, between extract and match: the listing's first photos
 * fetched politely (or their hash reused when another listing showed the same
 * photo lately), hashed, kept, and looked up among the reference photos;
 * one that matched also keeps a thumbnail (the listing's half of the pair a
 * reviewer sees). A photo that cannot be fetched or decoded is recorded with its reason and
 * skipped; the stage never fails the listing. Nothing is fetched when no
 * reference photo is known.
 */
export async function matchListingImages(
  store: Pick<Store, 'images' | 'evidence'>,
  listing: Listing,
  m: ImageMatching,
): Promise<ListingImageMatch[]> {
  if (m.index.size === 0) return [];
  const urls = [...new Set(listing.images)].filter(isFetchableUrl).slice(0, m.maxImages ?? 4);
  const since = new Date(Date.now() - (m.reuseForMs ?? 7 * 86_400_000)).toISOString();
  const perPhoto = await Promise.all(
    urls.map(async (url): Promise<ListingImageMatch[]> => {
      try {
        const known = await store.images.listingImageHash(url, HASH_VERSION, since);
        if (known) {
          const hits = m.index.lookup(known.hash);
          // A photo that matches now but was hashed when it did not has no thumbnail: it is fetched again for one.
          if (hits.length === 0 || known.thumbSha256) {
            await store.images.saveListingImage({
              listingUrl: listing.url,
              imageUrl: url,
              sha256: known.sha256,
              hash: known.hash,
              thumbSha256: known.thumbSha256,
            });
            return hits.map((h) => ({ ...h, listingImageUrl: url }));
          }
        }
        const got = await fetchImage(m.source, url);
        if (got.notModified) return [];
        const pixels = await got.pixels();
        const hash = hashImage(pixels);
        const hits = m.index.lookup(hash);
        // Only a photo that matched keeps a thumbnail: it is the listing's half of the pair a reviewer sees.
        const thumbSha256 = hits.length > 0 ? await keepPhotoThumbnail(store, pixels, listing.url) : null;
        await store.images.saveListingImage({
          listingUrl: listing.url,
          imageUrl: url,
          sha256: got.page.sha256,
          hash,
          thumbSha256,
        });
        return hits.map((h) => ({ ...h, listingImageUrl: url }));
      } catch (err) {
        await store.images.failListingImage(listing.url, url, imageError(err)).catch(() => undefined);
        return [];
      }
    }),
  );
  return perPhoto.flat();
}
