/**
 * bench:images — image matching on real photographs (issue 15's acceptance).
 *
 * The photographs: the pictures of Debian's wallpaper and background packages
 * and Tux Paint's photographic stamps (test/fixtures/images/debian-photos.ts,
 * installed with apt-get when missing), each scaled to at most 1024 pixels a
 * side as a catalogue photo would be, kept when the hash has detail enough to
 * match (MIN_QUALITY). Every photo is a reference, held in the crawler's
 * index (ReferenceImageIndex, the images stage's lookup). Each transformed
 * copy is looked up: recall is the share of copies that find their source;
 * a false positive is a copy finding any other picture (variants of one
 * picture — light/dark, sizes — are neither). The matcher's thresholds are
 * the production ones (shared/image/thresholds.ts), chosen so that the
 * false-positive rate over every copy against every other photo stays at
 * or under 0.1 %; each line says the rate its copies had.
 *
 * Then speed: photos decoded (sharp) and hashed per second on two worker
 * threads, and one index query against 1,000,000 stored hashes (the real
 * ones plus random fill) for each table.
 *
 *   npm run bench:images                       (BENCH_PHOTO_DIRS=a:b to use other folders)
 */
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { decodeImage } from '../../crawler/image/decode';
import { ReferenceImageIndex } from '../../crawler/image/reference-index';
import {
  HammingIndex,
  hashImage,
  hashReference,
  MIN_LISTING_QUALITY,
  MIN_QUALITY,
  REGION_MAX_DISTANCE,
  WHOLE_INDEX,
  WHOLE_MAX_DISTANCE,
  WINDOW_INDEX,
  WINDOW_MAX_DISTANCE,
  windowList,
  type Bits,
  type ImageHash,
  type ReferenceHash,
} from '../../shared/image';
import { ensurePhotoPackages, PHOTO_DIRS, photoFiles } from '../fixtures/images/debian-photos';
import { mulberry32 } from '../fixtures/images/synthetic';
import { BENCH_TRANSFORMS } from '../fixtures/images/transforms';

const dirs = process.env.BENCH_PHOTO_DIRS?.split(':') ?? PHOTO_DIRS;
if (!process.env.BENCH_PHOTO_DIRS) ensurePhotoPackages();

/**
 * Tux Paint draws most stamps; its photographs are the ones outside `cartoon` folders, 128 pixels or more, with many
 * colours.
 */
async function photographic(file: string): Promise<boolean> {
  if (!file.includes('/tuxpaint/')) return true;
  if (/\/cartoon\//.test(file)) return false;
  const meta = await sharp(file).metadata();
  if (Math.min(meta.width, meta.height) < 128) return false;
  const { data } = await sharp(file)
    .flatten({ background: '#ffffff' })
    .resize(64, 64, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 3)
    colours.add(((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3));
  return colours.size >= 200;
}

const files = photoFiles(dirs);
const photos: { picture: string; png: Buffer; ref: ReferenceHash }[] = [];
let flat = 0;
let drawn = 0;
for (const [picture, file] of files) {
  try {
    if (!(await photographic(file))) {
      drawn++;
      continue;
    }
    // Cut-outs go on white, as a shop shows a product (and as a JPEG copy of them would be).
    const png = await sharp(readFileSync(file))
      .flatten({ background: '#ffffff' })
      .resize({ width: 1024, height: 1024, fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    const ref = hashReference(await decodeImage(png));
    if (ref.whole.views.some((v) => v.quality >= MIN_QUALITY)) photos.push({ picture, png, ref });
    else flat++;
  } catch (err) {
    console.error(`skipped ${file}: ${(err as Error).message}`);
  }
}
console.log(
  `bench:images: ${photos.length} photographs (of ${files.size} pictures in ${dirs.join(', ')}: ${drawn} drawings, ` +
    `${flat} too plain to hash); whole ≤ ${WHOLE_MAX_DISTANCE}/256, window ≤ ${WINDOW_MAX_DISTANCE}/64`,
);
if (photos.length < 20) process.exit(1);

const index = new ReferenceImageIndex(
  photos.map((p, i) => ({ itemId: String(i), url: p.picture, sha256: '', hash: p.ref })),
);
const recall: Record<string, number> = {};
const copies: ImageHash[] = [];
let fpTotal = 0;
let pairsTotal = 0;
for (const [name, transform] of Object.entries(BENCH_TRANSFORMS)) {
  let found = 0;
  let whole = 0;
  let fp = 0;
  let fpWhole = 0;
  let pairs = 0;
  for (let i = 0; i < photos.length; i++) {
    const h = hashImage(await decodeImage(await transform(photos[i]!.png, i + 1)));
    copies.push(h);
    const hits = index.lookup(h);
    const own = hits.find((x) => x.itemId === String(i));
    if (own) found++;
    if (own?.kind === 'whole') whole++;
    for (const x of hits) {
      if (photos[Number(x.itemId)]!.picture === photos[i]!.picture) continue;
      fp++;
      if (x.kind === 'whole') fpWhole++;
    }
    pairs += photos.filter((p) => p.picture !== photos[i]!.picture).length;
  }
  recall[name] = found / photos.length;
  fpTotal += fp;
  pairsTotal += pairs;
  console.log(
    `bench:images: ${name.padEnd(12)} recall=${recall[name]!.toFixed(3)} (whole-image ` +
      `${(whole / photos.length).toFixed(3)}) ` +
      `false_positives=${fp}/${pairs} (whole ${fpWhole}) fpr=${(fp / pairs).toFixed(5)}`,
  );
}

// Hashing speed: the copies re-encoded as JPEG (what a shop serves), decoded and hashed on two worker threads.
const jpegs = await Promise.all(photos.map((p) => sharp(p.png).jpeg({ quality: 85 }).toBuffer()));
const workers = [0, 1].map(
  () => new Worker(new URL('./images-hash-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] }),
);
const round = (batch: Uint8Array[][]) =>
  Promise.all(
    workers.map(
      (w, k) =>
        new Promise<void>((resolve) => {
          w.once('message', () => resolve());
          w.postMessage(batch[k]);
        }),
    ),
  );
const halves = [jpegs.filter((_, i) => i % 2 === 0), jpegs.filter((_, i) => i % 2 === 1)];
await round(halves.map((h) => h.slice(0, 5))); // warm-up
// Other jobs share this machine's two cores, so the rate is the CPU the process spent (every thread, libvips's
// too) spread over two cores; the wall-clock rate is printed beside it.
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await round(halves);
const cpu = process.cpuUsage(cpu0);
const wallPerS = jpegs.length / ((performance.now() - t0) / 1000);
const hashesPerS = (2 * jpegs.length) / ((cpu.user + cpu.system) / 1e6);
await Promise.all(workers.map((w) => w.terminate()));

// Query time at a million stored hashes per table: the real hashes plus random fill.
function randomHash(words: number, r: () => number): Bits {
  const h = new Uint32Array(words);
  for (let w = 0; w < words; w++) h[w] = (r() * 2 ** 32) >>> 0;
  return h;
}
function queryUs(opts: typeof WHOLE_INDEX | typeof WINDOW_INDEX, real: Bits[], queries: Bits[], d: number) {
  const r = mulberry32(opts.bits);
  const ix = new HammingIndex(opts);
  real.forEach((h, i) => ix.add(h, i));
  for (let i = real.length; i < 1_000_000; i++) ix.add(randomHash(opts.bits / 32, r), i);
  ix.build();
  for (const q of queries.slice(0, 100)) ix.search(q, d);
  const c0 = process.cpuUsage();
  for (const q of queries) ix.search(q, d);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / queries.length;
}
const views = copies.flatMap((c) => c.views.filter((v) => v.quality >= MIN_LISTING_QUALITY));
const wholeUs = queryUs(
  WHOLE_INDEX,
  photos.flatMap((p) => p.ref.whole.views.map((v) => v.bits)),
  views.map((v) => v.bits),
  WHOLE_MAX_DISTANCE,
);
const regionUs = queryUs(
  WHOLE_INDEX,
  photos.flatMap((p) => p.ref.whole.views.flatMap((v) => v.regions.map((r) => r.bits))),
  views.flatMap((v) => v.regions.map((r) => r.bits)),
  REGION_MAX_DISTANCE,
);
const windowUs = queryUs(
  WINDOW_INDEX,
  photos.flatMap((p) => windowList(p.ref.windows).map((w) => w.bits)),
  views.map((v) => v.coarse),
  WINDOW_MAX_DISTANCE,
);
console.log(
  `bench:images: speed hashes_per_s=${hashesPerS.toFixed(0)} (decode+hash, CPU time over 2 cores; wall clock on 2 ` +
    `worker threads while other jobs ran: ${wallPerS.toFixed(0)}/s) ` +
    `query_us_whole_1m=${wholeUs.toFixed(0)} query_us_region_1m=${regionUs.toFixed(0)} ` +
    `query_us_window_1m=${windowUs.toFixed(0)} (CPU per hash looked up)`,
);
const r3 = (k: string) => recall[k]!.toFixed(3);
const queryUsAt1m = Math.max(wholeUs, regionUs, windowUs);
console.log(
  `bench:images: hashes_per_s=${hashesPerS.toFixed(0)} query_us_at_1m=${queryUsAt1m.toFixed(0)} ` +
    `recall_resize=${Math.min(recall.resize_50!, recall.resize_25!).toFixed(3)} recall_jpeg=${r3('jpeg_q30')} ` +
    `recall_crop10=${r3('crop_10')} recall_crop20=${r3('crop_20')} recall_crop30=${r3('crop_30')} ` +
    `recall_border=${r3('border_10')} recall_watermark=${r3('watermark')} recall_flip=${r3('flip')} ` +
    (`recall_brightness=${Math.min(recall.brighter_20!, recall.darker_20!).toFixed(3)} ` +
      `fpr=${(fpTotal / pairsTotal).toFixed(5)}`),
);
