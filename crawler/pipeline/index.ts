/**
 * The listing pipeline: how a fetched page becomes a stored listing and, when it matches the
 * catalogue, a hit with its evidence (classify → extract → images → match → record). Written
 * once; the runners, the queue workers and verification all call it.
 */
export { assertReadable, BlockedPageError, type ClassifiablePage } from './classify';
export { blockStats, noteBlock } from './blocks';
export { fetchAndRead } from './fetch-read';
export { holdersOf, matchListing } from './match';
export { processListingPage, type ListingPipelineContext } from './listing-pipeline';
export { recordBlockedPage, recordRelist } from './record';
export { refreshReferenceImages, refreshStaleReferences } from './reference-images';
export { imageMatching } from './images';
export { matchFlagPhotos } from './flag-photos';
export { keepPhotoThumbnail, pairThumbnail } from './photo-thumbnails';
export { authorisedFor, IMAGE_MATCH_SIGNAL, withNamedItemPhotos } from '../../shared/match/image-signal';
export {
  bestWithSellerBoost,
  boostForSeller,
  REPEAT_INFRINGER_WEIGHT,
  type BoostSeller,
  type SellerBoostIndex,
} from './seller-boost';
