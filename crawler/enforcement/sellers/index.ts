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
export { aggregateSellers, CONFIRMED_STATUSES, sellerListingRows, type SellerFilter, type SellerListingRow } from './aggregate';
export {
  createSellerRepository,
  loadSellerBoostIndex,
  type BlacklistEntry,
  type RefreshOptions,
  type RefreshSummary,
  type SellerListFilter,
  type SellerRecord,
  type SellerRepository,
} from './repo';
export { topSellers, type TopSeller, type TopSellersOptions } from './figures';
export { sellersToCsv, topSellersToCsv } from './csv';
