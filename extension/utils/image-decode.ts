import { hashImageData, type ImageHash } from '../../shared/image';

/** Largest image decoded in the extension, in pixels: past it the photo is skipped (as the crawler refuses it). */
const MAX_PIXELS = 40_000_000;

/**
 * Image bytes → ImageData through OffscreenCanvas (service worker and pages
 * alike). `createImageBitmap` applies EXIF orientation and takes the first
 * frame of an animation, as the crawler's decoder does; colour space
 * conversion is asked for sRGB so the bytes match the crawler's.
 */
export async function decodeToImageData(blob: Blob): Promise<ImageData> {
  if (blob.type === 'image/svg+xml') throw new Error('SVG images are not hashed');
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  try {
    if (bitmap.width * bitmap.height > MAX_PIXELS) throw new Error(`image is ${bitmap.width}×${bitmap.height}, over ${MAX_PIXELS} pixels`);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context on OffscreenCanvas');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' });
  } finally {
    bitmap.close();
  }
}

/** A photo's hash in the extension: the same pure function over the same RGBA bytes as the crawler. */
export async function hashImageBlob(blob: Blob): Promise<ImageHash> {
  return hashImageData(await decodeToImageData(blob));
}
