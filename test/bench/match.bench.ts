/**
 * bench:match — the matcher (candidate index, then the signal families and
 * the learned model on the shortlist) against a naive full fuse.js scan of
 * the whole catalogue per listing.
 */
import Fuse from 'fuse.js';
import { Matcher } from '../../shared/match';
import { rng, syntheticCatalogue, syntheticListings } from './synthetic-catalogue';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 20_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 500);

const items = syntheticCatalogue(ITEMS);
const listings = syntheticListings(items, LISTINGS);

let t = performance.now();
const matcher = new Matcher(items);
const buildMs = performance.now() - t;

t = performance.now();
const top = listings.map((l) => matcher.match(l, 1)[0]?.itemId);
const matchS = (performance.now() - t) / 1000;
const correct =
  listings.filter((l, i) => l.source && top[i] === l.source).length / listings.filter((l) => l.source).length;

const r = rng(3);
const sample = Array.from({ length: Math.min(SAMPLE, LISTINGS) }, () => Math.floor(r() * LISTINGS));
t = performance.now();
const fuse = new Fuse(items, {
  keys: ['title', 'aliases', 'brandTerms', 'modelNumbers'],
  useTokenSearch: true,
  ignoreLocation: true,
  threshold: 0.4,
  includeScore: true,
});
const naiveBuildMs = performance.now() - t;
t = performance.now();
const naiveTop = sample.map((i) => fuse.search(listings[i]!.title, { limit: 1 })[0]?.item.id);
const naiveS = (performance.now() - t) / 1000;
const agree = sample.filter((i, k) => naiveTop[k] === top[i]).length / sample.length;
// Where the two differ, who is right? The generator knows each listing's source item.
const naiveCorrect = sample.filter((i, k) => naiveTop[k] === listings[i]!.source);
const oursCorrectOnSample = sample.filter((i) => top[i] === listings[i]!.source).length / sample.length;
const keptWhereNaiveRight =
  naiveCorrect.filter((i) => top[i] === listings[i]!.source).length / Math.max(1, naiveCorrect.length);

const perS = LISTINGS / matchS;
const naivePerS = sample.length / naiveS;
const mem = process.memoryUsage();
console.log(
  `bench:match: items=${ITEMS} listings=${LISTINGS} index_build_ms=${buildMs.toFixed(0)} ` +
    `naive_index_build_ms=${naiveBuildMs.toFixed(0)} rss_mb=${(mem.rss / 2 ** 20).toFixed(0)}`,
);
console.log(
  `bench:match: top1_is_source=${correct.toFixed(3)} sample=${sample.length} sample_top1_is_source ` +
    `ours=${oursCorrectOnSample.toFixed(3)} naive=${(naiveCorrect.length / sample.length).toFixed(3)} ` +
    `ours_right_where_naive_right=${keptWhereNaiveRight.toFixed(3)}`,
);
console.log(
  `bench:match: listings_per_s=${perS.toFixed(0)} naive_listings_per_s=${naivePerS.toFixed(1)} ` +
    `speedup=${(perS / naivePerS).toFixed(0)} agree_at_1=${agree.toFixed(3)}`,
);
