import sharp from 'sharp';
import type { RgbaImage } from '../../shared/image';
import { ImageDecodeError } from './decode';

/**
 * A small JPEG of a screenshot for a report: at most `width` pixels wide and
 * `maxHeight` tall (the top of a long page, where the listing's title and
 * price are), so a report of many hits stays a few megabytes. Throws
 * ImageDecodeError for bytes that are not a raster image.
 */
export async function thumbnailJpeg(bytes: Uint8Array, width = 320, maxHeight = 480): Promise<Uint8Array> {
  try {
    const img = sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error', pages: 1 }).autoOrient();
    const meta = await img.metadata();
    const scale = Math.min(1, width / (meta.width ?? width));
    const fullHeight = Math.max(1, Math.round((meta.height ?? maxHeight) * scale));
    const out = await img
      .resize({ width: Math.min(width, meta.width ?? width) })
      .extract({
        left: 0,
        top: 0,
        width: Math.min(width, meta.width ?? width),
        height: Math.min(fullHeight, maxHeight),
      })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 70, mozjpeg: true })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw new ImageDecodeError(`cannot make a thumbnail: ${(err as Error).message}`);
  }
}

/**
 * A small JPEG of a decoded photo (a reference, or a listing photo that
 * matched one), fitted inside `side` × `side`: the pair a reviewer compares.
 * Made from the pixels already decoded (with the decoder's caps), so the
 * bytes are not read twice.
 */
export async function photoThumbnailJpeg(pixels: RgbaImage, side = 160): Promise<Uint8Array> {
  const out = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } })
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 75, mozjpeg: true })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
