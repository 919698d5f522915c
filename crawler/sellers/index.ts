/**
 * Repeat infringers: sellers per site, linked across sites (name, shop URL,
 * contact), their confirmed infringements in a rolling window and reach, a
 * risk score with reasons, a blacklist (by score or by hand, audited) with
 * CSV export, a scoring boost for new listings of blacklisted sellers, and
 * top sellers by confirmed listings and estimated turnover with
 * criminal-referral candidates.
 */
export { extractContacts, linkSellers, normaliseSellerName, sellerKey, shopUrlKey, type SellerNode } from './identity';
export { RISK_WEIGHTS, sellerRisk, sumFigures, type SellerFigures } from './risk';
export { DEFAULT_REFERRAL_THRESHOLDS, referralVerdict, type ReferralThresholds } from './referral';
export { blacklistSeller, refreshSellers, unblacklistSeller } from './refresh';
export { loadSellerBoostIndex, sellerOfListing } from './boost-index';
export { topSellers, type TopSeller } from './top';
export { sellersToCsv, topSellersToCsv } from './csv';
export { type SellerRepository } from '../store';
