/**
 * The labelled product-matching data beside the project
 * (../shared/data/product-matching, read at run time, never copied) and the
 * demo generator's listings, in the `match` CLI's framing: the distinct
 * RIGHT records of a split become catalogue items (title/name,
 * brand/manufacturer as a brand term, modelno as a model number, a numeric
 * price as a USD reference price), the distinct LEFT records become
 * listings (title/name; description, and brand and model number where the
 * record has them, as the description — the attribute table a shop page
 * shows; a numeric price in USD). A labelled pair is predicted a match when
 * the right item is among the listing's matches at or above the threshold.
 *
 * Abt-Buy, Amazon-Google and Walmart-Amazon come with a training split
 * only: pairs go to our `valid` when the first byte of SHA-1("split-v1\t" +
 * line) is below 52 (about 20 %), else to `train` — fixed, so every run
 * splits alike. The WDC categories come with their own train and valid.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Matcher, type MatchableListing } from '../../shared/match';
import type { CatalogueItem } from '../../shared/model';
import { generateDemo } from '../../demo/generate';
import type { DemoModel } from '../../demo/types';

export const DATA_DIR = resolve(
  process.env.COUNTERSCAN_SHARED_DATA
    ? join(process.env.COUNTERSCAN_SHARED_DATA, 'product-matching')
    : join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'product-matching'),
);

export const BENCHMARKS = ['Abt-Buy', 'Amazon-Google', 'Walmart-Amazon'] as const;
export const WDC = ['computers', 'cameras', 'shoes', 'watches'] as const;
export const DATASETS: readonly string[] = [...BENCHMARKS, ...WDC.map((c) => `wdc-${c}`)];

export interface Pair {
  left: string;
  right: string;
  label: boolean;
}

export interface Split {
  dataset: string;
  split: 'train' | 'valid';
  pairs: Pair[];
  items: CatalogueItem[];
  listings: { id: string; listing: MatchableListing }[];
  /** Record → item id / listing id. */
  itemOf: Map<string, string>;
  listingOf: Map<string, string>;
}

type Fields = Record<string, string>;

/** `COL title VAL foo bar COL price VAL 9.99` → { title: 'foo bar', price: '9.99' }. */
export function parseRecord(record: string): Fields {
  const parts = record.split(/(?:^|\s)COL (\S+) VAL(?:\s|$)/);
  const out: Fields = {};
  for (let i = 1; i + 1 < parts.length; i += 2) out[parts[i]!] = parts[i + 1]!.trim();
  return out;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest();
const id = (prefix: string, record: string) => `${prefix}${sha1(record).toString('hex').slice(0, 12)}`;
const numeric = (v: string | undefined) => (v && /^\d+(\.\d+)?$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
const titleOf = (f: Fields) => (f.title ?? f.name ?? '').trim();

export function readPairs(file: string): Pair[] {
  const pairs: Pair[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [left, right, label] = line.split('\t');
    if (left === undefined || right === undefined || label === undefined)
      throw new Error(`${file}: not LEFT\\tRIGHT\\tLABEL: ${line.slice(0, 80)}`);
    pairs.push({ left: left.trim(), right: right.trim(), label: label.trim() === '1' });
  }
  return pairs;
}

/** Our fixed 80/20 split of a benchmark that ships a training split only. */
export const isValidPair = (p: Pair) => sha1(`split-v1\t${p.left}\t${p.right}`)[0]! < 52;

export function dataAvailable(): boolean {
  return existsSync(join(DATA_DIR, 'Abt-Buy-train.txt'));
}

export function loadSplit(dataset: string, split: 'train' | 'valid'): Split {
  let pairs: Pair[];
  if (dataset.startsWith('wdc-')) pairs = readPairs(join(DATA_DIR, 'wdc', `${dataset.slice(4)}-${split}.txt`));
  else pairs = readPairs(join(DATA_DIR, `${dataset}-train.txt`)).filter((p) => isValidPair(p) === (split === 'valid'));
  return frame(dataset, split, pairs);
}

/**
 * A split cut into `folds` parts by a SHA-1 of each pair, each part framed
 * on its own (its right records the catalogue, its left records the
 * listings), as the evaluation frames a valid split: a pair's features then
 * come from a catalogue of the size and make-up the evaluation's has, and a
 * listing's pairs spread over the parts as the valid split's spread from
 * the train split's.
 */
export function foldsOf(split: Split, folds: number): Split[] {
  return Array.from({ length: folds }, (_, f) =>
    frame(
      split.dataset,
      split.split,
      split.pairs.filter((p) => sha1(`pairfold-v1\t${p.left}\t${p.right}`)[0]! % folds === f),
    ),
  );
}

function frame(dataset: string, split: 'train' | 'valid', pairs: Pair[]): Split {
  const items: CatalogueItem[] = [];
  const itemOf = new Map<string, string>();
  for (const record of new Set(pairs.map((p) => p.right))) {
    const f = parseRecord(record);
    const title = titleOf(f);
    if (!title) continue;
    const itemId = id('r', record);
    itemOf.set(record, itemId);
    const brand = (f.brand ?? f.manufacturer ?? '').trim();
    const price = numeric(f.price);
    items.push({
      id: itemId,
      holder: 'benchmark',
      ipType: 'trademark',
      title,
      aliases: [],
      brandTerms: brand ? [brand] : [],
      modelNumbers: f.modelno?.trim() ? [f.modelno.trim()] : [],
      registrations: [],
      ...(price ? { referencePrice: { amount: price, currency: 'USD' } } : {}),
      authorisedSellers: [],
      officialDomains: [],
      imageUrls: [],
      territories: [],
    });
  }
  const listings: Split['listings'] = [];
  const listingOf = new Map<string, string>();
  for (const record of new Set(pairs.map((p) => p.left))) {
    const f = parseRecord(record);
    const listingId = id('l', record);
    listingOf.set(record, listingId);
    const price = numeric(f.price);
    const description = [f.description, f.brand ?? f.manufacturer, f.modelno].filter((s) => s?.trim()).join(' ');
    listings.push({
      id: listingId,
      listing: {
        url: `https://listing.example/${listingId}`,
        title: titleOf(f),
        ...(description ? { description } : {}),
        ...(price ? { price, currency: 'USD' } : {}),
      },
    });
  }
  return { dataset, split, pairs, items, listings, itemOf, listingOf };
}

/**
 * Seeds of the demo data: training, calibration (valid), and the one `npm run demo` shows (reported, never trained on).
 */
export const DEMO_SEEDS = { train: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], valid: [13, 14], report: 42 } as const;

export interface DemoExample {
  listing: MatchableListing;
  /** The item it infringes (counterfeit, pirated) or sells genuinely; null otherwise. */
  itemId: string | null;
  infringing: boolean;
  /** A polite crawler reads it (not disallowed, not broken). */
  readable: boolean;
  /** The page cannot be read at all. */
  broken: boolean;
  /** An accessory made for an item (the generator's hard negative). */
  accessory: boolean;
}

/** The generator's listings as the extractor reads them off the demo pages, with ground truth. */
export function demoExamples(seed: number): { model: DemoModel; examples: DemoExample[] } {
  const model = generateDemo({ seed });
  const examples: DemoExample[] = [];
  for (const l of model.market) {
    examples.push({
      listing: {
        url: `http://127.0.0.1:8401${l.path}`,
        title: l.title,
        description: l.description,
        price: l.price,
        currency: l.currency,
        seller: { id: l.seller.id, name: l.seller.name },
        kind: 'product',
      },
      itemId: l.itemId,
      infringing: l.label === 'counterfeit',
      readable: !l.disallowed && !l.broken,
      broken: !!l.broken,
      accessory: l.label === 'accessory',
    });
  }
  for (const v of model.video) {
    examples.push({
      listing: {
        url: `http://127.0.0.1:8402${v.path}`,
        title: v.title,
        description: v.description,
        seller: { id: v.uploader.id, name: v.uploader.name },
        kind: 'video',
        durationSeconds: v.durationSeconds,
      },
      itemId: v.itemId,
      infringing: v.label === 'pirated',
      readable: !v.disallowed && !v.broken,
      broken: !!v.broken,
      accessory: false,
    });
  }
  return { model, examples };
}

/** The demo through the matcher alone: what a sweep would record, against the generator's truth. */
export function evaluateDemo(seed: number, threshold: number) {
  const { model, examples } = demoExamples(seed);
  const matcher = new Matcher(model.catalogue.items, { threshold });
  let tp = 0;
  let hits = 0;
  let reachable = 0;
  let authorised = 0;
  const scores = new Map<number, number>();
  for (const e of examples) {
    if (!e.readable) continue;
    if (e.infringing) reachable++;
    const [top] = matcher.match(e.listing, 1);
    if (top?.outcome === 'authorised') authorised++;
    if (!top || top.outcome === 'authorised' || top.score < threshold) continue;
    hits++;
    scores.set(top.score, (scores.get(top.score) ?? 0) + 1);
    if (e.infringing && e.itemId === top.itemId) tp++;
  }
  const [commonScore, commonCount] = [...scores.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  return {
    hits,
    tp,
    reachable,
    authorised,
    precision: hits ? tp / hits : 1,
    recall: reachable ? tp / reachable : 1,
    commonScore,
    commonShare: hits ? commonCount / hits : 0,
    distinctScores: scores.size,
  };
}
