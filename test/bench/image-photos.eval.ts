/**
 * Image matching on real photographs: the robustness table of
 * test/unit/image-robustness.test.ts, on pictures instead of synthetic ones.
 *
 *   npx tsx test/bench/image-photos.eval.ts [DIR…]
 *
 * Without arguments it reads the wallpapers of Debian's background packages
 * (apt-get install mate-backgrounds ukui-wallpapers plasma-workspace-wallpapers
 * lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 gnome-backgrounds): one
 * picture per wallpaper (Plasma ships each in many sizes), scaled to at most
 * 1024 pixels a side as a catalogue photo would be. Every photo is a
 * reference; each transformed copy is matched against its source (true
 * positives) and against every other photo that is not a variant of the same
 * picture (false positives; light/dark or sized variants of one wallpaper
 * share a folder and a name stem and are left out).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../../crawler/image/decode';
import {
  compareImages,
  hashImage,
  hashReference,
  MIN_QUALITY,
  WHOLE_MAX_DISTANCE,
  WINDOW_MAX_DISTANCE,
  type ReferenceHash,
} from '../../shared/image';
import { TRANSFORMS } from '../fixtures/images/transforms';

const DIRS = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['/usr/share/backgrounds', '/usr/share/wallpapers', '/usr/share/lomiri-wallpapers', '/usr/share/ukui-wallpapers'];
/** Copies checked against every unrelated photo: one whole-image and one crop transform keep the run to minutes. */
const FP_TRANSFORMS = ['jpeg_q30', 'crop_60_80'];

function walk(dir: string, out: string[]): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(jpe?g|png|webp)$/i.test(p)) out.push(p);
  }
  return out;
}

/** Which picture a file shows: a Plasma wallpaper's folder, else folder + name without variant suffixes. */
function pictureOf(file: string): string {
  const i = file.indexOf('/contents/');
  if (i >= 0) return file.slice(0, i);
  const stem = basename(file)
    .replace(/\.[a-z]+$/i, '')
    .replace(/([-_ ]?(l|d|day|night|light|dark|morning|evening|\d+x\d+|\d+))+$/i, '');
  return join(dirname(file), stem.toLowerCase());
}

const pictures = new Map<string, string>();
for (const dir of DIRS)
  for (const f of walk(dir, []))
    if (!pictures.has(pictureOf(f)) || statSync(f).size > statSync(pictures.get(pictureOf(f))!).size)
      pictures.set(pictureOf(f), f);
if (pictures.size < 20) {
  console.error(
    `image-photos: found ${pictures.size} pictures in ${DIRS.join(', ')}; install Debian's background packages (see the header) or pass folders of photos`,
  );
  process.exit(1);
}

const photos: { picture: string; png: Buffer; ref: ReferenceHash }[] = [];
for (const [picture, file] of pictures) {
  try {
    const png = await sharp(readFileSync(file))
      .resize({ width: 1024, height: 1024, fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    const ref = hashReference(await decodeImage(png));
    if (ref.whole.views.some((v) => v.quality >= MIN_QUALITY)) photos.push({ picture, png, ref });
  } catch (err) {
    console.error(`skipped ${file}: ${(err as Error).message}`);
  }
}
console.log(
  `image-photos: ${photos.length} pictures with enough detail (of ${pictures.size}); whole ≤ ${WHOLE_MAX_DISTANCE}/256, window ≤ ${WINDOW_MAX_DISTANCE}/64`,
);

let pairs = 0;
const falsePositives = { whole: 0, window: 0 };
for (const [name, transform] of Object.entries(TRANSFORMS)) {
  let matched = 0;
  let whole = 0;
  for (let i = 0; i < photos.length; i++) {
    const h = hashImage(await decodeImage(await transform(photos[i]!.png, i + 1)));
    const m = compareImages(h, photos[i]!.ref);
    if (m) matched++;
    if (m?.kind === 'whole') whole++;
    if (!FP_TRANSFORMS.includes(name)) continue;
    for (let j = 0; j < photos.length; j++) {
      if (j === i || photos[j]!.picture === photos[i]!.picture) continue;
      pairs++;
      const f = compareImages(h, photos[j]!.ref);
      if (f) falsePositives[f.kind]++;
    }
  }
  console.log(
    `${name.padEnd(22)} TPR ${(matched / photos.length).toFixed(3)} (whole-image ${(whole / photos.length).toFixed(3)})`,
  );
}
const fp = falsePositives.whole + falsePositives.window;
console.log(
  `image-photos: unrelated pairs ${pairs} (${FP_TRANSFORMS.join(', ')} copies against every other picture): false positives ${fp} ` +
    `(whole ${falsePositives.whole}, window ${falsePositives.window}), FPR ${(fp / Math.max(1, pairs)).toFixed(5)}`,
);
