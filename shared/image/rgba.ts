/**
 * The hash input: pixels exactly as `ImageData` (OffscreenCanvas
 * `getImageData`) and sharp's `.ensureAlpha().raw()` give them — row-major,
 * four bytes a pixel (R, G, B, A), alpha not premultiplied. Both sides of the
 * project hand the hash the same shape, so the same pixels give the same bits.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** A single-channel float plane (luminance 0..255), row-major. */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float64Array;
}

/** A rectangle in a plane's pixel coordinates; fractional edges are allowed. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export function checkRgba(img: RgbaImage): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`RGBA data has ${data.length} bytes, expected ${width * height * 4} for ${width}×${height}`);
  }
}

/** Longest side the luminance plane keeps; larger images are box-averaged down by a whole factor first. */
export const MAX_PLANE_SIDE = 1024;

/**
 * Luminance (ITU-R BT.601 weights) after compositing over white: a
 * transparent product cut-out then looks like the same product on a white
 * page, which is how shops show it and how a JPEG copy of it looks. Images
 * wider or taller than `maxSide` are averaged over k×k blocks (k the smallest
 * whole factor that fits), which bounds memory and time and changes nothing
 * the 64×64 hash grid could see.
 */
export function lumaPlane(img: RgbaImage, maxSide = MAX_PLANE_SIDE): Plane {
  checkRgba(img);
  const k = Math.max(1, Math.ceil(Math.max(img.width, img.height) / maxSide));
  const w = Math.ceil(img.width / k);
  const h = Math.ceil(img.height / k);
  const sum = new Float64Array(w * h);
  const count = new Float64Array(w * h);
  const d = img.data;
  for (let y = 0; y < img.height; y++) {
    const row = Math.floor(y / k) * w;
    for (let x = 0, p = y * img.width * 4; x < img.width; x++, p += 4) {
      const a = d[p + 3]! / 255;
      const lum = 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;
      const i = row + Math.floor(x / k);
      sum[i] = sum[i]! + (a === 1 ? lum : lum * a + 255 * (1 - a));
      count[i] = count[i]! + 1;
    }
  }
  if (k > 1) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / count[i]!;
  return { width: w, height: h, data: sum };
}
