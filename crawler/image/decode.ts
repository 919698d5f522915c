import sharp from 'sharp';
import type { RgbaImage } from '../../shared/image';

/** Limits on what `decodeImage` will take; every default is documented. */
export interface DecodeOptions {
  /** Largest width × height decoded. Default 40,000,000 (e.g. 8000×5000); libvips refuses before allocating. */
  maxPixels?: number;
  /** Largest encoded size in bytes. Default 20 MiB. */
  maxBytes?: number;
}

/**
 * Raster formats a shop or video site serves photos in. SVG is refused: it is a document, not pixels, and may carry
 * script.
 */
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
}

/**
 * Encoded image bytes → RGBA pixels in sRGB, EXIF orientation applied, first
 * frame of an animation — the same pixels a browser's canvas holds for the
 * image, so both feed the same pure hash (`shared/image`). Throws
 * ImageDecodeError with the reason for anything refused or unreadable.
 */
export async function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<RgbaImage> {
  const maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
  if (bytes.byteLength > maxBytes)
    throw new ImageDecodeError(`image is ${bytes.byteLength} bytes, over the ${maxBytes}-byte cap`);
  const input = { limitInputPixels: opts.maxPixels ?? 40_000_000, failOn: 'error' as const, pages: 1 };
  let format: string | undefined;
  try {
    const meta = await sharp(bytes, input).metadata();
    format = meta.format;
  } catch (err) {
    throw new ImageDecodeError(`unreadable image: ${(err as Error).message}`);
  }
  if (!format || !FORMATS.has(format))
    throw new ImageDecodeError(`image format ${format ?? 'unknown'} is not accepted`);
  try {
    const { data, info } = await sharp(bytes, input)
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoder gave ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (err) {
    throw new ImageDecodeError(`cannot decode ${format} image: ${(err as Error).message}`);
  }
}
