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
  /**
   * How much of the last column and row is image, when the plane is a block average whose edge blocks were cut short
   * (a 1001-pixel side in blocks of 2: 500.5 of 501 columns). A view reaching that edge ends there, so a photo and its
   * mirror image, whose short blocks fall on opposite sides, still hash alike.
   */
  readonly extent?: { readonly width: number; readonly height: number };
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

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Longest side the luminance plane keeps; larger images are box-averaged down by a whole factor first. */
export const MAX_PLANE_SIDE = 512;

/** Longest side of the colour planes: they feed only 32×32 grids, and colour varies slowly. */
export const MAX_COLOUR_SIDE = 128;

/**
 * A photo as the hash reads it: luminance, and two colour-difference planes
 * (blue − luma and red − luma, the U and V of YUV unscaled) at a coarser
 * size. Colour coordinates are luminance ones times `colourScale`.
 */
export interface PhotoPlanes {
  luma: Plane;
  u: Plane;
  v: Plane;
  colourScale: number;
}

/**
 * Luminance (ITU-R BT.601 weights) after compositing over white: a
 * transparent product cut-out then looks like the same product on a white
 * page, which is how shops show it and how a JPEG copy of it looks. Images
 * wider or taller than `maxSide` are averaged over k×k blocks (k the smallest
 * whole factor that fits), which bounds memory and time and changes nothing
 * the 64×64 hash grid could see.
 */
export function lumaPlane(img: RgbaImage, maxSide = MAX_PLANE_SIDE): Plane {
  return photoPlanes(img, maxSide).luma;
}

/** Both block sizes a side of `img` is averaged over. */
function blocks(img: RgbaImage, maxSide: number) {
  const k = Math.max(1, Math.ceil(Math.max(img.width, img.height) / maxSide));
  return { k, w: Math.ceil(img.width / k), h: Math.ceil(img.height / k) };
}

/** `lumaPlane` and the colour planes in one pass over the pixels (compositing over white the same way). */
export function photoPlanes(img: RgbaImage, maxSide = MAX_PLANE_SIDE): PhotoPlanes {
  checkRgba(img);
  const L = blocks(img, maxSide);
  const C = blocks(img, Math.min(maxSide, MAX_COLOUR_SIDE));
  const luma = new Float64Array(L.w * L.h);
  const u = new Float64Array(C.w * C.h);
  const v = new Float64Array(C.w * C.h);
  const d = img.data;
  // Which output column each input column adds to, worked out once rather than per pixel.
  const lumaColumn = new Int32Array(img.width);
  const colourColumn = new Int32Array(img.width);
  for (let x = 0; x < img.width; x++) {
    lumaColumn[x] = Math.floor(x / L.k);
    colourColumn[x] = Math.floor(x / C.k);
  }
  // A pixel is one 32-bit load where the bytes allow it (little-endian, aligned: every engine the project runs on);
  // the arithmetic is the same either way, so are the bits.
  const words = LITTLE_ENDIAN && d.byteOffset % 4 === 0 ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
  for (let y = 0; y < img.height; y++) {
    const lumaRow = Math.floor(y / L.k) * L.w;
    const colourRow = Math.floor(y / C.k) * C.w;
    for (let x = 0, q = y * img.width; x < img.width; x++, q++) {
      let r: number, g: number, b: number, alpha: number;
      if (words) {
        const word = words[q]!;
        r = word & 255;
        g = (word >>> 8) & 255;
        b = (word >>> 16) & 255;
        alpha = word >>> 24;
      } else {
        r = d[4 * q]!;
        g = d[4 * q + 1]!;
        b = d[4 * q + 2]!;
        alpha = d[4 * q + 3]!;
      }
      const lum = 0.299 * r + 0.587 * g + 0.114 * b;
      const i = lumaRow + lumaColumn[x]!;
      const j = colourRow + colourColumn[x]!;
      if (alpha === 255) {
        luma[i] = luma[i]! + lum;
        u[j] = u[j]! + (b - lum);
        v[j] = v[j]! + (r - lum);
      } else {
        // Over white, each channel c becomes c·a + 255·(1 − a), so a colour difference is scaled by a.
        const a = alpha / 255;
        luma[i] = luma[i]! + (lum * a + 255 * (1 - a));
        u[j] = u[j]! + (b - lum) * a;
        v[j] = v[j]! + (r - lum) * a;
      }
    }
  }
  averageBlocks(luma, img, L);
  averageBlocks(u, img, C);
  averageBlocks(v, img, C);
  const extent = (k: number) => ({ width: img.width / k, height: img.height / k });
  return {
    luma: { width: L.w, height: L.h, data: luma, extent: extent(L.k) },
    u: { width: C.w, height: C.h, data: u, extent: extent(C.k) },
    v: { width: C.w, height: C.h, data: v, extent: extent(C.k) },
    colourScale: L.k / C.k,
  };
}

/** Block sums to means; blocks on the right and bottom edges may be cut short, so each is divided by what it holds. */
function averageBlocks(sum: Float64Array, img: RgbaImage, { k, w, h }: { k: number; w: number; h: number }): void {
  if (k === 1) return;
  for (let by = 0; by < h; by++) {
    const rows = Math.min(k, img.height - by * k);
    for (let bx = 0; bx < w; bx++) sum[by * w + bx] = sum[by * w + bx]! / (rows * Math.min(k, img.width - bx * k));
  }
}
