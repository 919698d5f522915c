/**
 * The listing pipeline: how a fetched page becomes a stored listing and, when it matches the
 * catalogue, a hit with its evidence. Written once; the runners, the queue workers,
 * verification and the flag route all call it.
 */
export { extractFetched } from './extract';
export { holdersOf, matchListing, type Matching } from './match';
export { processListingPage, type ListingOutcome, type ListingPipelineContext } from './listing-pipeline';
export { recordListing, recordRelist } from './record';
export {
  bestWithSellerBoost,
  boostForSeller,
  REPEAT_INFRINGER_SIGNAL,
  REPEAT_INFRINGER_WEIGHT,
  type BoostOptions,
  type BoostSeller,
  type SellerBoostIndex,
} from './seller-boost';
