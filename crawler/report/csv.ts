import type { HitRow } from '../store';

const COLUMNS = [
  'score',
  'status',
  'holder',
  'item_id',
  'item_title',
  'site',
  'listing_title',
  'price',
  'currency',
  'reference_price',
  'reference_currency',
  'seller',
  'listing_url',
  'reasons',
] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reasonsText(hit: HitRow): string {
  return hit.signals.map((s) => `${s.name} ${s.weight >= 0 ? '+' : ''}${s.weight} (${s.evidence})`).join('; ');
}

export function hitsToCsv(hits: readonly HitRow[]): string {
  return HITS_CSV_HEADER + hitsCsvRows(hits);
}

/** The CSV's header line, for a writer that sends the rows page by page. */
export const HITS_CSV_HEADER = COLUMNS.join(',') + '\r\n';

/** Rows only, each ending in CRLF. */
export function hitsCsvRows(hits: readonly HitRow[]): string {
  return hits
    .map(
      (h) =>
        [
          h.score.toFixed(3),
          h.status,
          h.holderName,
          h.itemId,
          h.itemTitle,
          h.site,
          h.title,
          h.price,
          h.currency,
          h.referencePrice?.amount,
          h.referencePrice?.currency,
          h.sellerName ?? h.sellerId,
          h.listingUrl,
          reasonsText(h),
        ]
          .map(cell)
          .join(',') + '\r\n',
    )
    .join('');
}
