import { hashImage, type ImageHash } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import type { CatalogueItem, Listing } from '../../shared/model';
import type { ReferenceImageHit, ReferenceImageIndex } from '../image';
import type { Store } from '../store';
import type { PageSource } from './fetch-read';
import { fetchImage, imageError, isFetchableUrl } from './image-fetch';

/** What `authorised` reads of a listing. */
export type SoldBy = Partial<Pick<Listing, 'url' | 'seller'>>;

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

/** A listing photo that matched a reference photo. */
export interface ListingImageMatch extends ReferenceImageHit {
  listingImageUrl: string;
}

const itemMaps = new WeakMap<readonly CatalogueItem[], Map<string, CatalogueItem>>();

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Whether a listing is the item's own: its seller (id or name) is one of the
 * item's authorised sellers or its host is one of the item's official domains.
 */
export function authorisedFor(items: readonly CatalogueItem[]): ImageMatching['authorised'] {
  // A queue worker makes one per listing job over the same cached items: the map is made once per items array.
  let byId = itemMaps.get(items);
  if (!byId) itemMaps.set(items, (byId = new Map(items.map((i) => [i.id, i]))));
  return (listing, itemId) => {
    const item = byId.get(itemId);
    if (!item) return false;
    const names = [listing.seller?.id, listing.seller?.name].filter((n): n is string => !!n).map(norm);
    if (item.authorisedSellers.some((a) => names.includes(norm(a)))) return true;
    let host = '';
    try {
      host = new URL(listing.url ?? '').hostname.toLowerCase();
    } catch {
      return false;
    }
    return item.officialDomains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
  };
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
 * photo lately), hashed, kept, and looked up among the reference photos.
 * A photo that cannot be fetched or decoded is recorded with its reason and
 * skipped; the stage never fails the listing. Nothing is fetched when no
 * reference photo is known.
 */
export async function matchListingImages(
  store: Pick<Store, 'images'>,
  listing: Listing,
  m: ImageMatching,
): Promise<ListingImageMatch[]> {
  if (m.index.size === 0) return [];
  const urls = [...new Set(listing.images)].filter(isFetchableUrl).slice(0, m.maxImages ?? 4);
  const since = new Date(Date.now() - (m.reuseForMs ?? 7 * 86_400_000)).toISOString();
  const perPhoto = await Promise.all(
    urls.map(async (url): Promise<ListingImageMatch[]> => {
      let hash: ImageHash;
      try {
        const known = await store.images.listingImageHash(url, HASH_VERSION, since);
        if (known) {
          hash = known.hash;
          await store.images.saveListingImage({ listingUrl: listing.url, imageUrl: url, sha256: known.sha256, hash });
        } else {
          const got = await fetchImage(m.source, url);
          if (got.notModified) return [];
          hash = hashImage(await got.pixels());
          await store.images.saveListingImage({
            listingUrl: listing.url,
            imageUrl: url,
            sha256: got.page.sha256,
            hash,
          });
        }
      } catch (err) {
        await store.images.failListingImage(listing.url, url, imageError(err)).catch(() => undefined);
        return [];
      }
      return m.index.lookup(hash).map((h) => ({ ...h, listingImageUrl: url }));
    }),
  );
  return perPhoto.flat();
}
