/**
 * model_number / model_number_mismatch: a model or part number of the item
 * (the catalogue's, or a code read from its title) in the listing's title
 * or description — exactly after normalisation (case, dashes, spaces,
 * leading zeros), or near (same stem without a colour or region suffix,
 * one inside the other, one edit apart); or both naming codes that differ —
 * in the title, or anywhere in the listing (a shop's attribute table names
 * the model too), and how alike the nearest two different codes are
 * (siblings of one product line are numbered alike).
 */
import { bestCodeMatch, isStrongCode, siblingCode } from '../codes';
import type { PairInput, SignalFamily } from './family';

const strong = (codes: Iterable<string>) => [...codes].filter(isStrongCode);

export const modelNumber: SignalFamily = {
  id: 'model',
  signals: [
    { name: 'model_number', kind: 'identity' },
    { name: 'model_number_mismatch', kind: 'identity', identifies: false },
  ],
  features: ['exact', 'near', 'mismatch', 'item_codes', 'listing_codes', 'explicit', 'mismatch_any', 'sibling'],
  monotone: { exact: 1, near: 1 },
  absent: 'no model number',
  compute({ text, item }: PairInput, out, at) {
    const m = bestCodeMatch(item.codes, text.codeList, text.codes);
    const listingStrong = text.strongTitleCodes;
    out[at] = m.score === 1 ? 1 : 0;
    out[at + 1] = m.score;
    out[at + 2] = m.score === 0 && listingStrong.length > 0 && item.codes.some((c) => isStrongCode(c.code)) ? 1 : 0;
    out[at + 3] = Math.min(3, item.codes.length);
    out[at + 4] = Math.min(3, listingStrong.length);
    out[at + 5] = m.score > 0 && item.explicitModels.has(m.itemCode) ? 1 : 0;
    const itemStrong = item.codes.some((c) => isStrongCode(c.code));
    out[at + 6] = m.score === 0 && itemStrong && text.strongCodes.length > 0 ? 1 : 0;
    out[at + 7] = m.score === 1 ? 0 : siblingCode(item.codes, text.strongCodes).score;
  },
  explain({ text, item }, values, at) {
    if (values[at + 1]! > 0) {
      const m = bestCodeMatch(item.codes, text.codeList, text.codes);
      const raw = item.models.find((x) => x.compact === m.itemCode)?.raw ?? m.itemCode;
      if (m.score === 1) return [{ name: 'model_number', evidence: raw }];
      // One character off is as often a sibling model ("xr200" / "xr300") as a typo: the model weighs it.
      if (m.score < 0.8)
        return [{ name: 'model_number_mismatch', evidence: `listing ${m.listingCode} is one character off ${raw}` }];
      return [{ name: 'model_number', evidence: `${m.listingCode} ≈ ${raw}` }];
    }
    if (values[at + 2]) {
      const mine = item.models.find((x) => isStrongCode(x.compact))?.raw ?? '';
      return [
        {
          name: 'model_number_mismatch',
          evidence: `listing ${strong(text.titleCodes).slice(0, 3).join(', ')} vs item ${mine}`,
        },
      ];
    }
    if (values[at + 6]) {
      const sibling = siblingCode(item.codes, text.strongCodes);
      const raw = (code: string) => item.models.find((x) => x.compact === code)?.raw ?? code;
      const mine = raw(item.codes.find((c) => isStrongCode(c.code))!.code);
      const evidence = sibling.score
        ? `listing ${sibling.listingCode} vs item ${raw(sibling.itemCode)}`
        : `listing ${text.strongCodes.slice(0, 3).join(', ')} vs item ${mine}`;
      return [{ name: 'model_number_mismatch', evidence }];
    }
    return [];
  },
};
