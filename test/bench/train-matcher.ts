/**
 * npm run train:matcher — learns the matcher's combiner and writes it to
 * shared/match/model/matcher-model.json.
 *
 * Data: the train splits of ../shared/data/product-matching (Abt-Buy,
 * Amazon-Google, Walmart-Amazon: our fixed 80 % of their pairs; the four
 * WDC categories' train files) and the demo generator's listings for seeds
 * 1–12 with its ground truth. Every listing goes through the real Matcher
 * in the `match` CLI's framing; each labelled pair (for the demo: every
 * identified, non-authorised shortlisted item, labelled by the generator)
 * is one row of the signal families' features, the comparisons with the
 * listing's other shortlisted items included. A train split is cut into 5
 * folds by pair and each fold framed on its own (its right records the
 * catalogue), as the evaluation frames a valid split: the catalogue a pair
 * is scored against then has the size and make-up of the evaluation's, and
 * a listing's pairs spread over the folds as they spread over train and
 * valid. (Framed as one catalogue, the train pairs met 4-5 times as many
 * competing items as a valid pair does, so train scores ran lower than
 * valid ones and a threshold chosen on train did not carry.) The demo's genuine listings also come
 * back resold by an unlisted seller, labelled not infringing (grey market):
 * naming the item at its price is not counterfeiting; and as an accessory
 * "compatible with" them, at a few per cent of the price: not a fake either.
 *
 * Model: gradient-boosted trees (test/bench/learn/gbdt.ts; exact, no
 * sampling: deterministic), held to each family's declared directions
 * (replica words, a runtime match, an unlisted seller never lower a score;
 * an accessory phrase never raises it). Out-of-fold margins: each fold's
 * pairs scored by a model trained on the other four (the demo's folds are
 * by listing). Calibration: Platt scaling fitted on the out-of-fold margins
 * and applied to the final model's (trained on every fold), as a
 * cross-validated calibration does. Thresholds: per dataset, the F1-best
 * threshold (F1 smoothed over ±0.05) on the out-of-fold probabilities of
 * its train split. The valid splits (and demo seeds 13, 14) are scored and
 * printed, never fitted on.
 *
 *   npm run train:matcher [-- --out FILE] [-- --quick]   (~15 min on 2 cores; --quick: in-sample calibration and
 * thresholds, for trying features)
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matcher, type MatchableListing } from '../../shared/match';
import { DEFAULT_MODEL, type MatcherModel } from '../../shared/match/model';
import { Forest, sigmoid, type ForestJson } from '../../shared/match/model/forest';
import { normaliseText, stripMarkup, tokenise } from '../../shared/match/normalise';
import { FEATURE_NAMES, MONOTONE } from '../../shared/match/signals';
import { DEFAULT_GBDT, trainGbdt, type GbdtOptions } from './learn/gbdt';
import { fitPlatt, logLoss } from './learn/platt';
import { DATASETS, DEMO_SEEDS, dataAvailable, demoExamples, foldsOf, loadSplit, type Split } from './matching-data';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const OUT = arg('--out') ?? join(import.meta.dirname, '../../shared/match/model/matcher-model.json');
/** Bump when features, data or method change. */
const MODEL_VERSION = 2;
const SHORTLIST = 40;
const FOLDS = 5;
/** --quick: calibration and thresholds from in-sample scores (for trying features; never for the shipped model). */
const QUICK = process.argv.includes('--quick');
/** TRAIN_GBDT='{"trees":…}' overrides, for trying settings. */
const GBDT: GbdtOptions = {
  ...DEFAULT_GBDT,
  trees: 250,
  depth: 7,
  learningRate: 0.08,
  lambda: 5,
  minChildWeight: 2,
  monotone: MONOTONE,
  ...JSON.parse(process.env.TRAIN_GBDT ?? '{}'),
};
const BACKGROUND_TOKENS = 4000;
/** The demo's rows weigh together as much as one benchmark's. */
const DEMO_WEIGHT = 5000;
/** How accessory sellers write (the demo's own accessories name only brand and model; these name the whole item). */
const ACCESSORY_TITLES = [
  'Dust bag compatible with',
  'Replacement case for',
  '适用于',
  'Charger for use with',
  'Storage box compatible with',
];
/** Extra weight per dataset (TRAIN_WEIGHTS='{"Amazon-Google":2}'), for trying settings. */
const DATASET_WEIGHTS: Record<string, number> = JSON.parse(process.env.TRAIN_WEIGHTS ?? '{}');

interface Row {
  dataset: string;
  split: 'train' | 'valid';
  features: Float64Array;
  label: number;
  weight: number;
  /** Which fold's out-of-fold model scores it (valid rows: -1). */
  fold: number;
  identified: boolean;
}

const foldOf = (key: string) => createHash('sha1').update(`fold-v1\t${key}`).digest()[0]! % FOLDS;

function background(listings: MatchableListing[]): MatcherModel['background'] {
  const df = new Map<string, number>();
  for (const l of listings)
    for (const t of new Set(tokenise(normaliseText(stripMarkup(l.title))))) df.set(t, (df.get(t) ?? 0) + 1);
  const top = [...df.entries()]
    .filter(([, n]) => n >= 3)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, BACKGROUND_TOKENS);
  return { docs: listings.length, df: Object.fromEntries(top) };
}

function rowsOfSplit(split: Split, model: MatcherModel, fold: number): Row[] {
  const matcher = new Matcher(split.items, { model, shortlist: SHORTLIST });
  const labels = new Map<string, number>();
  const wanted = new Map<string, string[]>();
  for (const p of split.pairs) {
    const l = split.listingOf.get(p.left)!;
    const i = split.itemOf.get(p.right);
    if (!i) continue; // an untitled right record: never a catalogue item
    wanted.set(l, [...(wanted.get(l) ?? []), i]);
    labels.set(`${l}\t${i}`, p.label ? 1 : 0);
  }
  const rows: Row[] = [];
  for (const { id, listing } of split.listings) {
    for (const p of matcher.pairs(listing, wanted.get(id) ?? [])) {
      const label = labels.get(`${id}\t${p.itemId}`);
      if (label !== undefined)
        rows.push({
          dataset: split.dataset,
          split: split.split,
          features: p.features,
          label,
          weight: 1,
          fold,
          identified: p.identified,
        });
    }
  }
  return rows;
}

function demoRows(seeds: readonly number[], split: 'train' | 'valid', model: MatcherModel): Row[] {
  const rows: Row[] = [];
  for (const seed of seeds) {
    const { model: demo, examples } = demoExamples(seed);
    const matcher = new Matcher(demo.catalogue.items, { model, shortlist: SHORTLIST });
    examples.forEach((e, k) => {
      if (e.broken) return;
      const fold = foldOf(`demo\t${seed}\t${k}`);
      const add = (listing: MatchableListing, infringing: boolean) => {
        for (const p of matcher.pairs(listing)) {
          // Unidentified and authorised candidates never reach the model's verdict.
          if (!p.identified || p.authorised) continue;
          const label = infringing && e.itemId === p.itemId ? 1 : 0;
          rows.push({ dataset: 'demo', split, features: p.features, label, weight: 1, fold, identified: true });
        }
      };
      add(e.listing, e.infringing);
      // Grey market: the same genuine listing resold by someone not on the authorised list is no
      // counterfeit either — so naming the item is not enough; the infringement signals must say it.
      if (e.itemId && !e.infringing) {
        add({ ...e.listing, seller: { id: `reseller_${seed}_${k}`, name: `Reseller ${k}` } }, false);
        // And an accessory made for it, named by its whole title, at a few per cent of its price: no fake either.
        if (e.listing.kind === 'product' && e.listing.price) {
          const title = `${ACCESSORY_TITLES[k % ACCESSORY_TITLES.length]} ${e.listing.title}`;
          const price = Math.max(1, Math.round(e.listing.price * (0.03 + (k % 10) / 100)));
          add({ ...e.listing, title, price, seller: { id: `parts_${seed}_${k}` } }, false);
        }
      }
    });
  }
  return rows;
}

/** Margins of every row from models trained without its fold. */
function outOfFold(rows: readonly Row[], log: (m: string) => void): Float64Array {
  const out = new Float64Array(rows.length);
  for (let f = 0; f < FOLDS; f++) {
    const forest = new Forest(fit(rows.filter((r) => r.fold !== f)));
    rows.forEach((r, i) => {
      if (r.fold === f) out[i] = forest.margin(r.features);
    });
    log(`fold ${f + 1}/${FOLDS}`);
  }
  return out;
}

function fit(rows: readonly Row[]): ForestJson {
  return trainGbdt(
    rows.map((r) => r.features),
    rows.map((r) => r.label),
    rows.map((r) => r.weight),
    GBDT,
  );
}

/** Precision, recall, F1 of "score ≥ t" over the pairs (an unidentified pair is never predicted). */
function prf(scores: ArrayLike<number>, rows: readonly Row[], t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  rows.forEach((r, i) => {
    const yes = r.identified && scores[i]! >= t;
    if (yes && r.label === 1) tp++;
    else if (yes) fp++;
    else if (r.label === 1) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * The threshold with the best F1 averaged over its neighbourhood (±0.05): the F1 curve of a few
 * hundred matching pairs is jagged, and its single highest point says more about those pairs than
 * about the next ones.
 */
function bestThreshold(scores: ArrayLike<number>, rows: readonly Row[]): number {
  const f1 = Array.from({ length: 1000 }, (_, k) => prf(scores, rows, k / 1000).f1);
  let best = { t: 0.5, f1: -1 };
  for (let k = 1; k < 1000; k++) {
    const window = f1.slice(Math.max(1, k - 50), Math.min(1000, k + 51));
    const smooth = window.reduce((a, b) => a + b, 0) / window.length;
    if (smooth > best.f1 + 1e-12) best = { t: k / 1000, f1: smooth };
  }
  return best.t;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

async function main() {
  if (!dataAvailable()) throw new Error('../shared/data/product-matching not found (set COUNTERSCAN_SHARED_DATA)');
  const t0 = performance.now();
  const log = (msg: string) => console.log(`train:matcher: ${msg} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const splits = DATASETS.flatMap((d) => [loadSplit(d, 'train'), loadSplit(d, 'valid')]);
  const demoTrain = DEMO_SEEDS.train.flatMap((s) => demoExamples(s).examples.map((e) => e.listing));
  const bg = background([
    ...splits.filter((s) => s.split === 'train').flatMap((s) => s.listings.map((l) => l.listing)),
    ...demoTrain,
  ]);
  const featureModel: MatcherModel = {
    ...DEFAULT_MODEL,
    version: MODEL_VERSION,
    features: [...FEATURE_NAMES],
    forest: { bias: 0, trees: [] },
    calibration: { a: 1, b: 0 },
    shortlist: SHORTLIST,
    background: bg,
    thresholds: {},
    training: {},
  };
  const rows: Row[] = [];
  for (const s of splits) {
    if (s.split === 'valid') rows.push(...rowsOfSplit(s, featureModel, -1));
    else foldsOf(s, FOLDS).forEach((part, f) => rows.push(...rowsOfSplit(part, featureModel, f)));
  }
  log(`features of ${rows.length} labelled benchmark pairs`);
  const demo = [
    ...demoRows(DEMO_SEEDS.train, 'train', featureModel),
    ...demoRows(DEMO_SEEDS.valid, 'valid', featureModel),
  ];
  const demoTrainWeight = demo.filter((r) => r.split === 'train').reduce((a, r) => a + r.weight, 0);
  for (const r of demo) if (r.split === 'train') r.weight *= DEMO_WEIGHT / demoTrainWeight;
  rows.push(...demo);
  log(`features of ${demo.length} demo pairs`);
  for (const r of rows) if (r.split === 'train') r.weight *= DATASET_WEIGHTS[r.dataset] ?? 1;

  const train = rows.filter((r) => r.split === 'train');
  const valid = rows.filter((r) => r.split === 'valid');
  const trainMargins = QUICK ? undefined : outOfFold(train, log);
  const forest = fit(train);
  log(`final model: ${forest.trees.length} trees`);
  const trees = new Forest(forest);
  const margin = (r: Row) => trees.margin(r.features);

  // The out-of-fold margins stand for the final model's on pairs it has not seen: calibrated together.
  const oof = trainMargins ?? Float64Array.from(train, margin);
  const calibration = fitPlatt(
    oof,
    train.map((r) => r.label),
  );
  const prob = (m: number) => sigmoid(calibration.a * m + calibration.b);
  const validMargins = valid.map(margin);
  log(
    `calibration a=${calibration.a.toFixed(3)} b=${calibration.b.toFixed(3)}; log loss out-of-fold ${logLoss(
      Array.from(oof, prob),
      train.map((r) => r.label),
    ).toFixed(4)}, valid ${logLoss(
      validMargins.map(prob),
      valid.map((r) => r.label),
    ).toFixed(4)}`,
  );

  const thresholds: Record<string, number> = {};
  const summary: Record<string, unknown> = {};
  for (const d of [...DATASETS, 'demo']) {
    const tr = train.map((r, i) => [r, i] as const).filter(([r]) => r.dataset === d);
    const ts = tr.map(([, i]) => prob(oof[i]!));
    const t = bestThreshold(
      ts,
      tr.map(([r]) => r),
    );
    thresholds[d] = round3(t);
    const o = prf(
      ts,
      tr.map(([r]) => r),
      t,
    );
    const va = valid.map((r, i) => [r, validMargins[i]!] as const).filter(([r]) => r.dataset === d);
    const vs = va.map(([, m]) => prob(m));
    const vr = va.map(([r]) => r);
    const v = prf(vs, vr, t);
    const oracle = Math.max(...Array.from({ length: 999 }, (_, k) => prf(vs, vr, (k + 1) / 1000).f1));
    summary[d] = {
      trainPairs: tr.length,
      validPairs: va.length,
      threshold: round3(t),
      outOfFoldF1: round3(o.f1),
      validF1: round3(v.f1),
    };
    console.log(
      `  ${d.padEnd(16)} threshold ${t.toFixed(3)}  out-of-fold F1 ${o.f1.toFixed(3)}  valid P ` +
        `${v.precision.toFixed(3)} R ${v.recall.toFixed(3)} F1 ${v.f1.toFixed(3)} (best on valid ${oracle.toFixed(3)})`,
    );
  }
  const model: MatcherModel = {
    ...featureModel,
    forest,
    calibration: { a: Number(calibration.a.toPrecision(6)), b: Number(calibration.b.toPrecision(6)) },
    thresholds,
    training: {
      method:
        `gradient-boosted trees (${GBDT.trees} of depth ${GBDT.depth}, learning rate ${GBDT.learningRate}, L2 ` +
        `${GBDT.lambda}); ` +
        `train pairs framed in 5 folds by pair; Platt and thresholds on their out-of-fold scores` +
        `${QUICK ? ' (QUICK: in-sample)' : ''}`,
      data:
        'product-matching train splits (Abt-Buy, Amazon-Google, Walmart-Amazon: 80 % by SHA-1 of the pair; WDC: ' +
        'train files) and demo seeds 1-12',
      labelledPairs: train.length,
      positives: train.filter((r) => r.label === 1).length,
      summary,
    },
  };
  writeFileSync(OUT, `${JSON.stringify(model)}\n`);
  log(`wrote ${OUT} (${(JSON.stringify(model).length / 1024).toFixed(0)} KiB)`);
}

await main();
