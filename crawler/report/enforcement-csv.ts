import type { EnforcementCounts, EnforcementFigures } from './enforcement-figures';
import { formatDuration, formatTurnover } from './enforcement-format';

/**
 * RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula (as report/csv.ts does).
 */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const table = (header: readonly string[], rows: readonly unknown[][]) =>
  [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';

export const GROUP_COLUMNS = [
  'group',
  'campaign',
  'site',
  'holder_id',
  'holder_name',
  'item_id',
  'item_title',
  'hits',
  'confirmed',
  'noticed',
  'removed',
  'removal_rate',
  'median_time_to_removal_ms',
  'median_time_to_removal',
  'relisted',
  'still_up',
  'checks',
] as const;

const counts = (c: EnforcementCounts) => [
  c.hits,
  c.confirmed,
  c.noticed,
  c.removed,
  c.removalRate.toFixed(3),
  c.medianTimeToRemovalMs === null ? '' : Math.round(c.medianTimeToRemovalMs),
  c.medianTimeToRemovalMs === null ? '' : formatDuration(c.medianTimeToRemovalMs),
  c.relisted,
  c.stillUp,
  c.checks,
];

/**
 * One row per group, all with the same columns: `overall` first, then each
 * site, holder and item (`group` says which; the other dimensions are
 * empty). The filter's own site or holder, when set, is repeated on every row.
 */
export function enforcementToCsv(f: EnforcementFigures): string {
  const c = f.filter.campaign;
  const fs = f.filter.site;
  const fh = f.filter.holderId;
  const fi = f.filter.itemId;
  return table(GROUP_COLUMNS, [
    ['overall', c, fs, fh, null, fi, null, ...counts(f.overall)],
    ...f.bySite.map((s) => ['site', c, s.site, fh, null, fi, null, ...counts(s)]),
    ...f.byHolder.map((h) => ['holder', c, fs, h.holderId, h.holderName, fi, null, ...counts(h)]),
    ...f.byItem.map((i) => ['item', c, fs, i.holderId, i.holderName, i.itemId, i.itemTitle, ...counts(i)]),
  ]);
}

export const SELLER_COLUMNS = [
  'rank',
  'campaign',
  'site',
  'seller_key',
  'seller_name',
  'confirmed_listings',
  'confirmed_in_window',
  'listings_with_hits',
  'sold',
  'removed',
  'relisted',
  'turnover',
  'approx_turnover',
  'approx_currency',
  'referral_candidate',
  'referral_reasons',
  'risk_score',
  'blacklisted',
  'group_id',
] as const;

/** The top sellers, one row each, in the report's order: the second file of a CSV report. */
export function enforcementSellersToCsv(f: EnforcementFigures): string {
  return table(
    SELLER_COLUMNS,
    f.topSellers.map((s, i) => [
      i + 1,
      f.filter.campaign,
      s.site,
      s.key,
      s.name,
      s.confirmed,
      s.confirmedInWindow,
      s.listingsWithHits,
      s.soldCount,
      s.removed,
      s.relisted,
      formatTurnover(s.turnover).replace(/^—$/, ''),
      s.approxTurnover?.amount.toFixed(2),
      s.approxTurnover?.currency,
      s.referralCandidate,
      s.referralReasons.join('; '),
      s.score?.toFixed(3),
      s.blacklisted,
      s.groupId,
    ]),
  );
}
