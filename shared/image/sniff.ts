/**
 * What an encoded image says it is, read from its first bytes without
 * decoding: the format and the declared size. A decoder that trusts a header
 * claiming 50,000 × 50,000 pixels allocates 10 GB; asking first lets a
 * caller with no pixel limit of its own (a browser's createImageBitmap)
 * refuse it. Raster formats only: anything else (SVG, HTML) is undefined.
 */
export interface ImageInfo {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'avif';
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function png(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return { format: 'png', width: u32be(b, 16), height: u32be(b, 20) };
}

/** The first start-of-frame segment's size; every segment before it is skipped by its length. */
function jpeg(b: Uint8Array): ImageInfo | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { format: 'jpeg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}

function gif(b: Uint8Array): ImageInfo | undefined {
  return b.length >= 10 ? { format: 'gif', width: u16le(b, 6), height: u16le(b, 8) } : undefined;
}

function webp(b: Uint8Array): ImageInfo | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) return { format: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L' && b.length >= 25) {
    const v = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { format: 'webp', width: (v & 0x3fff) + 1, height: ((v >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b.length >= 30)
    return { format: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return undefined;
}

/**
 * AVIF (HEIF): the largest `ispe` (image spatial extent) property among the
 * first 64 KiB, where the metadata box is; the largest, so a small thumbnail
 * item cannot hide a huge primary one.
 */
function avif(b: Uint8Array): ImageInfo | undefined {
  const brand = ascii(b, 8, 4);
  if (brand !== 'avif' && brand !== 'avis') return undefined;
  let best: ImageInfo | undefined;
  const end = Math.min(b.length - 16, 65_536);
  for (let i = 16; i < end; i++) {
    if (b[i] !== 0x69 || ascii(b, i, 4) !== 'ispe') continue;
    const width = u32be(b, i + 8);
    const height = u32be(b, i + 12);
    if (!best || width * height > best.width * best.height) best = { format: 'avif', width, height };
  }
  return best;
}

export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const b = bytes;
  if (b.length < 12) return undefined;
  if (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return png(b);
  if (b[0] === 0xff && b[1] === 0xd8) return jpeg(b);
  if (ascii(b, 0, 4) === 'GIF8') return gif(b);
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b);
  if (ascii(b, 4, 4) === 'ftyp') return avif(b);
  return undefined;
}
