/**
 * Model and part numbers ("KDL-40S5100", "SDSDUNC-064G-GN6IN", "637414-B21"):
 * the strongest clue that two titles name the same product, and written
 * every way — with or without dashes and spaces, with colour or region
 * suffixes, with leading zeros.
 */

const LETTER = /[a-z]/;
const DIGIT = /[0-9]/;
const ALNUM = /^[a-z0-9]+$/;

/** A token that looks like a code: letters and digits mixed (4+ characters), or a run of 5+ digits. */
export function isCode(token: string): boolean {
  if (!ALNUM.test(token)) return false;
  if (token.length >= 4 && LETTER.test(token) && DIGIT.test(token)) return true;
  return token.length >= 5 && token.length <= 14 && !LETTER.test(token);
}

/** A code with digits and letters and at least five characters: two different ones mean two products. */
export function isStrongCode(code: string): boolean {
  return code.length >= 5 && LETTER.test(code) && DIGIT.test(code);
}

/** Leading zeros dropped ("0012345" → "12345"), so zero-padded part numbers meet their plain form. */
export function canonicalCode(code: string): string {
  return code.replace(/^0+(?=\d)/, '');
}

/** The code without a trailing run of up to three letters (colour, region: "lds4821ww" → "lds4821"). */
export function codeStem(code: string): string {
  const m = /^(.*\d)([a-z]{1,3})$/.exec(code);
  return m && m[1]!.length >= 4 ? m[1]! : code;
}

/**
 * Codes in a token list: each code-like token, and runs of two or three
 * neighbouring tokens joined when the joined form is a code ("kdl 40s5100"
 * → "kdl40s5100", "sdsdunc 064g" → "sdsdunc064g"), since normalisation
 * turned the dashes and spaces inside codes into token breaks.
 */
export function codesOf(tokens: readonly string[], out = new Set<string>()): Set<string> {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isCode(t)) out.add(canonicalCode(t));
    if (!ALNUM.test(t) || t.length > 12) continue;
    let joined = t;
    for (let j = i + 1; j < Math.min(tokens.length, i + 3); j++) {
      const next = tokens[j]!;
      if (!ALNUM.test(next) || next.length > 12 || !joins(tokens[j - 1]!, next)) break;
      joined += next;
      if (joined.length > 20) break;
      if (DIGIT.test(joined) && LETTER.test(joined)) out.add(canonicalCode(joined));
    }
  }
  return out;
}

/**
 * Whether two neighbouring words are likely one code split apart: one of
 * them is a code already ("sdsdunc" + "064g"), or a short letter prefix
 * meets a number ("sh" + "230", "kdl" + "40s5100") — not a name and a
 * number ("harmony" + "890").
 */
function joins(a: string, b: string): boolean {
  if (isCode(a) || isCode(b)) return true;
  const prefix = (x: string) => x.length <= 4 && !DIGIT.test(x);
  const digits = (x: string) => !LETTER.test(x);
  return (prefix(a) && digits(b)) || (digits(a) && prefix(b) && b.length <= 2);
}

export interface CodeMatch {
  /** 1 exact, 0.9 same stem, 0.8 one inside the other, 0.6 one edit apart, 0 none. */
  score: number;
  itemCode: string;
  listingCode: string;
}

/** A code with what comparing it needs, computed once. */
export interface CodeInfo {
  code: string;
  stem: string;
  /** May stand inside a longer code: letters and digits, or five digits. */
  containable: boolean;
}

export function codeInfo(code: string): CodeInfo {
  const stem = codeStem(code);
  return {
    code,
    stem: stem.length >= 4 && DIGIT.test(stem) ? stem : '',
    containable: isStrongCode(code) || (code.length >= 5 && DIGIT.test(code)),
  };
}

function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** How near two codes are (see CodeMatch.score). */
export function codeNearness(a: CodeInfo, b: CodeInfo): number {
  if (a.code === b.code) return 1;
  if (a.stem && a.stem === b.stem) return 0.9;
  // "p6000" inside "coolpixp6000bk".
  const [short, long] = a.code.length <= b.code.length ? [a, b] : [b, a];
  if (short.containable && short.code.length >= 4 && long.code.includes(short.code)) return 0.8;
  if (short.code.length >= 5 && DIGIT.test(short.code) && oneEdit(a.code, b.code)) return 0.6;
  return 0;
}

/** The nearest pair of codes between an item and a listing. */
export function bestCodeMatch(
  itemCodes: readonly CodeInfo[],
  listingCodes: readonly CodeInfo[],
  listingSet: ReadonlySet<string>,
): CodeMatch {
  let best: CodeMatch = { score: 0, itemCode: '', listingCode: '' };
  for (const ic of itemCodes) {
    if (listingSet.has(ic.code)) return { score: 1, itemCode: ic.code, listingCode: ic.code };
    for (const lc of listingCodes) {
      const s = codeNearness(ic, lc);
      if (s > best.score) best = { score: s, itemCode: ic.code, listingCode: lc.code };
    }
  }
  return best;
}

/**
 * How alike the most alike pair of different strong codes is — the share of
 * the longer one the two begin with ("dap2590" / "dap2555": 5 of 7) —
 * when they share at least three characters: siblings of one product line
 * are numbered alike, while a retailer's own stock number shares nothing
 * with the maker's model number and says nothing.
 */
export function siblingCode(
  itemCodes: readonly CodeInfo[],
  listingCodes: readonly string[],
): { score: number; itemCode: string; listingCode: string } {
  let best = { score: 0, itemCode: '', listingCode: '' };
  for (const ic of itemCodes) {
    if (!isStrongCode(ic.code)) continue;
    for (const lc of listingCodes) {
      if (lc === ic.code) continue;
      let n = 0;
      while (n < lc.length && n < ic.code.length && lc[n] === ic.code[n]) n++;
      const score = n >= 3 ? n / Math.max(lc.length, ic.code.length) : 0;
      if (score > best.score) best = { score, itemCode: ic.code, listingCode: lc };
    }
  }
  return best;
}

/** Blocking keys of an item code: the code and its stem (a listing that names either finds the item). */
export function codeKeys(code: string): string[] {
  const stem = codeStem(code);
  return stem !== code && stem.length >= 4 ? [code, stem] : [code];
}

/**
 * Keys to look up for a listing code: the code, its stem, and its
 * substrings of 4+ characters that still look like codes ("coolpixp6000bk"
 * → "p6000", …), so an item whose code sits inside the listing's is found.
 */
export function listingCodeProbes(code: string, out: Set<string>): void {
  out.add(code);
  out.add(codeStem(code));
  if (code.length > 16) return;
  for (let a = 0; a < code.length; a++) {
    for (let b = a + 4; b <= code.length; b++) {
      if (a === 0 && b === code.length) continue;
      const s = code.slice(a, b);
      if (isStrongCode(s) || (s.length >= 5 && !LETTER.test(s))) out.add(s);
    }
  }
}
