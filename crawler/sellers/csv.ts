import type { SellerRecord } from '../store';
import type { TopSeller } from './top';

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it (as crawler/report/csv does). */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const table = (header: readonly string[], rows: unknown[][]) =>
  [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';

const turnoverText = (t: Record<string, number>) =>
  Object.entries(t)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, v]) => `${c} ${v.toFixed(2)}`)
    .join('; ');

const SELLER_COLUMNS = [
  'group_id',
  'site',
  'seller_key',
  'seller_name',
  'shop_url',
  'score',
  'blacklisted',
  'manual_reason',
  'manual_by',
  'confirmed_in_window',
  'confirmed',
  'listings_with_hits',
  'listings',
  'sold',
  'taken_down',
  'relisted',
  'turnover',
  'linked_to',
  'linked_by',
  'reasons',
] as const;

/** The blacklist (or any seller list) for a spreadsheet: one row per seller per site; group figures in `reasons`. */
export function sellersToCsv(sellers: readonly SellerRecord[]): string {
  return table(
    SELLER_COLUMNS,
    sellers.map((s) => {
      const self = `${s.site}/${s.key}`;
      const links = s.group.links.filter((l) => l.a === self || l.b === self);
      return [
        s.groupId,
        s.site,
        s.key,
        s.name,
        s.shopUrl,
        s.score.toFixed(3),
        s.blacklisted,
        s.manual?.reason,
        s.manual?.by,
        s.figures.confirmedInWindow,
        s.figures.confirmed,
        s.figures.hitListings,
        s.figures.listings,
        s.figures.soldCount,
        s.figures.removed,
        s.figures.relisted,
        turnoverText(s.figures.turnover),
        links.map((l) => (l.a === self ? l.b : l.a)).join('; '),
        links.map((l) => `${l.by}: ${l.value}`).join('; '),
        s.reasons.map((r) => `${r.name} +${r.weight} (${r.evidence})`).join('; '),
      ];
    }),
  );
}

const TOP_COLUMNS = [
  'site',
  'seller_key',
  'seller_name',
  'group_id',
  'score',
  'blacklisted',
  'confirmed',
  'confirmed_in_window',
  'listings_with_hits',
  'sold',
  'turnover',
  'approx_turnover',
  'approx_currency',
  'referral_candidate',
  'referral_reasons',
] as const;

export function topSellersToCsv(sellers: readonly TopSeller[]): string {
  return table(
    TOP_COLUMNS,
    sellers.map((s) => [
      s.site,
      s.key,
      s.name,
      s.groupId,
      s.score?.toFixed(3),
      s.blacklisted,
      s.figures.confirmed,
      s.figures.confirmedInWindow,
      s.figures.hitListings,
      s.figures.soldCount,
      turnoverText(s.turnover),
      s.approxTurnover?.amount.toFixed(2),
      s.approxTurnover?.currency,
      s.referralCandidate,
      s.referralReasons.join('; '),
    ]),
  );
}
