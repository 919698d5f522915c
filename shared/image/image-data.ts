import { hashImage, type ImageHash } from './image-hash';
import type { RgbaImage } from './rgba';

/**
 * What `OffscreenCanvasRenderingContext2D.getImageData` returns, by shape
 * only: shared/ takes no DOM types, and the extension's ImageData fits it.
 */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  /** 'srgb' unless the canvas was made in another space. */
  readonly colorSpace?: string;
}

/**
 * ImageData → the pure hash's input. getImageData gives row-major RGBA,
 * not premultiplied, exactly as sharp's raw output in the crawler, so the
 * bytes pass through untouched (no copy). A Display-P3 canvas would give
 * other numbers for the same colours than the crawler's sRGB decode, so it
 * is refused rather than hashed to bits that silently disagree.
 */
export function imageDataToRgba(img: ImageDataLike): RgbaImage {
  if (img.colorSpace !== undefined && img.colorSpace !== 'srgb')
    throw new Error(`canvas colour space ${img.colorSpace} is not sRGB`);
  return { width: img.width, height: img.height, data: img.data };
}

export function hashImageData(img: ImageDataLike): ImageHash {
  return hashImage(imageDataToRgba(img));
}
