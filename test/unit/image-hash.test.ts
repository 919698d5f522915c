import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageDecodeError } from '../../crawler/image/decode';
import {
  compareImages,
  fromHex,
  hamming,
  hashImage,
  hashReference,
  HammingIndex,
  hashImageData,
  imageDataToRgba,
  lumaPlane,
  MIN_COLOUR_QUALITY,
  MIN_LISTING_QUALITY,
  packBits,
  REGION_MIN_AGREEING,
  WHOLE_MAX_DISTANCE,
  WINDOW_MAX_COLOUR_DISTANCE,
  unpackBits,
  toHex,
  windowAt,
  windowList,
  trimBorders,
  type Bits,
  type HashView,
  type RgbaImage,
} from '../../shared/image';
import { cosineTable } from '../../shared/image/cosine';
import { mirrorRegion } from '../../shared/image/image-hash';
import { photoPlanes } from '../../shared/image/rgba';
import { flatPhoto, mulberry32, syntheticPhoto } from '../fixtures/images/synthetic';
import { rawInput, toPng } from '../fixtures/images/transforms';

/** Everything a view holds, as text, so a mismatch shows which part differs. */
const hexes = (v: HashView) => ({
  rect: v.rect,
  bits: toHex(v.bits),
  mirror: toHex(v.mirror),
  coarse: toHex(v.coarse),
  coarseMirror: toHex(v.coarseMirror),
  quality: v.quality,
  regions: v.regions.map((r) => ({ bits: toHex(r.bits), mirror: toHex(r.mirror), quality: r.quality })),
  colour: {
    u: toHex(v.colour.u),
    uMirror: toHex(v.colour.uMirror),
    v: toHex(v.colour.v),
    vMirror: toHex(v.colour.vMirror),
    quality: v.colour.quality,
  },
});
/** The most trimmed view: for photos with no border, the only one. */
const top = (img: Parameters<typeof hashImage>[0]) => hashImage(img).views[0]!;

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What OffscreenCanvas getImageData hands the extension: a fresh Uint8ClampedArray, colorSpace 'srgb'. */
function imageDataLike(width: number, height: number, bytes: ArrayLike<number>) {
  // ImageData owns a fresh Uint8ClampedArray: copy, so nothing is shared with the decoder's buffer.

  return { width, height, data: Uint8ClampedArray.from(bytes), colorSpace: 'srgb' };
}

describe('image hash: crawler and extension agree bit for bit', () => {
  it('the Node decoder path (PNG → sharp → RGBA) and ImageData-shaped pixels give identical hashes', async () => {
    for (const seed of [1, 2, 3]) {
      const img = syntheticPhoto(seed);
      const decoded = await decodeImage(await toPng(img));
      expect(sameBytes(decoded.data, img.data)).toBe(true);
      const node = hashImage(decoded);
      const ext = hashImageData(imageDataLike(img.width, img.height, img.data));
      expect(ext.views.map(hexes)).toEqual(node.views.map(hexes));
    }
  });

  it(
    'a JPEG decoded by sharp and the same pixels copied into ' + 'ImageData hash alike, the reference windows too',
    async () => {
      const jpeg = await rawInput(syntheticPhoto(7)).jpeg({ quality: 60 }).toBuffer();
      const decoded = await decodeImage(jpeg);
      const asImageData = imageDataLike(decoded.width, decoded.height, decoded.data);
      const a = hashReference(decoded);
      const b = hashReference(imageDataToRgba(asImageData));
      expect(b.whole.views.map(hexes)).toEqual(a.whole.views.map(hexes));
      const windowHexes = (r: typeof a) =>
        windowList(r.windows).map((w) => `${toHex(w.bits)} ${toHex(w.u)} ${toHex(w.v)} ${w.quality}`);
      expect(windowHexes(b)).toEqual(windowHexes(a));
    },
  );

  it('reads pixels alike whether their bytes are word-aligned or not, translucent ones too', () => {
    const img = syntheticPhoto(9, { width: 601, height: 333 });
    const data = Uint8Array.from(img.data);
    for (let p = 3; p < data.length; p += 4 * 7) data[p] = (p * 13) % 256; // every 7th pixel translucent
    // A view one byte into its buffer cannot be read a 32-bit word at a time.
    const shifted = new Uint8Array(data.length + 1);
    shifted.set(data, 1);
    const aligned = hashImage({ width: img.width, height: img.height, data });
    const unaligned = hashImage({ width: img.width, height: img.height, data: shifted.subarray(1) });
    expect(unaligned.views.map(hexes)).toEqual(aligned.views.map(hexes));
  });

  it('refuses a canvas that is not sRGB instead of hashing other numbers', () => {
    expect(() =>
      imageDataToRgba({ width: 1, height: 1, data: new Uint8ClampedArray(4), colorSpace: 'display-p3' }),
    ).toThrow(/display-p3/);
  });

  it('computes its cosines without Math.cos, to within a unit in the last place of it', () => {
    const t = cosineTable(64);
    for (let j = 0; j < t.length; j++) expect(Math.abs(t[j]! - Math.cos((Math.PI * j) / 128))).toBeLessThan(1e-15);
  });
});

describe('image hash: parts', () => {
  it('hex round-trips and Hamming distance counts differing bits', () => {
    const h = top(syntheticPhoto(4)).bits;
    expect(h.length).toBe(8);
    expect(toHex(fromHex(toHex(h)))).toBe(toHex(h));
    const g = Uint32Array.from(h);
    g[0] = (g[0]! ^ 0b1011) >>> 0;
    expect(hamming(h, g)).toBe(3);
  });

  it('packs the window hashes of a reference into bytes that read as their hex, and back', () => {
    const windows = windowList(hashReference(syntheticPhoto(12)).windows).map((w) => w.bits);
    const bytes = packBits(windows);
    expect(bytes.byteLength).toBe(625 * 8);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe(toHex(windows[0]!));
    expect(unpackBits(bytes, 64).map(toHex)).toEqual(windows.map(toHex));
    expect(() => unpackBits(bytes.subarray(0, 12), 64)).toThrow(/whole 64-bit/);
  });

  it('sets half the bits (median threshold)', () => {
    const h = top(syntheticPhoto(5));
    expect(hamming(h.bits, new Uint32Array(8))).toBe(128);
    expect(hamming(h.coarse, new Uint32Array(2))).toBe(32);
  });

  it('the mirror hash is the hash of the flipped image, also when block averaging leaves a short column', async () => {
    // 613 pixels wide: averaged in blocks of 2, the last block holds one column, on the other side once flipped.
    for (const img of [
      syntheticPhoto(6, { width: 500, height: 375 }),
      syntheticPhoto(6, { width: 613, height: 370 }),
    ]) {
      const flipped = await decodeImage(await rawInput(img).flop().png().toBuffer());
      const a = top(img);
      const b = top(flipped);
      expect(hamming(a.mirror, b.bits)).toBeLessThanOrEqual(2);
      expect(hamming(a.bits, b.mirror)).toBeLessThanOrEqual(2);
      expect(hamming(a.coarseMirror, b.coarse)).toBeLessThanOrEqual(2);
      expect(hamming(a.colour.uMirror, b.colour.u) + hamming(a.colour.vMirror, b.colour.v)).toBeLessThanOrEqual(2);
      // Region i of the flipped photo is the mirror of region mirrorRegion(i) of the photo.
      b.regions.forEach((r, i) =>
        expect(hamming(a.regions[mirrorRegion(i)]!.mirror, r.bits), `region ${i}`).toBeLessThanOrEqual(4),
      );
    }
  });

  it('trims a uniform frame and a plain background inside it', async () => {
    const img = syntheticPhoto(8, { width: 200, height: 150 });
    // Two sharp calls: a second extend() in one pipeline replaces the first.
    const padded = await rawInput(img)
      .extend({ top: 20, bottom: 20, left: 30, right: 30, background: '#ffffff' })
      .png()
      .toBuffer();
    const framed = await decodeImage(
      await sharp(padded).extend({ top: 6, bottom: 6, left: 6, right: 6, background: '#203040' }).png().toBuffer(),
    );
    expect(trimBorders(lumaPlane(framed))).toEqual({ x: 36, y: 26, w: 200, h: 150 });
    const views = hashImage(framed).views;
    expect(views.map((v) => v.rect)).toEqual([
      { x: 36, y: 26, w: 200, h: 150 },
      { x: 6, y: 6, w: 260, h: 190 },
      { x: 0, y: 0, w: 272, h: 202 },
    ]);
    expect(toHex(views[0]!.bits)).toBe(toHex(top(img).bits));
  });

  it('gives flat and nearly flat images a quality under even the listing floor, and a textured photo 100', () => {
    for (let s = 1; s <= 6; s++)
      for (const v of hashImage(flatPhoto(s)).views) expect(v.quality).toBeLessThan(MIN_LISTING_QUALITY);
    expect(top(syntheticPhoto(9)).quality).toBe(100);
  });

  it('never matches a flat image, not even to itself', () => {
    const flat = flatPhoto(2);
    expect(compareImages(hashImage(flat), hashReference(flat))).toBeUndefined();
  });

  it('box-reduces large images by a whole factor to at most 512 pixels a side (colour to 128)', () => {
    const big = syntheticPhoto(10, { width: 2400, height: 1601 });
    const planes = photoPlanes(big);
    expect(planes.luma).toMatchObject({ width: 480, height: 321, extent: { width: 480, height: 320.2 } });
    expect(planes.luma.data.length).toBe(480 * 321);
    // Colour in blocks of 19 (the smallest whole factor that fits 128): luma coordinates × 5/19.
    expect(planes.u).toMatchObject({ width: 127, height: 85, extent: { width: 2400 / 19, height: 1601 / 19 } });
    expect(planes.colourScale).toBe(5 / 19);
    expect(lumaPlane(big).data).toEqual(planes.luma.data);
  });
});

describe('image match decisions', () => {
  /** The same pixels with every colour turned to its opposite about the pixel's grey: same luma, colour negated. */
  const oppositeColours = (img: RgbaImage): RgbaImage => {
    const d = Uint8Array.from(img.data);
    for (let p = 0; p < d.length; p += 4) {
      const y = 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;
      for (let k = 0; k < 3; k++) d[p + k] = Math.max(0, Math.min(255, Math.round(2 * y - d[p + k]!)));
    }
    return { ...img, data: d };
  };
  const grey = (img: RgbaImage): RgbaImage => {
    const d = Uint8Array.from(img.data);
    for (let p = 0; p < d.length; p += 4)
      d[p] = d[p + 1] = d[p + 2] = Math.round(0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!);
    return { ...img, data: d };
  };
  const crop = (img: RgbaImage, x: number, y: number, w: number, h: number): RgbaImage => {
    const d = new Uint8Array(w * h * 4);
    for (let j = 0; j < h; j++)
      d.set(img.data.subarray(((y + j) * img.width + x) * 4, ((y + j) * img.width + x + w) * 4), j * w * 4);
    return { width: w, height: h, data: d };
  };

  it('matches a photo with its lower half covered by its regions, not its whole-image hash', () => {
    const img = syntheticPhoto(21, { width: 480, height: 360 });
    const covered = Uint8Array.from(img.data);
    // An opaque white band over 55..85 % of the height and a grey box in the top right corner.
    for (let y = Math.round(360 * 0.55); y < Math.round(360 * 0.85); y++)
      covered.fill(255, y * 480 * 4, (y + 1) * 480 * 4);
    for (let y = 0; y < 40; y++)
      for (let x = 380; x < 476; x++) covered.fill(128, (y * 480 + x) * 4, (y * 480 + x) * 4 + 3);
    const listing = hashImage({ ...img, data: covered });
    const ref = hashReference(img);
    const m = compareImages(listing, ref);
    expect(m).toMatchObject({ kind: 'whole', mirrored: false });
    expect(m!.distance).toBeGreaterThan(WHOLE_MAX_DISTANCE);
    expect(m!.regions).toBeGreaterThanOrEqual(REGION_MIN_AGREEING);
    // Every photo but this one stays apart.
    for (let s = 30; s < 40; s++) expect(compareImages(listing, hashReference(syntheticPhoto(s)))).toBeUndefined();
  });

  it('tells a crop from a photo of the same luma in other colours, and falls back to luma for grey photos', () => {
    const img = syntheticPhoto(22, { width: 480, height: 360 });
    const listing = hashImage(crop(img, 40, 30, 384, 288)); // 80 % of each side
    const own = compareImages(listing, hashReference(img));
    expect(own).toMatchObject({ kind: 'window' });
    expect(own!.colour).toBeLessThanOrEqual(WINDOW_MAX_COLOUR_DISTANCE);
    // The same luma (but where clipping to 0..255 moved it), so nearly the same luma hashes: only colour differs.
    const recoloured = hashReference(oppositeColours(img));
    const ownRef = hashReference(img);
    windowList(recoloured.windows).forEach((w, i) =>
      expect(hamming(w.bits, windowAt(ownRef.windows, i).bits)).toBeLessThanOrEqual(6),
    );
    expect(compareImages(listing, recoloured)).toBeUndefined();
    // A grey crop has no colour to compare: luma and the windows around the best one decide.
    const greyCrop = hashImage(grey(crop(img, 40, 30, 384, 288)));
    expect(greyCrop.views[0]!.colour.quality).toBeLessThan(MIN_COLOUR_QUALITY);
    const byLuma = compareImages(greyCrop, recoloured);
    expect(byLuma).toMatchObject({ kind: 'window' });
    expect(byLuma!.colour).toBeUndefined();
    expect(byLuma!.support).toBeGreaterThan(0);
  });
});

describe('HammingIndex', () => {
  const r = mulberry32(99);
  const random = (words: number): Bits => Uint32Array.from({ length: words }, () => Math.floor(r() * 2 ** 32) >>> 0);
  const flip = (h: Bits, k: number): Bits => {
    const out = Uint32Array.from(h);
    const seen = new Set<number>();
    while (seen.size < k) seen.add(Math.floor(r() * h.length * 32));
    for (const b of seen) out[b >>> 5] = (out[b >>> 5]! ^ (1 << (b & 31))) >>> 0;
    return out;
  };

  // Tables folded to the index's size (300 and 20,000 hashes) and a table per key value (70,000 64-bit hashes).
  for (const [bits, chunks, maxRadius, size] of [
    [256, 14, 1, 300],
    [256, 14, 1, 20_000],
    [64, 4, 2, 20_000],
    [64, 4, 2, 70_000],
  ] as const) {
    it(
      `${bits}-bit, ${chunks} substrings, probes of ${maxRadius}, ${size} hashes: finds exactly what a full scan ` +
        `finds up to ${chunks * (maxRadius + 1) - 1} bits`,
      () => {
        const words = bits / 32;
        const stored = Array.from({ length: size }, () => random(words));
        const index = new HammingIndex({ bits, chunks, maxRadius });
        stored.forEach((h, i) => index.add(h, i * 10));
        index.build();
        const exact = chunks * (maxRadius + 1) - 1;
        for (let q = 0; q < 200; q++) {
          const query =
            q % 4 ? flip(stored[Math.floor(r() * stored.length)]!, Math.floor(r() * (exact + 1))) : random(words);
          expect(index.search(query, exact)).toEqual(index.scan(query, exact));
        }
      },
    );
  }

  it("keeps tables about its own size: a catalogue's few hundred photos do not pay for 2^18 buckets a table", () => {
    const index = new HammingIndex({ bits: 256, chunks: 14, maxRadius: 1 });
    for (let i = 0; i < 300; i++) index.add(random(8), i);
    // 14 tables of 4,097 offsets and 300 postings; a bucket per 18–19-bit key value would be 18 MB.
    expect(index.build().tableBytes).toBeLessThan(14 * (4097 + 300) * 4 + 1);
  });

  it('refuses a hash of the wrong length and a search before build', () => {
    const index = new HammingIndex({ bits: 256 });
    expect(() => index.add(new Uint32Array(2), 1)).toThrow(/256-bit/);
    expect(() => index.search(new Uint32Array(8), 10)).toThrow(/build/);
  });
});

describe('decodeImage refuses what it should, with the reason', () => {
  it('SVG (a document that may carry script)', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect ' +
        'width="10" height="10"/></svg>',
    );
    await expect(decodeImage(svg)).rejects.toThrow(/format svg is not accepted/);
  });

  it('a truncated JPEG', async () => {
    const jpeg = await rawInput(syntheticPhoto(11)).jpeg().toBuffer();
    const err = await decodeImage(jpeg.subarray(0, jpeg.length >> 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect(String(err)).toMatch(/jpeg|unreadable|cannot decode/i);
  });

  it('a PNG whose header claims 50,000 × 50,000 pixels, before decoding it', async () => {
    const png = Buffer.from(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    png.writeUInt32BE(50_000, 16);
    png.writeUInt32BE(50_000, 20);
    await expect(decodeImage(png)).rejects.toThrow(ImageDecodeError);
  });

  it('bytes that are no image, and files over the byte cap', async () => {
    await expect(decodeImage(Buffer.from('hello, not an image'))).rejects.toThrow(/unreadable image/);
    await expect(decodeImage(new Uint8Array(2048), { maxBytes: 1024 })).rejects.toThrow(/over the 1024-byte cap/);
  });
});
