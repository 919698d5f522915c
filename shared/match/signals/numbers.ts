/**
 * numbers_units: sizes and capacities ("128GB", "5000mAh", "13.3 inch",
 * "100ml", "65W") the item's title and the listing's both state, equal or
 * not, and the item title's plain numbers ("Harmony 890") found or not.
 */
import { compareQuantities } from '../units';
import type { PairInput, SignalFamily } from './family';

function sharedNumbers({ text, item }: PairInput): string[] {
  return [...item.numbers].filter((n) => text.allNumbers.has(n));
}

const first = (s: ReadonlySet<string>): string | undefined => s.values().next().value;

export const numbers: SignalFamily = {
  id: 'numbers',
  signals: [{ name: 'numbers_units', kind: 'identity' }],
  features: ['units_matched', 'units_conflicting', 'numbers_shared', 'numbers_conflict', 'first_number'],
  absent: 'no sizes or numbers to compare',
  compute(pair, out, at) {
    const { text, item } = pair;
    const q = compareQuantities(item.quantities, text.quantities);
    const shared = item.numbers.size ? sharedNumbers(pair).length : 0;
    out[at] = Math.min(3, q.matched.length);
    out[at + 1] = Math.min(3, q.conflicting.length);
    out[at + 2] = item.numbers.size ? shared / item.numbers.size : -1;
    // Both titles state numbers and none of the item's is in the listing.
    out[at + 3] = item.numbers.size && text.numbers.size && !shared ? 1 : 0;
    // The first number of each title, often the version or the size: 1 same, -1 different, 0 not both.
    const a = first(item.numbers);
    const b = first(text.numbers);
    out[at + 4] = a === undefined || b === undefined ? 0 : a === b ? 1 : -1;
  },
  explain(pair, values, at) {
    if (!values[at] && !values[at + 1] && values[at + 2]! <= 0 && !values[at + 3] && !values[at + 4]) return [];
    const q = compareQuantities(pair.item.quantities, pair.text.quantities);
    const parts = [
      ...q.matched.map((m) => `${m.text} =`),
      ...q.conflicting.map(([mine, theirs]) => `${theirs.text} ≠ ${mine.text}`),
    ];
    const shared = sharedNumbers(pair);
    if (shared.length) parts.push(`${shared.join(', ')} shared`);
    else if (values[at + 3]) parts.push(`none of ${[...pair.item.numbers].join(', ')} in the title`);
    if (values[at + 4] === -1) parts.push(`first number ${first(pair.text.numbers)} ≠ ${first(pair.item.numbers)}`);
    return [{ name: 'numbers_units', evidence: parts.join('; ') }];
  },
};
