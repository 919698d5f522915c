/**
 * Repeat infringers: sellers per site, linked across sites (name, shop URL,
 * contact), their confirmed infringements in a rolling window and reach, a
 * risk score with reasons, a blacklist (by score or by hand, audited) with
 * CSV export, a scoring boost for new listings of blacklisted sellers, and
 * top sellers by confirmed listings and estimated turnover with
 * criminal-referral candidates.
 */
export { extractContacts, linkSellers, normaliseSellerName, sellerKey, shopUrlKey, type SellerLink, type SellerLinking, type SellerNode } from './identity';
export { RISK_DEFAULTS, RISK_WEIGHTS, sellerRisk, sumFigures, type ManualEntry, type RiskOptions, type SellerFigures, type SellerRisk } from './risk';
export { DEFAULT_REFERRAL_THRESHOLDS, referralVerdict, type ReferralThresholds, type ReferralVerdict } from './referral';
export { aggregateSellers, type AggregatedSeller } from './aggregate';
export { blacklistSeller, refreshSellers, unblacklistSeller, type RefreshOptions, type RefreshSummary } from './refresh';
export { loadSellerBoostIndex, sellerOfListing } from './boost-index';
export { topSellers, type TopSeller, type TopSellersOptions } from './top';
export { sellersToCsv, topSellersToCsv } from './csv';
export {
  CONFIRMED_STATUSES,
  type BlacklistEntry,
  type SellerFilter,
  type SellerListFilter,
  type SellerListingRow,
  type SellerRecord,
  type SellerRepository,
} from '../store';
