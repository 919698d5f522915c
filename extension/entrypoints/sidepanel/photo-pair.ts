/**
 * A hit's matched photo pair, side by side: the listing's photo and the
 * holder's reference photo that its `image_match` names. The page's CSP
 * takes no remote image, and the photos' own URLs are the sites' (a listing
 * photo may be gone by now): the review API serves a thumbnail of each, kept
 * when the photo was hashed, fetched with the token and shown from a blob:
 * URL.
 */
import { IMAGE_MATCH_SIGNAL, photoPairOf } from '../../../shared/match/image-signal';
import type { ApiClient } from '../../utils/api-client';
import type { HitView } from '../../utils/api-schemas';
import { h, replace } from '../../utils/dom';
import { errorText } from '../../utils/pages';

/** The pair's element (null when the hit has no image match); `keep` is given each object URL made, to revoke. */
export function photoPair(api: ApiClient, hit: HitView, keep: (objectUrl: string) => void): HTMLElement | null {
  const pair = photoPairOf(hit.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL)?.evidence);
  if (!pair) return null;
  const half = (side: 'listing' | 'reference', label: string, url: string) => {
    const shown = h('span', { class: 'muted' }, 'Loading…');
    void api
      .hitPhoto(hit.id, side)
      .then((blob) => {
        // Only the JPEG the API makes is rendered; anything else is not an image of ours.
        if (blob.type !== 'image/jpeg') throw new Error(`not a thumbnail (${blob.type || 'no type'})`);
        const objectUrl = URL.createObjectURL(blob);
        keep(objectUrl);
        replace(shown, h('img', { class: 'thumb', attrs: { src: objectUrl, alt: label } }));
      })
      .catch((e: unknown) => replace(shown, `no thumbnail (${errorText(e)})`));
    return h(
      'figure',
      { class: 'photo', attrs: { 'data-side': side } },
      shown,
      h('figcaption', { class: 'muted break', attrs: { title: url } }, label),
    );
  };
  return h(
    'div',
    { class: 'pair', attrs: { 'data-testid': 'photo-pair' } },
    half('listing', 'listing photo', pair.listingImageUrl),
    half('reference', 'reference photo', pair.referenceUrl),
  );
}
