/**
 * Turns a shop's price text ("¥1,299.00", "1.299,00 €", "22000.00元/台", "1.2万元")
 * into an amount and an ISO 4217 currency code. Pure TypeScript: the crawler and the
 * browser extension both run it.
 */
import { currencyCode, findCurrencyTokens, hasThreeDecimals, normaliseText, type CurrencyMatch } from './currencies';

export { currencyCode };

export interface ParsedPrice {
  amount?: number;
  /** ISO 4217, e.g. 'CNY'. */
  currency?: string;
}

interface NumberSpan {
  start: number;
  end: number;
  /** The digits and separators as written, e.g. "1 298,00". */
  raw: string;
  /** 10000 for "1.2万". */
  multiplier: number;
  /** "40%" is a discount, not a price. */
  percent: boolean;
  /** Glued to a word ("128GB", "2x", but also "2963yen"): maybe a quantity. */
  glued: boolean;
}

/**
 * Digits with separators. A space or apostrophe only groups thousands when exactly three
 * digits follow ("1 298,00", "1'049"), so "4.81 16" stays two numbers. A leading "." is a
 * decimal point (".75 €") unless it ends an abbreviation ("Rs.25", "S/.25").
 */
const NUMBER_RE = /(?:(?<![\p{L}/])[.,]+)?(?:\d{1,3}(?:[ ']\d{3}(?!\d))+|\d+)(?:[.,]+\d+)*/gu;

/** Chinese and Japanese myriads: "1.2万元" is 12,000 yuan. */
const MULTIPLIERS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** Words joining the two ends of a range ("26 to 50 €"), whose currency is written once. */
const RANGE_JOIN = /^ ?(?:-|–|—|~|〜|to|bis|à|a|até|до|от|至|到) ?[^\d ]{0,4} ?$/iu;

/** A price that is only the word "free". */
const FREE_RE = /^[^\p{L}\d]*(?:free|gratis|kostenlos|gratuit|gratuito|бесплатно|免费|免費|無料)[^\p{L}\d]*$/iu;

/** Letters that, glued after a number, make it a quantity ("128GB", "2x") rather than a price. */
const UNIT_AFTER = /^[\p{Script=Latin}\p{Script=Cyrillic}]/u;

/**
 * Text read for a price. Longer text holds no single price, and a 4 MiB
 * "price" overflowed the regex engine's stack.
 */
const MAX_PRICE_TEXT = 2000;

/**
 * A minus right before the number or its currency mark ("-1", "-$5", "$-5", "−5 €"),
 * not a range ("10-20") nor a dash set apart ("- $44.99").
 */
function isNegative(s: string, n: NumberSpan, tokens: CurrencyMatch[]): boolean {
  let at = n.start;
  const before = tokens.find((t) => t.end === at);
  if (s[at - 1] !== '-' && s[at - 1] !== '\u2212' && before) at = before.start;
  const sign = s[at - 1];
  return (sign === '-' || sign === '\u2212') && !/[\p{L}\p{N}]/u.test(s[at - 2] ?? '');
}

/**
 * Amount and currency of a price text. A negative price gives no amount: no
 * listing costs less than nothing, and reading "-1" as 1 would invent a price.
 */
export function parsePrice(text: string | null | undefined, currencyHint?: string | null): ParsedPrice {
  const s = rejoinSplitDecimals(normaliseText((text ?? '').slice(0, MAX_PRICE_TEXT)));
  const numbers = findNumbers(s);
  const tokens = usableTokens(s, numbers);
  const chosen = pickNumber(s, numbers, tokens);

  const hint = normaliseText((currencyHint ?? '').slice(0, MAX_PRICE_TEXT));
  const currency = pickCurrency(tokens, chosen, usableTokens(hint, findNumbers(hint)));
  const amount = chosen
    ? isNegative(s, chosen, tokens)
      ? undefined
      : toAmount(chosen, currency)
    : FREE_RE.test(s)
      ? 0
      : undefined;

  const out: ParsedPrice = {};
  if (amount !== undefined && Number.isFinite(amount)) out.amount = amount;
  if (currency) out.currency = currency;
  return out;
}

/**
 * Pages that style the cents apart ("$119.<sup>95</sup>", "35€<sup>99</sup>") come out of
 * text extraction as "$119. 95" or "35€ 99". Put those cents back on the number.
 */
function rejoinSplitDecimals(s: string): string {
  return s
    .replace(/(\d[.,]) (\d{2})(?![\d,])/g, '$1$2')
    .replace(/(?<![\d.,])(\d+) ?€ ?(\d{2})(?!\d|[.,]\d| ?€)/g, '$1.$2 €');
}

function findNumbers(s: string): NumberSpan[] {
  const spans: NumberSpan[] = [];
  for (const m of s.matchAll(NUMBER_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    const rest = s.slice(end);
    const mult = /^ ?([万萬亿億])/u.exec(rest);
    if (mult) end += mult[0].length;
    spans.push({
      start,
      end,
      raw: m[0],
      multiplier: mult ? (MULTIPLIERS[mult[1] ?? ''] ?? 1) : 1,
      percent: /^ ?%/.test(rest),
      glued: UNIT_AFTER.test(rest),
    });
  }
  return spans;
}

/** Characters between a currency mark and its number ("US$:12.99", "50,- Kč", "Rs. 25"). */
function gapBetween(s: string, t: CurrencyMatch, n: NumberSpan): string | undefined {
  if (t.end <= n.start) return s.slice(t.end, n.start);
  if (t.start >= n.end) return s.slice(n.end, t.start);
  return undefined;
}

function isAdjacent(s: string, t: CurrencyMatch, n: NumberSpan): boolean {
  const gap = gapBetween(s, t, n);
  return gap !== undefined && /^[ :.,\-–]{0,3}$/.test(gap);
}

/** Strong marks count anywhere; weak ones ("R", "KM") only beside a number or standing alone. */
function usableTokens(s: string, numbers: NumberSpan[]): CurrencyMatch[] {
  return findCurrencyTokens(s).filter(
    (t) => !t.weak || (t.start === 0 && t.end === s.length) || numbers.some((n) => isAdjacent(s, t, n)),
  );
}

/**
 * The first number, unless it is not a price and a later one is: "20% off $50",
 * "12x de R$ 44,00", "月销1万件 ¥29.9". A range ("26 to 50 €") keeps its lower end.
 * A percentage alone ("40% OFF") is no price at all.
 */
function pickNumber(s: string, numbers: NumberSpan[], tokens: CurrencyMatch[]): NumberSpan | undefined {
  const notPercent = numbers.filter((n) => !n.percent);
  const isQuantity = (n: NumberSpan) => n.glued && !tokens.some((t) => t.start === n.end);
  const plain = notPercent.filter((n) => !isQuantity(n));
  const candidates = plain.length ? plain : notPercent;
  const first = candidates[0];
  if (!first) return undefined;
  const priced = (n: NumberSpan) => tokens.some((t) => isAdjacent(s, t, n));
  if (priced(first)) return first;
  const later = candidates.find(priced);
  if (!later) return first;
  return RANGE_JOIN.test(s.slice(first.end, later.start)) ? first : later;
}

function distance(t: CurrencyMatch, n: NumberSpan): number {
  if (t.end <= n.start) return n.start - t.end;
  if (t.start >= n.end) return t.start - n.end;
  return 0;
}

/**
 * The currency mark nearest the chosen number ("AED 8000 (USD 2179)" is AED), else the
 * hint's. An ambiguous symbol yields to a specific code on the page or in the hint
 * ("NZD $100.70", "$1,190.00 AUD", hint "JPY" with "¥1,299").
 */
function pickCurrency(
  tokens: CurrencyMatch[],
  chosen: NumberSpan | undefined,
  hintTokens: CurrencyMatch[],
): string | undefined {
  const ranked = chosen ? [...tokens].sort((a, b) => distance(a, chosen) - distance(b, chosen)) : tokens;
  const best = ranked[0] ?? hintTokens[0];
  if (!best) return undefined;
  const family = best.family;
  if (family) {
    const specific = [...tokens, ...hintTokens].find((t) => t.code !== best.code && family.includes(t.code));
    if (specific) return specific.code;
  }
  return best.code;
}

function toAmount(n: NumberSpan, currency: string | undefined): number {
  // Before 万 a lone separator is always decimal: "1.250万" is 12,500.
  const value = parseNumber(n.raw, hasThreeDecimals(currency) || n.multiplier !== 1);
  return n.multiplier === 1 ? value : Number((value * n.multiplier).toFixed(4));
}

/**
 * Reads "1.299,00", "1,299.00", "1 298,00", "1'049,95", "$..75" as numbers. A lone
 * separator followed by exactly three digits groups thousands ("129.900", "$699,000"),
 * unless the currency counts in thousandths or `threeDigitDecimal` says otherwise.
 */
function parseNumber(raw: string, threeDigitDecimal = false): number {
  let s = raw.replace(/[ ']/g, '');
  const lead = /^[.,]+/.exec(s);
  if (lead) {
    s = s.slice(lead[0].length);
    // ".75" is 0.75; in ".750.30" the stray leading dot is noise.
    if (!/[.,]/.test(s)) return Number(`0.${s}`);
  }
  const decimalAt = decimalIndex(s, threeDigitDecimal);
  const whole = (decimalAt < 0 ? s : s.slice(0, decimalAt)).replace(/[.,]/g, '');
  const fraction = decimalAt < 0 ? '' : s.slice(decimalAt + 1);
  return Number(fraction ? `${whole}.${fraction}` : whole);
}

/** Index of the decimal separator in s, or -1 when every separator groups thousands. */
function decimalIndex(s: string, threeDigitDecimal: boolean): number {
  const at = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (at < 0) return -1;
  const sep = s.charAt(at);
  // Used more than once, a separator can only group: "1.144.000".
  if (s.indexOf(sep) !== at) return -1;
  // Both kinds present: the last one is the decimal ("1.299,00", "123,456.789").
  const other = sep === '.' ? ',' : '.';
  if (s.includes(other)) return at;
  const digitsAfter = s.length - at - 1;
  if (digitsAfter !== 3 || threeDigitDecimal) return at;
  // "0.750" cannot be seven hundred and fifty.
  return /^0+$/.test(s.slice(0, at)) ? at : -1;
}
