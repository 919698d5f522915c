/**
 * Numbers with units ("128GB", "5000 mAh", "13.3-inch", "100 ml", "65W"):
 * the same product line comes in sizes, and a size that differs is a
 * different product. Values are brought to one unit per dimension, so
 * "1TB" meets "1000 GB" and "1 l" meets "1000 ml".
 */

export interface Quantity {
  dim: string;
  value: number;
  /** As written, for evidence. */
  text: string;
}

/** unit (lower case) → [dimension, factor to the dimension's base unit]. */
const UNITS: Record<string, [string, number]> = {
  kb: ['bytes', 1e-6],
  mb: ['bytes', 1e-3],
  gb: ['bytes', 1],
  tb: ['bytes', 1000],
  mah: ['charge', 1],
  ah: ['charge', 1000],
  wh: ['energy', 1],
  ml: ['volume', 1],
  cl: ['volume', 10],
  l: ['volume', 1000],
  ltr: ['volume', 1000],
  litre: ['volume', 1000],
  liter: ['volume', 1000],
  mg: ['mass', 0.001],
  g: ['mass', 1],
  kg: ['mass', 1000],
  lb: ['mass', 453.6],
  lbs: ['mass', 453.6],
  oz: ['mass', 28.35],
  mm: ['length', 1],
  cm: ['length', 10],
  m: ['length', 1000],
  in: ['length', 25.4],
  inch: ['length', 25.4],
  inches: ['length', 25.4],
  '"': ['length', 25.4],
  "''": ['length', 25.4],
  ft: ['length', 304.8],
  zoll: ['length', 25.4],
  pulgadas: ['length', 25.4],
  w: ['power', 1],
  kw: ['power', 1000],
  watt: ['power', 1],
  watts: ['power', 1],
  v: ['voltage', 1],
  mv: ['voltage', 0.001],
  hz: ['frequency', 1e-6],
  khz: ['frequency', 1e-3],
  mhz: ['frequency', 1],
  ghz: ['frequency', 1000],
  mp: ['pixels', 1],
  megapixel: ['pixels', 1],
  megapixels: ['pixels', 1],
  mpix: ['pixels', 1],
  x: ['zoom', 1],
  rpm: ['speed', 1],
  mbps: ['rate', 1],
  'mb/s': ['rate', 1],
  gbps: ['rate', 1000],
  u: ['users', 1],
  user: ['users', 1],
  users: ['users', 1],
  seat: ['users', 1],
  seats: ['users', 1],
  pcs: ['count', 1],
  pc: ['count', 1],
  pack: ['count', 1],
  pk: ['count', 1],
  ct: ['count', 1],
  tablets: ['count', 1],
  capsules: ['count', 1],
  片: ['count', 1],
  粒: ['count', 1],
  支: ['count', 1],
  瓶: ['count', 1],
  毫升: ['volume', 1],
  克: ['mass', 1],
  公斤: ['mass', 1000],
};

const UNIT_ALTERNATIVES = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|');

// A number, an optional space or dash, a unit, and no letter right after (so "5 in" but not "5 inside").
const QUANTITY = new RegExp(`(?<![\\p{L}\\d.,])(\\d+(?:[.,]\\d+)?)\\s?-?(${UNIT_ALTERNATIVES})(?![\\p{L}\\d])`, 'gu');

/** Quantities in folded text (lower case, punctuation kept), at most `limit`. */
export function quantitiesOf(folded: string, limit = 12): Quantity[] {
  const out: Quantity[] = [];
  for (const m of folded.matchAll(QUANTITY)) {
    const unit = UNITS[m[2]!];
    if (!unit) continue;
    const value = Number(m[1]!.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0) continue;
    out.push({ dim: unit[0], value: value * unit[1], text: m[0] });
    if (out.length >= limit) break;
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 0.02 * Math.max(a, b);

export interface QuantityComparison {
  /** Dimensions both state with an equal value. */
  matched: Quantity[];
  /** Dimensions both state where no value agrees: [item's, listing's]. */
  conflicting: [Quantity, Quantity][];
}

export function compareQuantities(item: readonly Quantity[], listing: readonly Quantity[]): QuantityComparison {
  const matched: Quantity[] = [];
  const conflicting: [Quantity, Quantity][] = [];
  if (!item.length || !listing.length) return { matched, conflicting };
  const dims = new Set(item.map((q) => q.dim));
  for (const dim of dims) {
    const mine = item.filter((q) => q.dim === dim);
    const theirs = listing.filter((q) => q.dim === dim);
    if (!theirs.length) continue;
    const hit = mine.find((q) => theirs.some((t) => same(q.value, t.value)));
    if (hit) matched.push(hit);
    else conflicting.push([mine[0]!, theirs[0]!]);
  }
  return { matched, conflicting };
}

// A number standing alone (not inside a word or code), decimals kept: "4.0", "7.5", "890".
const NUMBER = /(?<![\p{L}\d.,])\d{1,6}(?:[.,]\d{1,3})?(?![\p{L}\d])/gu;

/**
 * Plain numbers in folded text, canonical: decimal comma to point, trailing
 * zeros of decimals and leading zeros dropped ("4.0" → "4", "v 17.0" → "17",
 * "007" → "7"), so versions and sizes written differently meet.
 */
export function numbersOf(folded: string, limit = 20, out = new Set<string>()): Set<string> {
  // A Set keeps insertion order: the first is the title's first number (often the version: "VideoStudio 10").
  for (const m of folded.matchAll(NUMBER)) {
    let n = m[0].replace(',', '.');
    if (n.includes('.')) n = n.replace(/\.?0+$/, '');
    n = n.replace(/^0+(?=\d)/, '');
    out.add(n);
    if (out.size >= limit) break;
  }
  return out;
}
