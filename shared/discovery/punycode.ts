/**
 * Punycode (RFC 3492) and the IDNA label forms it makes (`xn--…`), written
 * here because shared/ runs in the browser too and has no node:url. Only
 * what look-alike domains need: encode and decode one label, and whole
 * domain names label by label. No IDNA 2008 mapping beyond NFC + lower case.
 */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const PREFIX = 'xn--';

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digit = (d: number): string => String.fromCharCode(d < 26 ? 97 + d : 22 + d);

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

/** The Punycode of one label's code points (without the `xn--` prefix). */
export function encodeLabel(label: string): string {
  const input = [...label].map((c) => c.codePointAt(0)!);
  let out = input
    .filter((c) => c < 0x80)
    .map((c) => String.fromCharCode(c))
    .join('');
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < input.length) {
    const m = Math.min(...input.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of input) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        out += digit(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** The code points of a Punycode label (without `xn--`); throws on malformed input. */
export function decodeLabel(encoded: string): string {
  const cut = encoded.lastIndexOf('-');
  const output = cut > 0 ? [...encoded.slice(0, cut)].map((c) => c.codePointAt(0)!) : [];
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = cut > 0 ? cut + 1 : 0; pos < encoded.length;) {
    const old = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= encoded.length) throw new Error(`bad punycode "${encoded}"`);
      const d = digitValue(encoded.charCodeAt(pos++));
      if (d >= BASE) throw new Error(`bad punycode "${encoded}"`);
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - old, output.length + 1, old === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** `維洛兰-outlet.com` → `xn--…-outlet.com`; ASCII labels pass through lower-cased. */
export function toAscii(domain: string): string {
  return domain
    .normalize('NFC')
    .toLowerCase()
    .split('.')
    .map((l) => (/^\p{ASCII}*$/u.test(l) ? l : PREFIX + encodeLabel(l)))
    .join('.');
}

/** `xn--…` labels back to Unicode; a label that does not decode stays as it is. */
export function toUnicode(domain: string): string {
  return domain
    .toLowerCase()
    .split('.')
    .map((l) => {
      if (!l.startsWith(PREFIX)) return l;
      try {
        return decodeLabel(l.slice(PREFIX.length));
      } catch {
        return l;
      }
    })
    .join('.');
}
