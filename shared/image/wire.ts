/**
 * A reference photo's hash as the review API sends it to the extension:
 * views as hex, the 625 crop-grid windows packed (as the store keeps them)
 * and base64, their qualities one byte each. About 7 KB a photo as JSON.
 * The windows are cropGrid()'s in its order, which a HASH_VERSION fixes:
 * the receiver uses a photo only when its version is the receiver's own.
 */
import { z } from 'zod';
import { fromHex, packBits, toHex, unpackBits } from './bits';
import { cropGrid, type UnitRect } from './crops';
import type { ReferencePhoto } from './reference-index';

const Hex = (bits: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bits / 4}}$`));
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const ReferenceHashWireSchema = z.object({
  itemId: z.string(),
  /** The photo's URL, or `upload:<sha256>` for one uploaded through the API. */
  url: z.string(),
  version: z.number().int(),
  views: z
    .array(
      z.object({
        rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
        bits: Hex(256),
        mirror: Hex(256),
        quality: z.number().int().min(0).max(100),
        coarse: Hex(64),
        coarseMirror: Hex(64),
      }),
    )
    .min(1)
    .max(8),
  /** Each window's 64-bit hash, in cropGrid() order, packed (packBits) and base64. */
  windows: Base64,
  /** Each window's quality, 0..100, one byte each, base64. */
  windowQualities: Base64,
});
export type ReferenceHashWire = z.infer<typeof ReferenceHashWireSchema>;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Standard base64 with padding (shared/ has neither Buffer nor btoa). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const s = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of s) {
    const v = B64_INDEX.get(c);
    if (v === undefined) throw new RangeError(`not base64: '${c}'`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

export function referenceToWire(r: ReferencePhoto): ReferenceHashWire {
  return {
    itemId: r.itemId,
    url: r.url,
    version: r.hash.whole.version,
    views: r.hash.whole.views.map((v) => ({
      rect: { x: v.rect.x, y: v.rect.y, w: v.rect.w, h: v.rect.h },
      bits: toHex(v.bits),
      mirror: toHex(v.mirror),
      quality: v.quality,
      coarse: toHex(v.coarse),
      coarseMirror: toHex(v.coarseMirror),
    })),
    windows: toBase64(packBits(r.hash.windows.map((w) => w.bits))),
    windowQualities: toBase64(Uint8Array.from(r.hash.windows.map((w) => w.quality))),
  };
}

let defaultGrid: UnitRect[] | undefined;

/** Back to the hash the index takes; throws when the windows are not the grid's. */
export function referenceFromWire(w: ReferenceHashWire, grid?: readonly UnitRect[]): ReferencePhoto {
  const cells = grid ?? (defaultGrid ??= cropGrid());
  const bits = unpackBits(fromBase64(w.windows), 64);
  const qualities = fromBase64(w.windowQualities);
  if (bits.length !== cells.length || qualities.length !== cells.length)
    throw new RangeError(`${bits.length} windows and ${qualities.length} qualities for a grid of ${cells.length}`);
  return {
    itemId: w.itemId,
    url: w.url,
    hash: {
      whole: {
        version: w.version,
        views: w.views.map((v) => ({
          rect: v.rect,
          bits: fromHex(v.bits),
          mirror: fromHex(v.mirror),
          quality: v.quality,
          coarse: fromHex(v.coarse),
          coarseMirror: fromHex(v.coarseMirror),
        })),
      },
      windows: bits.map((b, i) => ({ window: cells[i]!, bits: b, quality: qualities[i]! })),
    },
  };
}
