/**
 * JSON as pages actually write it inside <script type="application/ld+json">:
 * comments (// and /* *\/), single-quoted strings, unquoted keys, trailing or
 * missing commas, NaN / Infinity / undefined, raw line breaks in strings,
 * several values one after another, a block cut short. Browsers' JSON.parse
 * refuses all of these; extruct-like extractors recover most of them.
 *
 * By hand rather than with a repair library: it must stay linear and
 * iterative on hostile input (jsonrepair took 21 s on 4,000 single quotes,
 * and overflows the stack on deep nesting) and runs in the extension too.
 */

export interface LenientJson {
  /** Top-level values, in order (usually one). */
  values: unknown[];
  /** Something was not strict JSON but had one clear reading (a comment, a single quote, NaN…). */
  repaired: boolean;
  /**
   * Why the text is broken beyond a clear reading (a string that never ends,
   * a key without a colon, brackets that do not pair up, a block cut short),
   * or undefined. What was read is then guesswork: callers drop it.
   */
  damage: string | undefined;
}

/** Bare words read as values; any other bare word is a string. */
const WORDS: Record<string, unknown> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
  // Not numbers a listing can use: they read as "no value".
  NaN: null,
  Infinity: null,
  undefined: null,
};

type Frame = { obj: Record<string, unknown>; key: string | undefined } | { arr: unknown[] };

const NUMBER_RE = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const WORD_RE = /[^\s,:;{}[\]"'/]+/y;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Own property even for "__proto__", as JSON.parse does: a page must not reach Object.prototype. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

export function parseLenientJson(s: string): LenientJson {
  const values: unknown[] = [];
  const stack: Frame[] = [];
  let repaired = false;
  let damage: string | undefined;
  const damaged = (why: string) => void (damage ??= why);
  let i = 0;
  const n = s.length;

  const emit = (value: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) values.push(value);
    else if ('arr' in top) top.arr.push(value);
    else if (top.key !== undefined) {
      setKey(top.obj, top.key, value);
      top.key = undefined;
    } else damaged('a value where a key belongs');
  };

  const skipSpaceAndComments = (): void => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff) i++;
      else if (c === 47 /* / */ && s.charCodeAt(i + 1) === 47) {
        const nl = s.indexOf('\n', i + 2);
        i = nl < 0 ? n : nl + 1;
      } else if (c === 47 && s.charCodeAt(i + 1) === 42 /* * */) {
        const close = s.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
      } else if (s.startsWith('<!--', i)) i += 4;
      else if (s.startsWith('-->', i)) i += 3;
      else break;
    }
  };

  const readString = (): string => {
    const quote = s[i++];
    const parts: string[] = [];
    let from = i;
    while (i < n) {
      const c = s[i]!;
      if (c === quote) {
        parts.push(s.slice(from, i++));
        return parts.join('');
      }
      if (c !== '\\') {
        i++;
        continue;
      }
      parts.push(s.slice(from, i));
      const e = s[i + 1] ?? '';
      i += 2;
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i, i + 4))) {
        parts.push(String.fromCharCode(parseInt(s.slice(i, i + 4), 16)));
        i += 4;
      } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i, i + 2))) {
        parts.push(String.fromCharCode(parseInt(s.slice(i, i + 2), 16)));
        i += 2;
      } else if (e === '\n' || e === '\r') {
        // A line continuation.
        if (e === '\r' && s[i] === '\n') i++;
      } else parts.push(ESCAPES[e] ?? e);
      from = i;
    }
    damaged('a string that never ends');
    parts.push(s.slice(from));
    return parts.join('');
  };

  const readKey = (): string | undefined => {
    const c = s[i];
    if (c === '"' || c === "'") {
      if (c === "'") repaired = true;
      return readString();
    }
    WORD_RE.lastIndex = i;
    const m = WORD_RE.exec(s);
    if (!m) return undefined;
    repaired = true;
    i += m[0].length;
    return m[0];
  };

  while (true) {
    skipSpaceAndComments();
    if (i >= n) break;
    const c = s[i]!;
    const top = stack[stack.length - 1];
    if (c === ',' || c === ';') {
      // Extra, trailing or separating commas; a ';' after a value ("{…};").
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      i++;
      if (!top || 'arr' in top !== (c === ']')) damaged(`an unpaired '${c}'`);
      if (top) stack.pop();
      continue;
    }
    if (top && 'obj' in top && top.key === undefined) {
      const key = readKey();
      if (key === undefined) {
        i++;
        damaged(`'${c}' where a key belongs`);
        continue;
      }
      skipSpaceAndComments();
      if (s[i] === ':') i++;
      else damaged(`no ':' after the key "${key.slice(0, 40)}"`);
      top.key = key;
      continue;
    }
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      emit(obj);
      stack.push({ obj, key: undefined });
      continue;
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      emit(arr);
      stack.push({ arr });
      continue;
    }
    if (c === '"' || c === "'") {
      if (c === "'") repaired = true;
      emit(readString());
      continue;
    }
    NUMBER_RE.lastIndex = i;
    const num = NUMBER_RE.exec(s);
    if (num && !/^[A-Za-z_$]/.test(s.slice(i + num[0].length, i + num[0].length + 1))) {
      i += num[0].length;
      emit(Number(num[0]));
      continue;
    }
    WORD_RE.lastIndex = i;
    const word = WORD_RE.exec(s);
    if (word) {
      i += word[0].length;
      const w = word[0].replace(/^[-+]/, '');
      repaired ||= !['true', 'false', 'null'].includes(word[0]);
      emit(Object.hasOwn(WORDS, w) ? WORDS[w] : word[0]);
      continue;
    }
    // ':' or '/' out of place.
    damaged(`'${c}' out of place`);
    i++;
  }
  if (stack.length > 0) damaged('cut short (brackets left open)');
  return { values, repaired, damage };
}
