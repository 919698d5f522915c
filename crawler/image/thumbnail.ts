import sharp from 'sharp';
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
