/**
 * Small value parsers shared by the structured-data readers and the adapter
 * interpreter: counts ("1.2万", "3,456 sold", "12k views"), durations (ISO 8601,
 * "1:52:03", "1h52m") and URL resolution. Pure: no Node built-ins, no DOM.
 */

/**
 * C0 and C1 control characters other than whitespace (NUL first of all:
 * PostgreSQL refuses it in text), and UTF-16 surrogates without their other
 * half (what "&#xD800;" or "\\ud800" in a page becomes), which jsonb refuses.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose.
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Control characters become spaces and lone surrogates U+FFFD, so any extracted text can be stored. */
export function storableText(text: string): string {
  UNSTORABLE.lastIndex = 0;
  if (!UNSTORABLE.test(text)) return text;
  return text.replace(UNSTORABLE, (c) => (c.charCodeAt(0) >= 0xd800 ? '\uFFFD' : ' '));
}

/** Collapse whitespace and trim, after making the text storable; empty strings become undefined. */
export function clean(text: string | null | undefined): string | undefined {
  if (text == null) return undefined;
  const s = storableText(String(text)).replace(/\s+/g, ' ').trim();
  return s === '' ? undefined : s;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Decode the few HTML entities that leak into JSON-LD strings ("Men&#39;s"). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const LATIN_MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  // "1.2w" is the Chinese web's shorthand for 1.2万.
  w: 1e4,
};
const CJK_MULTIPLIERS: Record<string, number> = { 千: 1e3, 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

const COUNT_RE =
  /(\d+(?:[.,]\d+|[ '\u00a0\u202f]\d{3}(?!\d))*)\s*(?:(thousand|million|billion|bn|mn|[kmbw])(?![a-z])|([千万萬亿億]))?/i;

/** Read a number written with thousands separators and/or a decimal mark. */
function toNumber(raw: string, hasMultiplier: boolean): number {
  const s = raw.replace(/[ '\u00a0\u202f]/g, '');
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (lastSep < 0) return Number(s);
  const sep = s[lastSep] as string;
  const bothKinds = s.includes('.') && s.includes(',');
  const decimals = s.length - lastSep - 1;
  const occurrences = s.split(sep).length - 1;
  const isDecimal = bothKinds || decimals !== 3 || (hasMultiplier && occurrences === 1);
  if (!isDecimal) return Number(s.replace(/[.,]/g, ''));
  const intPart = s.slice(0, lastSep).replace(/[.,]/g, '');
  return Number(`${intPart}.${s.slice(lastSep + 1)}`);
}

/** Text read for a count or a duration: the number is near the start, and a megabyte of digits is no count. */
const MAX_VALUE_TEXT = 200;

/**
 * A whole number a listing can hold, or undefined: above 2^53 a count or a
 * duration is not exact, and no real one comes near it ("月销 99999999999999999999 件").
 */
function plausible(n: number): number | undefined {
  const r = Math.round(n);
  return Number.isFinite(r) && r >= 0 && r <= Number.MAX_SAFE_INTEGER ? r : undefined;
}

/**
 * An integer count from text such as "1.2万", "10万+", "3,456 sold",
 * "12k views", "1.5M", "已售 2,300 件". The first number in the text is used.
 */
export function parseCount(text: string | number | null | undefined): number | undefined {
  if (text == null) return undefined;
  if (typeof text === 'number') return plausible(text);
  const s = text.slice(0, MAX_VALUE_TEXT).normalize('NFKC');
  const m = COUNT_RE.exec(s);
  if (!m || m[1] === undefined) return undefined;
  const latin = m[2]?.toLowerCase();
  const multiplier = latin ? (LATIN_MULTIPLIERS[latin] ?? 1) : m[3] ? (CJK_MULTIPLIERS[m[3]] ?? 1) : 1;
  return plausible(toNumber(m[1], multiplier !== 1) * multiplier);
}

const SIZE_RE =
  /(\d+(?:[.,]\d+|[ '\u00a0\u202f]\d{3}(?!\d))*)\s*(bytes?|[kmgtp]i?b|[kmgtp]o|[кмгт]и?б|б|b)(?![\p{L}])/iu;
const SIZE_POWERS: Record<string, number> = { k: 1, к: 1, m: 2, м: 2, g: 3, г: 3, t: 4, т: 4, p: 5 };

/**
 * Bytes from a file size as torrent indexes show it: "11.13 GB", "702,12 MB"
 * (decimal comma), "1.4 GiB", "3,1 Go", "4.2 ГБ". Indexes mean binary units
 * whether or not they write the "i" (RuTracker's 11948050347 bytes is its
 * "11.13 GB"), so every multiple is a power of 1024. The first size in the
 * text is used.
 */
export function parseSize(text: string | number | null | undefined): number | undefined {
  if (text == null) return undefined;
  if (typeof text === 'number') return plausible(text);
  const m = SIZE_RE.exec(text.slice(0, MAX_VALUE_TEXT).normalize('NFKC'));
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const unit = m[2].toLowerCase();
  const power = unit.length > 1 && !unit.startsWith('byte') ? (SIZE_POWERS[unit[0]!] ?? 0) : 0;
  return plausible(toNumber(m[1], power > 0) * 1024 ** power);
}

/** One ISO 8601 duration field: a number (decimal point or comma) and its designator. */
const isoField = (designator: string) => String.raw`(?:(\d+(?:[.,]\d+)?)${designator})?`;
const ISO_DURATION_RE = new RegExp(
  `^P${['Y', 'M', 'W', 'D'].map(isoField).join('')}(?:T${['H', 'M', 'S'].map(isoField).join('')})?$`,
  'i',
);
const CLOCK_RE = /(?:^|[^\d:])(\d{1,3}):([0-5]?\d)(?::([0-5]\d))?(?:[.,]\d+)?(?![\d:])/;
const UNIT_RE =
  /(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|小时|小時|時間|时|minutes?|mins?|m|分钟|分鐘|分|seconds?|secs?|s|秒)(?![a-z])/gi;

function num(v: string | undefined): number {
  return v === undefined ? 0 : Number(v.replace(',', '.'));
}

function unitSeconds(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('h') || u === '小时' || u === '小時' || u === '時間' || u === '时') return 3600;
  if (u.startsWith('m') || u.startsWith('分')) return 60;
  return 1;
}

/**
 * Seconds from an ISO 8601 duration ("PT1H52M3S"), a clock ("1:52:03",
 * "52:03"), unit text ("1h52m", "112 min", "1小时52分钟") or bare seconds ("6723").
 */
export function parseDuration(text: string | number | null | undefined): number | undefined {
  if (text == null) return undefined;
  if (typeof text === 'number') return plausible(text);
  const s = text.slice(0, MAX_VALUE_TEXT).normalize('NFKC').trim();
  if (s === '') return undefined;
  const iso = ISO_DURATION_RE.exec(s);
  if (iso && s.length > 1 && s.toUpperCase() !== 'PT') {
    const [, y, mo, w, d, h, mi, se] = iso;
    const total =
      num(y) * 365 * 86400 +
      num(mo) * 30 * 86400 +
      num(w) * 7 * 86400 +
      num(d) * 86400 +
      num(h) * 3600 +
      num(mi) * 60 +
      num(se);
    return plausible(total);
  }
  if (/^\d+(?:\.\d+)?$/.test(s)) return plausible(Number(s));
  const clock = CLOCK_RE.exec(s);
  if (clock) {
    const a = Number(clock[1]);
    const b = Number(clock[2]);
    return plausible(clock[3] !== undefined ? a * 3600 + b * 60 + Number(clock[3]) : a * 60 + b);
  }
  let total = 0;
  let found = false;
  for (const m of s.matchAll(UNIT_RE)) {
    total += Number(m[1]) * unitSeconds(m[2] as string);
    found = true;
  }
  return found ? plausible(total) : undefined;
}

/** Absolute http(s) URL of `href` against `base`, or undefined (data:, javascript:, junk). */
export function resolveUrl(href: string | null | undefined, base: string): string | undefined {
  const h = clean(href);
  if (!h) return undefined;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
