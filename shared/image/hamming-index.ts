import { popcount32, type Bits } from './bits';

/** Shape and search effort of a `HammingIndex`. */
export interface HammingIndexOptions {
  /** Hash length in bits: 256 (whole-image) or 64 (crop windows). Must be a multiple of 32. */
  bits: number;
  /**
   * Substrings each hash is cut into (nearly equal, at most 24 bits); each is a table key. Default bits/16. See
   * WHOLE_INDEX and WINDOW_INDEX for tuned shapes.
   */
  chunks?: number;
  /**
   * Largest per-substring distance probed. Default 1. Search is exact for
   * distances up to chunks·(radius+1)−1 (pigeonhole); beyond that it finds
   * the large majority, and `recall` in the benchmark says how many.
   */
  maxRadius?: number;
}

export interface Neighbour {
  /** The id given to `add`. */
  id: number;
  distance: number;
}

/** The smallest table a folded index keeps (16 KB): past a few thousand hashes a table grows with them. */
const MIN_TABLE_BITS = 12;

/**
 * Near-neighbour search by Hamming distance: multi-index hashing (Norouzi,
 * Punjani & Fleet, CVPR 2012). Each hash is cut into substrings; a hash
 * within distance d of the query has, by pigeonhole, some substring within
 * ⌊d/chunks⌋ of the query's. So each substring table is probed with the
 * query's substring and its neighbours, and only those candidates are
 * compared in full. Substrings take bits along the DCT grid's diagonals, so
 * each mixes low and high frequencies and the edits of a transformed copy
 * spread evenly across them.
 *
 * Add everything, `build()` once, then search; ids are the caller's, 0..2³²−1.
 */
export class HammingIndex {
  readonly bits: number;
  readonly chunks: number;
  readonly maxRadius: number;
  private readonly words: number;
  /** Bit positions of each substring, in key order. */
  private readonly layout: Uint16Array[];
  private hashes: Uint32Array;
  private ids: Uint32Array;
  private n = 0;
  private offsets: Uint32Array[] = [];
  /** Each table's size in bits: the key's, or fewer when the index holds far fewer hashes (see `bucket`). */
  private tableBits: number[] = [];
  private postings: Uint32Array[] = [];
  /** For 64-bit hashes: each table's postings with the hash beside the index (i, word 0, word 1), read in order. */
  private inline: Uint32Array[] = [];
  private seen = new Uint32Array(0);
  private stamp = 0;
  private built = false;
  private maskCache: Int32Array[] = [];
  /** Full comparisons made by all searches so far (for the benchmark's figures). */
  compared = 0;

  constructor(opts: HammingIndexOptions) {
    if (opts.bits % 32 !== 0 || opts.bits <= 0)
      throw new RangeError(`bits must be a positive multiple of 32, got ${opts.bits}`);
    this.bits = opts.bits;
    this.words = opts.bits / 32;
    this.chunks = opts.chunks ?? opts.bits / 16;
    this.layout = substringLayout(opts.bits, this.chunks);
    if (this.layout.some((l) => l.length > 24 || l.length === 0))
      throw new RangeError(`${opts.bits} bits do not cut into ${this.chunks} substrings of 1..24 bits`);
    this.maxRadius = opts.maxRadius ?? 1;
    this.hashes = new Uint32Array(1024 * this.words);
    this.ids = new Uint32Array(1024);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes the built tables hold (offsets and postings), beside the hashes themselves. */
  get tableBytes(): number {
    return [...this.offsets, ...this.postings, ...this.inline].reduce((sum, a) => sum + a.byteLength, 0);
  }

  add(hash: Bits, id: number): void {
    if (this.built) throw new Error('index already built');
    if (hash.length !== this.words)
      throw new RangeError(`expected a ${this.bits}-bit hash, got ${hash.length * 32} bits`);
    if (this.n === this.ids.length) {
      const grow = (a: Uint32Array, k: number) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a.subarray(0, this.n * k));
        return b;
      };
      this.hashes = grow(this.hashes, this.words);
      this.ids = grow(this.ids, 1);
    }
    this.hashes.set(hash, this.n * this.words);
    this.ids[this.n++] = id;
  }

  /** Lays out the substring tables (counting sort per table: O(n) time, 4 bytes per hash per table). */
  build(): this {
    this.offsets = [];
    this.postings = [];
    const keys = new Uint32Array(this.n);
    // A table with a bucket per key value costs 4 bytes × 2^(key bits) whatever it holds: 1–2 MB a table for a
    // 256-bit index's 18–19-bit keys, 36 MB for the whole-image and region indexes of a catalogue's hundred photos.
    // Below that many hashes, keys are folded into about as many buckets as hashes (at least MIN_TABLE_BITS); a
    // bucket then also holds a few other keys' hashes, which the full comparison that follows every probe drops.
    const wanted = Math.max(MIN_TABLE_BITS, Math.ceil(Math.log2(Math.max(this.n, 1))));
    this.tableBits = this.layout.map((l) => Math.min(l.length, wanted));
    for (let c = 0; c < this.chunks; c++) {
      const buckets = 1 << this.tableBits[c]!;
      const offsets = new Uint32Array(buckets + 1);
      for (let i = 0; i < this.n; i++) {
        keys[i] = this.bucket(this.key(this.hashes, i * this.words, c), c);
        offsets[keys[i]! + 1]!++;
      }
      for (let k = 0; k < buckets; k++) offsets[k + 1]! += offsets[k]!;
      const fill = offsets.slice(0, buckets);
      const postings = new Uint32Array(this.n);
      for (let i = 0; i < this.n; i++) postings[fill[keys[i]!]!++] = i;
      this.offsets.push(offsets);
      if (this.words === 2) {
        // A 64-bit hash costs no more to keep beside each posting than to look up elsewhere, and a bucket is then
        // compared in one sequential read instead of a cache miss per candidate.
        const inline = new Uint32Array(this.n * 3);
        for (let p = 0; p < this.n; p++) {
          const i = postings[p]!;
          inline[3 * p] = i;
          inline[3 * p + 1] = this.hashes[2 * i]!;
          inline[3 * p + 2] = this.hashes[2 * i + 1]!;
        }
        this.inline.push(inline);
      } else this.postings.push(postings);
    }
    this.seen = new Uint32Array(this.n);
    this.built = true;
    return this;
  }

  /** Every stored hash within `maxDistance` of `query` that a substring probe reaches, nearest first. */
  search(query: Bits, maxDistance: number): Neighbour[] {
    if (!this.built) throw new Error('call build() before search()');
    if (query.length !== this.words)
      throw new RangeError(`expected a ${this.bits}-bit query, got ${query.length * 32} bits`);
    const radius = Math.min(this.maxRadius, Math.floor(maxDistance / this.chunks));
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const out: Neighbour[] = [];
    const { hashes, seen, ids, words } = this;
    const stamp = this.stamp;
    if (words === 2) return this.searchInline(query, maxDistance, radius, out);
    for (let c = 0; c < this.chunks; c++) {
      const masks = this.masks(radius, this.layout[c]!.length);
      const key = this.key(query, 0, c);
      const offsets = this.offsets[c]!;
      const postings = this.postings[c]!;
      // The key itself, then every key within `radius` bits of it.
      for (let m = 0; m < masks.length; m++) {
        const k = this.bucket(key ^ masks[m]!, c);
        const end = offsets[k + 1]!;
        for (let p = offsets[k]!; p < end; p++) {
          const i = postings[p]!;
          if (seen[i] === stamp) continue;
          seen[i] = stamp;
          this.compared++;
          let d = 0;
          const base = i * words;
          for (let w = 0; w < words && d <= maxDistance; w++) d += popcount32((hashes[base + w]! ^ query[w]!) >>> 0);
          if (d <= maxDistance) out.push({ id: ids[i]!, distance: d });
        }
      }
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** `search` over 64-bit hashes kept beside their postings: compare first, and dedupe only what is near. */
  private searchInline(query: Bits, maxDistance: number, radius: number, out: Neighbour[]): Neighbour[] {
    const { seen, ids } = this;
    const stamp = this.stamp;
    const q0 = query[0]!;
    const q1 = query[1]!;
    for (let c = 0; c < this.chunks; c++) {
      const masks = this.masks(radius, this.layout[c]!.length);
      const key = this.key(query, 0, c);
      const offsets = this.offsets[c]!;
      const inline = this.inline[c]!;
      for (let m = 0; m < masks.length; m++) {
        const k = this.bucket(key ^ masks[m]!, c);
        const end = 3 * offsets[k + 1]!;
        this.compared += offsets[k + 1]! - offsets[k]!;
        for (let p = 3 * offsets[k]!; p < end; p += 3) {
          const d = popcount32((inline[p + 1]! ^ q0) >>> 0) + popcount32((inline[p + 2]! ^ q1) >>> 0);
          if (d > maxDistance) continue;
          const i = inline[p]!;
          if (seen[i] === stamp) continue;
          seen[i] = stamp;
          out.push({ id: ids[i]!, distance: d });
        }
      }
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** XOR masks of every `keyBits`-bit key within `radius` bits (0 first), cached. */
  private masks(radius: number, keyBits: number): Int32Array {
    const cacheKey = radius * 32 + keyBits;
    let m = this.maskCache[cacheKey];
    if (!m) {
      const list = [0];
      let frontier = [0];
      for (let r = 0; r < radius; r++) {
        const next: number[] = [];
        for (const x of frontier) {
          const top = x === 0 ? -1 : 31 - Math.clz32(x);
          for (let b = top + 1; b < keyBits; b++) next.push(x | (1 << b));
        }
        list.push(...next);
        frontier = next;
      }
      m = this.maskCache[cacheKey] = Int32Array.from(list);
    }
    return m;
  }

  /** Full scan: the ground truth `search` is measured against. */
  scan(query: Bits, maxDistance: number): Neighbour[] {
    const out: Neighbour[] = [];
    for (let i = 0; i < this.n; i++) {
      let d = 0;
      for (let w = 0; w < this.words; w++) d += popcount32((this.hashes[i * this.words + w]! ^ query[w]!) >>> 0);
      if (d <= maxDistance) out.push({ id: this.ids[i]!, distance: d });
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Table c's bucket for a key: the key itself in a full-size table, else a multiplicative hash of it. */
  private bucket(key: number, c: number): number {
    const bits = this.tableBits[c]!;
    return bits === this.layout[c]!.length ? key : Math.imul(key, 0x9e3779b1) >>> (32 - bits);
  }

  private key(words: Uint32Array, base: number, c: number): number {
    const pos = this.layout[c]!;
    let k = 0;
    for (let j = 0; j < pos.length; j++) {
      const p = pos[j]!;
      k |= ((words[base + (p >>> 5)]! >>> (p & 31)) & 1) << j;
    }
    return k;
  }
}

/**
 * Bit positions of each substring. Hash bits are a square DCT grid (bit
 * u·side+v), so bits are dealt out in anti-diagonal order (u+v, then u) round
 * robin: each substring gets nearly the same number of bits, from low and
 * high frequencies alike.
 */
function substringLayout(bits: number, chunks: number): Uint16Array[] {
  const side = Math.round(Math.sqrt(bits));
  const order = Array.from({ length: bits }, (_, i) => i);
  if (side * side === bits)
    order.sort((a, b) => Math.floor(a / side) + (a % side) - (Math.floor(b / side) + (b % side)) || a - b);
  const lists: number[][] = Array.from({ length: chunks }, () => []);
  order.forEach((bit, k) => lists[k % chunks]!.push(bit));
  return lists.map((l) => Uint16Array.from(l));
}
