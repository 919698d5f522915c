import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

// Traditional (Hong Kong and Taiwan forms both) to simplified; built once.
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const toSimplifiedTw = OpenCC.Converter({ from: 'tw', to: 'cn' });

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;

/** The last few texts put through `simplified`, with their results (most recent first). */
const recent: [string, string][] = [];
const RECENT = 2;

/**
 * NFKC, lower case, traditional Chinese to simplified: the first step of
 * both forms below. A listing's title goes through both, its description in
 * between, so the last two answers are kept (the Chinese conversion walks
 * the whole text).
 */
function simplified(text: string): string {
  for (const [t, s] of recent) if (t === text) return s;
  let s = text.normalize('NFKC').toLowerCase();
  if (CJK.test(s)) s = toSimplifiedTw(toSimplified(s));
  recent.unshift([text, s]);
  if (recent.length > RECENT) recent.pop();
  return s;
}

/**
 * Canonical text form for matching: NFKC (which folds full-width letters and
 * digits), lower case, traditional Chinese to simplified, and every run of
 * punctuation or symbols to one space.
 */
export function normaliseText(text: string): string {
  return simplified(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Titles harvested from shops' structured data carry its markup: language
 * tags after quoted values (`"Nike Free RN"@de`, `"…"@en-GB`) and quoted
 * "Null" placeholders. They name no product; drop them before anything else.
 */
export function stripMarkup(text: string): string {
  if (!text.includes('"')) return text;
  return text.replace(/"\s*@[a-z]{2,3}(?:-[a-z0-9]{2,8})?(?![a-z])/gi, '" ').replace(/"\s*null\s*"/gi, ' ');
}

/** Lower-cased NFKC text with punctuation kept, for phrases such as "1:1". */
export function foldText(text: string): string {
  return simplified(text).replace(/\s+/g, ' ');
}

/**
 * Tokens of normalised text: Latin/Cyrillic/… words and numbers as they are,
 * runs of Chinese characters as overlapping bigrams (a lone character stays a
 * unigram), since Chinese titles have no spaces between words.
 */
export function tokenise(normalised: string): string[] {
  const out: string[] = [];
  for (const word of normalised.split(' ')) {
    if (!word) continue;
    if (!CJK.test(word)) {
      out.push(word);
      continue;
    }
    // Split mixed words such as "iphone15手机壳" into their script runs.
    let last = 0;
    for (const m of word.matchAll(CJK_RUN)) {
      if (m.index > last) out.push(word.slice(last, m.index));
      const run = m[0];
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      last = m.index + run.length;
    }
    if (last < word.length) out.push(word.slice(last));
  }
  return out;
}

const LOOKALIKE: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
};

/**
 * Undo the digit-for-letter swaps sellers use to dodge brand filters
 * ("Vel0ran" → "veloran"). Only words that mix letters and digits are
 * folded, so model numbers that are all digits stay intact.
 */
export function foldLookalikes(token: string): string {
  if (!/[a-z]/.test(token) || !/[0-9]/.test(token)) return token;
  return token.replace(/[0134578]/g, (c) => LOOKALIKE[c] ?? c);
}

/** Toneless pinyin of the Chinese in `text`, syllables joined ("维洛兰" → "weiluolan"), or undefined. */
export function pinyinOf(text: string): string | undefined {
  if (!CJK.test(text)) return undefined;
  const cjk = (text.match(CJK_RUN) ?? []).join('');
  return pinyin(cjk, { toneType: 'none', type: 'array' }).join('');
}
