/**
 * A reference photo's hash as the review API sends it to the extension:
 * views as hex (with their nine region hashes and their colour), the 625
 * crop-grid windows packed (as the store keeps them) and base64, their
 * qualities one byte each, their colour hashes packed. About 20 KB a photo
 * as JSON.
 * The windows are cropGrid()'s in its order, which a HASH_VERSION fixes:
 * the receiver uses a photo only when its version is the receiver's own.
 */
import { z } from 'zod';
import { fromHex, packWords, toHex } from './bits';
import { cropGrid, type UnitRect } from './crops';
import { windowsFromBytes } from './image-hash';
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
        regions: z
          .array(z.object({ bits: Hex(256), mirror: Hex(256), quality: z.number().int().min(0).max(100) }))
          .max(16),
        colour: z.object({
          u: Hex(64),
          uMirror: Hex(64),
          v: Hex(64),
          vMirror: Hex(64),
          quality: z.number().min(0).max(100),
        }),
      }),
    )
    .min(1)
    .max(8),
  /** Each window's 64-bit hash, in cropGrid() order, packed (packWords) and base64. */
  windows: Base64,
  /** Each window's quality, 0..100, one byte each, base64. */
  windowQualities: Base64,
  /** Each window's colour hashes (u then v, 64 bits each), in cropGrid() order, packed and base64. */
  windowColour: Base64,
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
      regions: v.regions.map((g) => ({ bits: toHex(g.bits), mirror: toHex(g.mirror), quality: g.quality })),
      colour: {
        u: toHex(v.colour.u),
        uMirror: toHex(v.colour.uMirror),
        v: toHex(v.colour.v),
        vMirror: toHex(v.colour.vMirror),
        quality: v.colour.quality,
      },
    })),
    windows: toBase64(packWords(r.hash.windows.bits)),
    windowQualities: toBase64(r.hash.windows.quality),
    windowColour: toBase64(packWords(r.hash.windows.colour)),
  };
}

let defaultGrid: UnitRect[] | undefined;

/** Back to the hash the index takes; throws when the windows are not the grid's. */
export function referenceFromWire(w: ReferenceHashWire, grid?: readonly UnitRect[]): ReferencePhoto {
  const cells = grid ?? (defaultGrid ??= cropGrid());
  const windows = windowsFromBytes(
    cells,
    fromBase64(w.windows),
    fromBase64(w.windowQualities),
    fromBase64(w.windowColour),
  );
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
          regions: v.regions.map((g) => ({ bits: fromHex(g.bits), mirror: fromHex(g.mirror), quality: g.quality })),
          colour: {
            u: fromHex(v.colour.u),
            uMirror: fromHex(v.colour.uMirror),
            v: fromHex(v.colour.v),
            vMirror: fromHex(v.colour.vMirror),
            quality: v.colour.quality,
          },
        })),
      },
      windows,
    },
  };
}
