import type { CatalogueItem } from '../../shared/model';

/** mulberry32: a small seeded PRNG, so every bench run sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'ven',
  'tri',
  'mar',
  'zo',
  'qui',
  'bel',
  'dra',
  'nox',
  'sel',
  'ra',
  'tu',
  'vin',
  'gor',
  'pha',
  'lex',
  'mi',
  'do',
  'rin',
  'sa',
  'xen',
  'ul',
  'ber',
];
const LINES = [
  'Pro',
  'Max',
  'Lite',
  'Ultra',
  'Air',
  'Prime',
  'Nova',
  'Edge',
  'Core',
  'Flex',
  'Neo',
  'Zen',
  'Aero',
  'Titan',
  'Pulse',
];
const TYPES = [
  'Serum',
  'Headphones',
  'Battery Pack',
  'Brake Pads',
  'Hybrid Seed',
  'Fertiliser',
  'Blood Glucose Meter',
  'Hair Dryer',
  'Handbag',
  'Sneakers',
  'Smartwatch',
  'Spark Plug',
  'Face Cream',
  'Insecticide',
  'Power Bank',
  'Wallet',
  'Sunglasses',
  'Rice Cooker',
  'Drone',
  'Keyboard',
];
const FILLER = [
  'new',
  'hot sale',
  'free shipping',
  '2026',
  'original box',
  'best price',
  'fast delivery',
  'gift',
  'limited',
  'wholesale',
];
const FAKE = ['replica', '1:1', 'AAA', '高仿', '复刻', 'mirror quality'];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

export function brandName(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, SYLLABLES);
  return s[0]!.toUpperCase() + s.slice(1);
}

/** `count` items across count/8 brands, each with a product line, type and model number. */
export function syntheticCatalogue(count: number, seed = 7): CatalogueItem[] {
  const r = rng(seed);
  const brands = Array.from({ length: Math.max(1, Math.ceil(count / 8)) }, () => brandName(r));
  return Array.from({ length: count }, (_, i) => {
    const brand = brands[i % brands.length]!;
    const model = `${brand.slice(0, 2).toUpperCase()}-${100 + Math.floor(r() * 9000)}${pick(r, ['', 'X', 'S', 'P'])}`;
    const title = `${brand} ${pick(r, LINES)} ${pick(r, TYPES)} ${model}`;
    return {
      id: `item-${i}`,
      holder: `holder-${i % 500}`,
      ipType: 'trademark',
      title,
      aliases: [],
      brandTerms: [brand],
      modelNumbers: [model],
      registrations: [],
      referencePrice: { amount: 20 + Math.floor(r() * 500), currency: 'USD' },
      authorisedSellers: [`${brand.toLowerCase()}-official`],
      officialDomains: [],
      imageUrls: [],
      territories: [],
    };
  });
}

export interface SyntheticListing {
  url: string;
  title: string;
  price: number;
  currency: string;
  seller: { id: string };
  /** The item the listing was made from, or undefined for an unrelated listing. */
  source?: string;
}

/** Listings made from random items with the noise sellers add; `unrelatedShare` of them unrelated. */
export function syntheticListings(
  items: readonly CatalogueItem[],
  count: number,
  seed = 11,
  unrelatedShare = 0,
): SyntheticListing[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    if (r() < unrelatedShare) {
      return {
        url: `https://shop.example/l/${i}`,
        title: `${pick(r, FILLER)} ${brandName(r)} ${pick(r, TYPES)}`,
        price: 10,
        currency: 'USD',
        seller: { id: `s${i}` },
      };
    }
    const item = pick(r, items);
    let words = item.title.split(' ');
    if (r() < 0.3) words = words.filter((_, k) => k !== 1); // drop the product line
    if (r() < 0.3) words[0] = words[0]!.replace(/o/, '0'); // look-alike brand
    const extra = [pick(r, FILLER), ...(r() < 0.5 ? [pick(r, FAKE)] : [])];
    const title = r() < 0.5 ? [...words, ...extra].join(' ') : [...extra, ...words].join(' ');
    return {
      url: `https://shop.example/l/${i}`,
      title,
      price: Math.round(item.referencePrice!.amount * (0.1 + r() * 0.9)),
      currency: 'USD',
      seller: { id: `seller-${Math.floor(r() * 1000)}` },
      source: item.id,
    };
  });
}
