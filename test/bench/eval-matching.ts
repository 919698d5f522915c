/**
 * npm run eval:matching — the matcher on labelled data it was not trained
 * on, through the real `match` CLI.
 *
 * For each dataset of ../shared/data/product-matching (see
 * matching-data.ts for the framing and our split of the three benchmarks):
 * the valid split's right records as the catalogue, its left records as
 * listings, one CLI run; a labelled pair is predicted a match when the
 * right item is among the listing's matches (the CLI's default 5) with a
 * score at or above the dataset's threshold — chosen on the train split
 * (out-of-fold) when the model was trained, never on what is reported
 * here. Prints precision, recall and F1 over the labelled pairs, and
 * recall@k: the share of matching pairs whose right item was in the
 * shortlist the matcher scored. Then how well the scores are calibrated:
 * the labelled pairs found among the matches, all datasets together, in
 * bands of score — the mean score beside the share that are matches.
 *
 * Then the demo (seed 42, the one `npm run demo` serves, never trained on):
 * every readable listing's best match, a hit when it is a suspect at or
 * above the threshold (the crawler's default 0.5), right when the listing
 * infringes that item — the matcher alone, without the crawl — and how
 * the hits' scores spread.
 *
 *   npm run eval:matching [-- --dataset NAME]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_MODEL, Matcher, type MatchResult } from '../../shared/match';
import { DATASETS, DEMO_SEEDS, dataAvailable, evaluateDemo, loadSplit, type Split } from './matching-data';

const ROOT = resolve(import.meta.dirname, '../..');
const only = process.argv.includes('--dataset') ? process.argv[process.argv.indexOf('--dataset') + 1] : undefined;
const f3 = (n: number) => n.toFixed(3);

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')}: exit ${code}`))));
  });
}

export function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** (score, label) of every labelled pair found among the CLI's matches, for the calibration line. */
const scored: [number, boolean][] = [];

async function evaluateSplit(split: Split, work: string) {
  const threshold = DEFAULT_MODEL.thresholds[split.dataset] ?? 0.5;
  const catalogue = join(work, `${split.dataset}.catalogue.json`);
  const listings = join(work, `${split.dataset}.listings.jsonl`);
  const out = join(work, `${split.dataset}.out.jsonl`);
  writeFileSync(catalogue, JSON.stringify({ items: split.items }));
  writeFileSync(listings, split.listings.map(({ listing }) => JSON.stringify(listing)).join('\n') + '\n');
  const t = performance.now();
  await run(process.execPath, [
    'bin/counterscan.mjs',
    'match',
    '--catalogue',
    catalogue,
    '--listings',
    listings,
    '--out',
    out,
  ]);
  const seconds = (performance.now() - t) / 1000;
  const matches = new Map<string, MatchResult[]>();
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { url: string; matches: MatchResult[] };
    matches.set(row.url, row.matches);
  }
  // recall@k: the same matcher in process, asked for its shortlist.
  const matcher = new Matcher(split.items);
  const shortlist = new Map(split.listings.map(({ id, listing }) => [id, new Set(matcher.shortlistOf(listing))]));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let positives = 0;
  let shortlisted = 0;
  for (const p of split.pairs) {
    const listingId = split.listingOf.get(p.left)!;
    const itemId = split.itemOf.get(p.right);
    const found = itemId
      ? matches.get(`https://listing.example/${listingId}`)?.find((m) => m.itemId === itemId)
      : undefined;
    if (found && found.outcome !== 'authorised') scored.push([found.score, p.label]);
    const yes = !!found && found.outcome !== 'authorised' && found.score >= threshold;
    if (yes && p.label) tp++;
    else if (yes) fp++;
    else if (p.label) fn++;
    if (p.label) {
      positives++;
      if (itemId && shortlist.get(listingId)!.has(itemId)) shortlisted++;
    }
  }
  const r = prf(tp, fp, fn);
  console.log(
    `eval:matching: ${split.dataset.padEnd(15)} valid pairs=${split.pairs.length} precision=${f3(r.precision)} ` +
      `recall=${f3(r.recall)} ` +
      (`f1=${f3(r.f1)} threshold=${f3(threshold)} (chosen on train) ` +
        `recall@${DEFAULT_MODEL.shortlist}=${f3(shortlisted / positives)} `) +
      `items=${split.items.length} listings=${split.listings.length} cli_s=${seconds.toFixed(1)}`,
  );
  return { dataset: split.dataset, ...r, recallAtK: shortlisted / positives };
}

async function main() {
  if (!dataAvailable()) throw new Error('../shared/data/product-matching not found (set COUNTERSCAN_SHARED_DATA)');
  console.log(
    `eval:matching: model v${DEFAULT_MODEL.version}, ${DEFAULT_MODEL.forest.trees.length} trees, shortlist ` +
      `${DEFAULT_MODEL.shortlist}`,
  );
  const work = mkdtempSync(join(tmpdir(), 'eval-matching-'));
  try {
    for (const dataset of DATASETS) {
      if (only && only !== dataset && only !== 'demo') continue;
      if (only !== 'demo') await evaluateSplit(loadSplit(dataset, 'valid'), work);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (scored.length) {
    const edges = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const bands = edges.slice(0, -1).map((lo, k) => {
      const hi = edges[k + 1]!;
      const inBand = scored.filter(([s]) => s >= lo && (s < hi || (hi === 1 && s === 1)));
      const n = Math.max(1, inBand.length);
      const mean = inBand.reduce((a, [s]) => a + s, 0) / n;
      const share = inBand.filter(([, y]) => y).length / n;
      return `${lo.toFixed(1)}-${hi.toFixed(1)}: n=${inBand.length} score=${f3(mean)} matches=${f3(share)}`;
    });
    console.log(`eval:matching: calibration (valid pairs among the matches) ${bands.join('; ')}`);
  }
  if (only && only !== 'demo') return;
  for (const threshold of [0.5, DEFAULT_MODEL.thresholds.demo ?? 0.5]) {
    const d = evaluateDemo(DEMO_SEEDS.report, threshold);
    console.log(
      `eval:matching: demo (seed ${DEMO_SEEDS.report}, matcher only) threshold=${f3(threshold)} hits=${d.hits} ` +
        `precision=${f3(d.precision)} ` +
        `recall=${f3(d.recall)} authorised_neutral=${d.authorised} distinct_scores=${d.distinctScores} ` +
        `most_common_score=${f3(d.commonScore)} (${(d.commonShare * 100).toFixed(1)} % of hits)`,
    );
  }
}

await main();
