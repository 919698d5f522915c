/**
 * Currency symbols, words and codes as shops write them, mapped to ISO 4217.
 * Pure TypeScript: shared by the crawler and the browser extension.
 */

/** Current ISO 4217 codes, plus pre-euro and replaced ones still seen on old pages. */
const ISO_CODES = new Set(
  `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
   BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
   GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
   KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN
   MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR
   SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
   USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
   ATS BEF BYR CYP DEM EEK ESP FIM FRF GRD IEP ITL LTL LUF LVL MRO MTL NLG PTE SIT SKK STD VEF`.split(/\s+/),
);

/** Codes that are also everyday upper-case words ("ALL", "TOP", "PEN"): trusted only next to a number. */
const WORDLIKE_CODES = new Set([
  'ALL',
  'BAM',
  'BOB',
  'CAD',
  'CUP',
  'ESP',
  'GEL',
  'ITL',
  'MAD',
  'MOP',
  'PEN',
  'SOS',
  'STD',
  'SVC',
  'TOP',
  'TRY',
]);

/** Currencies whose minor unit is a thousandth, so "423.923" is a decimal, not a thousands group. */
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Symbols and words with one meaning wherever they appear. */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  Euro: 'EUR',
  Euros: 'EUR',
  EURO: 'EUR',
  $: 'USD',
  US$: 'USD',
  'US $': 'USD',
  U$S: 'USD',
  USD$: 'USD',
  A$: 'AUD',
  AU$: 'AUD',
  'AU $': 'AUD',
  C$: 'CAD',
  CA$: 'CAD',
  CAD$: 'CAD',
  CAN$: 'CAD',
  Can$: 'CAD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  NT$: 'TWD',
  MX$: 'MXN',
  Mex$: 'MXN',
  R$: 'BRL',
  BZ$: 'BZD',
  CUC$: 'CUC',
  RD$: 'DOP',
  J$: 'JMD',
  MOP$: 'MOP',
  T$: 'TOP',
  TT$: 'TTD',
  Z$: 'ZWL',
  G$: 'GYD',
  GY$: 'GYD',
  $U: 'UYU',
  $b: 'BOB',
  N$: 'NAD',
  EC$: 'XCD',
  FJ$: 'FJD',
  '£': 'GBP',
  '₤': 'GBP',
  'E£': 'EGP',
  // '¥' alone defaults to yuan (our marketplaces are mostly Chinese); the yen needs a clearer mark.
  '¥': 'CNY',
  'CN¥': 'CNY',
  RMB: 'CNY',
  rmb: 'CNY',
  yuan: 'CNY',
  Yuan: 'CNY',
  元: 'CNY',
  圆: 'CNY',
  圓: 'CNY',
  人民币: 'CNY',
  人民幣: 'CNY',
  'JP¥': 'JPY',
  円: 'JPY',
  日元: 'JPY',
  日圓: 'JPY',
  yen: 'JPY',
  Yen: 'JPY',
  美元: 'USD',
  美金: 'USD',
  欧元: 'EUR',
  歐元: 'EUR',
  英镑: 'GBP',
  英鎊: 'GBP',
  港币: 'HKD',
  港幣: 'HKD',
  港元: 'HKD',
  澳元: 'AUD',
  加元: 'CAD',
  新币: 'SGD',
  新台币: 'TWD',
  新台幣: 'TWD',
  台币: 'TWD',
  台幣: 'TWD',
  澳门元: 'MOP',
  澳門元: 'MOP',
  韩元: 'KRW',
  韓元: 'KRW',
  원: 'KRW',
  '₩': 'KRW',
  卢布: 'RUB',
  盧布: 'RUB',
  泰铢: 'THB',
  руб: 'RUB',
  'руб.': 'RUB',
  рублей: 'RUB',
  рубля: 'RUB',
  рубль: 'RUB',
  '₽': 'RUB',
  грн: 'UAH',
  'грн.': 'UAH',
  гривен: 'UAH',
  гривня: 'UAH',
  '₴': 'UAH',
  лв: 'BGN',
  'лв.': 'BGN',
  сўм: 'UZS',
  '₸': 'KZT',
  Kč: 'CZK',
  zł: 'PLN',
  Zł: 'PLN',
  ZŁ: 'PLN',
  Ft: 'HUF',
  lei: 'RON',
  Lei: 'RON',
  LEI: 'RON',
  kr: 'SEK',
  'kr.': 'SEK',
  Kr: 'SEK',
  'Kr.': 'SEK',
  CHF: 'CHF',
  SFr: 'CHF',
  'SFr.': 'CHF',
  Rs: 'INR',
  'Rs.': 'INR',
  '₹': 'INR',
  ரூ: 'INR',
  රු: 'LKR',
  Rp: 'IDR',
  'Rp.': 'IDR',
  RM: 'MYR',
  TL: 'TRY',
  '₺': 'TRY',
  '₪': 'ILS',
  'ש"ח': 'ILS',
  'ש״ח': 'ILS',
  "ש'ח": 'ILS',
  '₫': 'VND',
  VNĐ: 'VND',
  '฿': 'THB',
  บาท: 'THB',
  '₱': 'PHP',
  '₦': 'NGN',
  '₡': 'CRC',
  '₭': 'LAK',
  '₮': 'MNT',
  '₲': 'PYG',
  '₼': 'AZN',
  '₾': 'GEL',
  ლარი: 'GEL',
  lari: 'GEL',
  '֏': 'AMD',
  '৳': 'BDT',
  '؋': 'AFN',
  '៛': 'KHR',
  '₵': 'GHS',
  'GH₵': 'GHS',
  ƒ: 'ANG',
  'B/.': 'PAB',
  'S/.': 'PEN',
  'S/': 'PEN',
  KSh: 'KES',
  KShs: 'KES',
  TSh: 'TZS',
  USh: 'UGX',
  FBu: 'BIF',
  Fbu: 'BIF',
  Fdj: 'DJF',
  Nfk: 'ERN',
  ናቕፋ: 'ERN',
  نافكا: 'ERN',
  ብር: 'ETB',
  FRw: 'RWF',
  'R₣': 'RWF',
  CFA: 'XOF',
  FCFA: 'XOF',
  // Arabic script; '﷼' is folded to 'ریال' by NFKC, hence the Persian spelling meaning the rial.
  ریال: 'IRR',
  ريال: 'SAR',
  'ر.س': 'SAR',
  جنيه: 'EGP',
  'ج.م': 'EGP',
  درهم: 'AED',
  'د.إ': 'AED',
  'د.ك': 'KWD',
  'دينار كويتي': 'KWD',
  'د.ب': 'BHD',
  '.د.ب': 'BHD',
  'ر.ع': 'OMR',
  'ر.ق': 'QAR',
  'ر.ي': 'YER',
  'د.أ': 'JOD',
  'د.ا': 'JOD',
  'دينار أردني': 'JOD',
  'ع.د': 'IQD',
  'د.ع': 'IQD',
  'ل.د': 'LYD',
  'د.ل': 'LYD',
  'د.ت': 'TND',
  'د.ج': 'DZD',
  دج: 'DZD',
  'د.م': 'MAD',
  'ل.س': 'SYP',
  'ل.ل': 'LBP',
  'ج.س': 'SDG',
  'ج.س.': 'SDG',
  // Codes that are not ISO 4217 but that shops and feeds write: renminbi, offshore yuan, Taiwan dollar, old ruble and
  // lira.
  CNH: 'CNY',
  NTD: 'TWD',
  RUR: 'RUB',
  YTL: 'TRY',
  TRL: 'TRY',
};

/**
 * Short tokens with other everyday meanings (single letters, "KM", "pound"):
 * trusted only right next to a number.
 */
const WEAK_SYMBOLS: Record<string, string> = {
  R: 'ZAR',
  Р: 'RUB',
  р: 'RUB',
  'р.': 'RUB',
  Rbl: 'RUB',
  Q: 'GTQ',
  q: 'GTQ',
  đ: 'VND',
  Đ: 'VND',
  Eur: 'EUR',
  zl: 'PLN',
  Zl: 'PLN',
  Kc: 'CZK',
  kn: 'HRK',
  Br: 'BYN',
  KM: 'BAM',
  км: 'BAM',
  КМ: 'BAM',
  Nu: 'BTN',
  'Nu.': 'BTN',
  Dh: 'AED',
  Dhs: 'AED',
  DT: 'TND',
  LD: 'LYD',
  BD: 'BHD',
  KD: 'KWD',
  UM: 'MRU',
  MK: 'MWK',
  Db: 'STN',
  Ks: 'MMK',
  Vt: 'VUV',
  VT: 'VUV',
  ZK: 'ZMW',
  FG: 'GNF',
  MT: 'MZN',
  Ar: 'MGA',
  Bs: 'VES',
  'Bs.': 'VES',
  Re: 'INR',
  र: 'INR',
  रु: 'INR',
  'Fr.': 'CHF',
  din: 'RSD',
  дин: 'RSD',
  Дин: 'RSD',
  'дин.': 'RSD',
  Dinara: 'RSD',
  dinara: 'RSD',
  ден: 'MKD',
  ДЕН: 'MKD',
  сом: 'KGS',
  "so'm": 'UZS',
  som: 'UZS',
  Sʻ: 'UZS',
  "S'": 'UZS',
  тг: 'KZT',
  ЅM: 'TJS',
  ლ: 'GEL',
  Lek: 'ALL',
  lek: 'ALL',
  Esc: 'CVE',
  hrn: 'UAH',
  nis: 'ILS',
  NIS: 'ILS',
  pound: 'GBP',
  pounds: 'GBP',
  stg: 'GBP',
  RF: 'RWF',
  Rf: 'MVR',
};

/** Lower-case ISO codes seen on pages ("140,00 pln"); weak, as "rub" and "cad" are words. */
const LOWERCASE_CODES = [
  'aud',
  'bgn',
  'brl',
  'cad',
  'chf',
  'cny',
  'czk',
  'dkk',
  'eur',
  'gbp',
  'huf',
  'inr',
  'jpy',
  'krw',
  'mkd',
  'nok',
  'nzd',
  'pln',
  'ron',
  'rub',
  'sek',
  'uah',
  'usd',
];

const DOLLARS = [
  'USD',
  'CAD',
  'AUD',
  'NZD',
  'SGD',
  'HKD',
  'TWD',
  'MXN',
  'ARS',
  'CLP',
  'COP',
  'UYU',
  'BSD',
  'BBD',
  'BZD',
  'BMD',
  'BND',
  'KYD',
  'FJD',
  'GYD',
  'JMD',
  'LRD',
  'NAD',
  'SBD',
  'SRD',
  'TTD',
  'XCD',
  'ZWL',
  'DOP',
  'CUP',
];
const POUNDS = ['GBP', 'EGP', 'GIP', 'FKP', 'SHP', 'SYP', 'LBP', 'SDG', 'SSP'];
const YUAN = ['CNY', 'TWD', 'HKD', 'MOP'];
const RUPEES = ['INR', 'PKR', 'LKR', 'NPR', 'MUR', 'SCR'];
const CROWNS = ['SEK', 'NOK', 'DKK', 'ISK'];

/**
 * Symbols shared by several currencies. The table above gives the default;
 * a more specific code elsewhere on the page ("NZD $100.70") or in the hint wins.
 */
const FAMILIES: Record<string, readonly string[]> = {
  $: DOLLARS,
  '£': POUNDS,
  '₤': POUNDS,
  '¥': ['CNY', 'JPY'],
  元: YUAN,
  圆: YUAN,
  圓: YUAN,
  kr: CROWNS,
  'kr.': CROWNS,
  Kr: CROWNS,
  'Kr.': CROWNS,
  Rs: RUPEES,
  'Rs.': RUPEES,
  Re: RUPEES,
  ƒ: ['ANG', 'AWG', 'XCG'],
  Br: ['BYN', 'ETB'],
  lei: ['RON', 'MDL'],
  Lei: ['RON', 'MDL'],
  LEI: ['RON', 'MDL'],
  CFA: ['XOF', 'XAF'],
  FCFA: ['XOF', 'XAF'],
  ريال: ['SAR', 'QAR', 'OMR', 'YER', 'IRR'],
  درهم: ['AED', 'MAD'],
  'Fr.': ['CHF', 'XOF', 'XAF', 'XPF'],
};

export interface CurrencyMatch {
  start: number;
  end: number;
  code: string;
  /** Only to be believed when it sits right next to a number. */
  weak: boolean;
  /** Other currencies the same symbol stands for, when it is ambiguous. */
  family?: readonly string[];
}

interface TokenInfo {
  code: string;
  weak: boolean;
}

const TOKENS = new Map<string, TokenInfo>();
for (const code of ISO_CODES) TOKENS.set(code, { code, weak: WORDLIKE_CODES.has(code) });
for (const code of LOWERCASE_CODES) TOKENS.set(code, { code: code.toUpperCase(), weak: true });
for (const [key, code] of Object.entries(SYMBOLS)) TOKENS.set(key, { code, weak: false });
for (const [key, code] of Object.entries(WEAK_SYMBOLS)) TOKENS.set(key, { code, weak: true });

/**
 * Words looked up case-insensitively by currencyCode ("EURO", "Yen"). Not codes, nor short
 * tokens: "GBp" is pence, not pounds.
 */
const WORDS_LOWER = new Map<string, string>();
for (const [key, code] of Object.entries({ ...SYMBOLS, ...WEAK_SYMBOLS })) {
  if (/^\p{L}{3,}$/u.test(key) && !ISO_CODES.has(key.toUpperCase())) WORDS_LOWER.set(key.toLowerCase(), code);
}

/**
 * Letters of space-separated scripts (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
 * Devanagari, Tamil, Sinhala, Georgian). A token must not be glued to one, so "R" is not read
 * out of "RENAULT". Chinese, Japanese and Thai are left out: they do not separate words.
 * Plain ranges rather than \p{Script=…}: repeated in ~500 lookaheads, those took 200 ms to compile.
 */
const WORD_CHAR =
  '[A-Za-z\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u052F\\u0531-\\u058F\\u0590-\\u05FF\\u0600-\\u06FF' +
  '\\u0750-\\u077F\\u0900-\\u097F\\u0B80-\\u0BFF\\u0D80-\\u0DFF\\u10A0-\\u10FF\\u1E00-\\u1EFF]';
// eslint-disable-next-line no-misleading-character-class -- whole script blocks, their combining marks on purpose.
const WORD_RE = new RegExp(WORD_CHAR, 'u');

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * One alternative per first character, holding that character's key tails: a flat
 * alternation of ~500 keys is slow. Within a group, longest tails go first, since JS
 * alternation takes the first that fits ("R$" before "R"). The check that a token does not
 * start inside a word is left to findCurrencyTokens: as a regex lookbehind, tried at every
 * position for every group, it made parsing ten times slower.
 */
function tokenRegExp(keys: Iterable<string>): RegExp {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const [first = ''] = key;
    const tails = groups.get(first) ?? [];
    tails.push(key.slice(first.length));
    groups.set(first, tails);
  }
  const alternatives = [...groups].map(([first, tails]) => {
    const body = tails
      .sort((a, b) => b.length - a.length)
      .map((tail) => {
        const last = [...(first + tail)].pop() ?? '';
        return escapeRe(tail) + (WORD_RE.test(last) ? `(?!${WORD_CHAR})` : '');
      });
    return `${escapeRe(first)}(?:${body.join('|')})`;
  });
  return new RegExp(alternatives.join('|'), 'gu');
}

const TOKEN_RE = tokenRegExp(TOKENS.keys());

/**
 * Folds the many ways pages write the same text: full-width forms (￥, １２３), NBSP and thin
 * spaces, Arabic and Persian digits, invisible direction marks, curly apostrophes.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Both digit blocks start on a multiple of 16, so the low four bits are the digit.
      .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf))
      .replace(/\u066B/g, '.')
      .replace(/\u066C/g, ',')
      .replace(/[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g, '')
      .replace(/[\u2018\u2019\u2032`]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Every currency mark in already-normalised text, in order. */
export function findCurrencyTokens(text: string): CurrencyMatch[] {
  const out: CurrencyMatch[] = [];
  const re = TOKEN_RE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const info = TOKENS.get(m[0]);
    const [first = ''] = m[0];
    // Glued to the word before ("RENAULT" holds no "R"): skip, and look again one character on.
    if (!info || (WORD_RE.test(first) && WORD_RE.test(text.charAt(m.index - 1)))) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const match: CurrencyMatch = { start: m.index, end: m.index + m[0].length, code: info.code, weak: info.weak };
    const family = FAMILIES[m[0]];
    if (family) match.family = family;
    out.push(match);
  }
  return out;
}

/**
 * ISO 4217 code for a symbol, word or code: '€'→'EUR', '元'→'CNY', 'руб'→'RUB', 'R$'→'BRL'.
 * Ambiguous symbols get their most likely reading ('$'→'USD', '¥'→'CNY', 'kr'→'SEK').
 */
export function currencyCode(symbolOrWord: string): string | undefined {
  const s = normaliseText(symbolOrWord);
  if (!s) return undefined;
  const direct = TOKENS.get(s);
  if (direct) return direct.code;
  if (/^(?:[A-Z]{3}|[a-z]{3})$/.test(s) && ISO_CODES.has(s.toUpperCase())) return s.toUpperCase();
  return WORDS_LOWER.get(s.toLowerCase());
}

/** A current or recently replaced ISO 4217 code ("USD", "DEM"); "RMB" or "XYZ" is not. */
export function isIsoCurrency(code: string): boolean {
  return ISO_CODES.has(code);
}

export function hasThreeDecimals(code: string | undefined): boolean {
  return code !== undefined && THREE_DECIMALS.has(code);
}
