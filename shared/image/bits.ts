/**
 * Hashes are bit strings kept as 32-bit words (`Uint32Array`), bit i in word
 * i >>> 5 at position i & 31; as text, lower-case hex of the words in order,
 * each big-endian, so a 256-bit hash is 64 hex digits.
 */
export type Bits = Uint32Array;

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of differing bits; both must have the same length. */
export function hamming(a: Bits, b: Bits): number {
  if (a.length !== b.length) throw new RangeError(`hash lengths differ: ${a.length * 32} vs ${b.length * 32} bits`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += popcount32((a[i]! ^ b[i]!) >>> 0);
  return d;
}

export function toHex(bits: Bits): string {
  let s = '';
  for (let i = 0; i < bits.length; i++) s += (bits[i]! >>> 0).toString(16).padStart(8, '0');
  return s;
}

export function fromHex(hex: string): Bits {
  if (!/^(?:[0-9a-f]{8})+$/i.test(hex)) throw new RangeError(`not a hash: '${hex.slice(0, 80)}'`);
  const out = new Uint32Array(hex.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return out;
}

/** Differing bits between `a` and the `a.length` words of `words` from `offset` (a hash packed among others). */
export function hammingAt(a: Bits, words: Uint32Array, offset: number): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += popcount32((a[i]! ^ words[offset + i]!) >>> 0);
  return d;
}

/** Bits set where `values[i] > threshold`. */
export function bitsAbove(values: ArrayLike<number>, threshold: number): Bits {
  const out = new Uint32Array(Math.ceil(values.length / 32));
  for (let i = 0; i < values.length; i++)
    if (values[i]! > threshold) out[i >>> 5] = (out[i >>> 5]! | (1 << (i & 31))) >>> 0;
  return out;
}

export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Hashes of one length, end to end as bytes (each word big-endian, so the
 * bytes read as the hex): how a store keeps a reference's views or its 625
 * window hashes in one bytea column, in grid order.
 */
export function packBits(list: readonly Bits[]): Uint8Array {
  const words = list[0]?.length ?? 0;
  const out = new Uint8Array(list.length * words * 4);
  const view = new DataView(out.buffer);
  list.forEach((h, i) => {
    if (h.length !== words) throw new RangeError(`hash ${i} has ${h.length * 32} bits, the first ${words * 32}`);
    for (let w = 0; w < words; w++) view.setUint32((i * words + w) * 4, h[w]!, false);
  });
  return out;
}

/** Words as packBits lays them out (each big-endian): hashes already packed end to end, as one array. */
export function packWords(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(i * 4, words[i]!, false);
  return out;
}

/** packWords' bytes back to words. */
export function unpackWords(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`${bytes.byteLength} bytes are not whole 32-bit words`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getUint32(i * 4, false));
}

export function unpackBits(bytes: Uint8Array, bits: number): Bits[] {
  const size = bits / 8;
  if (bits % 32 !== 0 || bytes.byteLength % size !== 0)
    throw new RangeError(`${bytes.byteLength} bytes are not whole ${bits}-bit hashes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / size }, (_, i) =>
    Uint32Array.from({ length: bits / 32 }, (_, w) => view.getUint32(i * size + w * 4, false)),
  );
}
