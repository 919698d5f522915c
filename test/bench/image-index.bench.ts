/**
 * bench:image — the Hamming index (multi-index hashing) at a million
 * reference hashes: build time, query latency and recall against a full scan.
 *
 * References are random hashes with exactly half their bits set (as
 * median-thresholded hashes are); queries are stored hashes with 0..T random
 * bits flipped (near-duplicates at every distance up to the threshold) and as
 * many unrelated random hashes (the common case: a listing photo matching
 * nothing). Real photo hashes are less uniform than random ones — buckets
 * fill unevenly — so latency on real data is somewhat higher than here.
 *
 * Then hashing speed on one core: 800×600 JPEGs decoded by sharp and hashed
 * as listing photos, and hashed as reference photos with their crop windows.
 */
import { decodeImage } from '../../crawler/image/decode';
import { HammingIndex, hashImage, hashReference, type Bits } from '../../shared/image';
import { WHOLE_INDEX, WHOLE_MAX_DISTANCE, WINDOW_INDEX, WINDOW_MAX_DISTANCE } from '../../shared/image';
import { mulberry32, syntheticPhoto } from '../fixtures/images/synthetic';
import { rawInput } from '../fixtures/images/transforms';

const REFS = Number(process.env.BENCH_REFS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const RECALL_SAMPLE = Number(process.env.BENCH_RECALL_SAMPLE ?? 200);

function randomHash(words: number, r: () => number): Bits {
  const bits = words * 32;
  const h = new Uint32Array(words);
  // Exactly half the bits set: a partial Fisher–Yates over bit positions.
  const pos = Array.from({ length: bits }, (_, i) => i);
  for (let i = 0; i < bits / 2; i++) {
    const j = i + Math.floor(r() * (bits - i));
    [pos[i], pos[j]] = [pos[j]!, pos[i]!];
    h[pos[i]! >>> 5] = (h[pos[i]! >>> 5]! | (1 << (pos[i]! & 31))) >>> 0;
  }
  return h;
}

function flipped(h: Bits, k: number, r: () => number): Bits {
  const out = Uint32Array.from(h);
  const bits = h.length * 32;
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(r() * bits));
  for (const b of chosen) out[b >>> 5] = (out[b >>> 5]! ^ (1 << (b & 31))) >>> 0;
  return out;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function run(label: string, bits: number, maxDistance: number, chunks: number, maxRadius: number): void {
  const r = mulberry32(bits * 1000 + maxRadius);
  const words = bits / 32;
  const stored: Bits[] = [];
  for (let i = 0; i < REFS; i++) stored.push(randomHash(words, r));
  const t0 = performance.now();
  const index = new HammingIndex({ bits, chunks, maxRadius });
  for (let i = 0; i < REFS; i++) index.add(stored[i]!, i);
  index.build();
  const buildS = (performance.now() - t0) / 1000;

  const queries: Bits[] = [];
  for (let q = 0; q < QUERIES; q++) {
    queries.push(
      q % 2 ? randomHash(words, r) : flipped(stored[Math.floor(r() * REFS)]!, Math.floor(r() * (maxDistance + 1)), r),
    );
  }
  for (let q = 0; q < 200; q++) index.search(queries[q]!, maxDistance); // warm-up
  const times: number[] = [];
  const compared0 = index.compared;
  const cpu0 = process.cpuUsage();
  const results = queries.map((q) => {
    const t = performance.now();
    const found = index.search(q, maxDistance);
    times.push((performance.now() - t) * 1000);
    return found;
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / QUERIES;
  const candidates = (index.compared - compared0) / QUERIES;
  times.sort((a, b) => a - b);

  let truth = 0;
  let got = 0;
  for (let q = 0; q < Math.min(RECALL_SAMPLE, QUERIES); q++) {
    const want = index.scan(queries[q]!, maxDistance);
    const have = new Set(results[q]!.map((n) => n.id));
    truth += want.length;
    got += want.filter((n) => have.has(n.id)).length;
  }
  const mem = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `bench:image: ${label}=${REFS} bits=${bits} max_distance=${maxDistance} chunks=${chunks} ` +
      `probe_radius=${maxRadius} build_s=${buildS.toFixed(2)} ` +
      (`query_p50_us=${pct(times, 0.5).toFixed(0)} query_p99_us=${pct(times, 0.99).toFixed(0)} ` +
        `query_mean_cpu_us=${cpuUs.toFixed(0)} candidates=${candidates.toFixed(0)} ` +
        `recall=${(got / Math.max(1, truth)).toFixed(4)} rss_mb=${mem}`),
  );
}

const which = process.env.BENCH_INDEX ?? 'whole,windows,hashing';
if (which.includes('whole'))
  run(
    'refs',
    256,
    WHOLE_MAX_DISTANCE,
    Number(process.env.BENCH_CHUNKS ?? WHOLE_INDEX.chunks),
    Number(process.env.BENCH_RADIUS ?? WHOLE_INDEX.maxRadius),
  );
if (which.includes('windows'))
  run(
    'windows',
    64,
    WINDOW_MAX_DISTANCE,
    Number(process.env.BENCH_WINDOW_CHUNKS ?? WINDOW_INDEX.chunks),
    Number(process.env.BENCH_WINDOW_RADIUS ?? WINDOW_INDEX.maxRadius),
  );

/** CPU milliseconds per call of `f` over `items`. */
async function cpuMs<T>(items: T[], f: (x: T) => unknown): Promise<number> {
  const c0 = process.cpuUsage();
  for (const x of items) await f(x);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / items.length;
}

if (which.includes('hashing')) {
  const jpegs: Buffer[] = [];
  for (let s = 1; s <= 40; s++)
    jpegs.push(
      await rawInput(syntheticPhoto(s, { width: 800, height: 600 }))
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
  const images = await Promise.all(jpegs.map((j) => decodeImage(j)));
  await cpuMs(jpegs.slice(0, 5), async (j) => hashImage(await decodeImage(j))); // warm-up
  const decodeHash = await cpuMs(jpegs, async (j) => hashImage(await decodeImage(j)));
  const hash = await cpuMs(images, (i) => hashImage(i));
  const reference = await cpuMs(images.slice(0, 10), (i) => hashReference(i));
  console.log(
    `bench:image: hashing 800x600 jpeg, one core: decode+hash_ms=${decodeHash.toFixed(1)} hash_ms=${hash.toFixed(1)} ` +
      `listing_photos_per_s=${(1000 / decodeHash).toFixed(0)} reference_with_windows_ms=${reference.toFixed(1)}`,
  );
}
