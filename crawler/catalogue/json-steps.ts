import type { Steps } from './steps';

/** A JSON syntax error at a character offset of the whole text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index after the string whose opening quote is at `i`. */
function endOfString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new JsonSyntaxError('Unterminated string in JSON', text.length);
    let slashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/**
 * Index after the value starting at `i`: brackets are matched (strings
 * skipped) but not checked — `JSON.parse` of the slice checks the inside.
 */
function endOfValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return endOfString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = endOfString(text, j) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return j + 1;
    }
    throw new JsonSyntaxError('Unexpected end of JSON input', text.length);
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE || isSpace(d)) break;
    j++;
  }
  return j;
}

/** `JSON.parse` of one slice, its error placed in the whole text. */
function parseSlice(text: string, start: number, end: number): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(raw);
    const reason = raw.replace(/\s*in JSON at position \d+.*$/, '').replace(/, "[^]*" is not valid JSON$/, '');
    throw new JsonSyntaxError(reason, at ? start + Number(at[1]) : start);
  }
}

function* readArray(text: string, open: number, out: unknown[]): Steps<number> {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (i >= text.length) throw new JsonSyntaxError('Unexpected end of JSON input', i);
    const end = endOfValue(text, i);
    out.push(parseSlice(text, i, end));
    yield;
    i = skipSpace(text, end);
    const d = text.charCodeAt(i);
    if (d === COMMA) {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (d === CLOSE_BRACKET) return i + 1;
    throw new JsonSyntaxError(
      i >= text.length ? 'Unexpected end of JSON input' : "Expected ',' or ']' after array element",
      i,
    );
  }
}

function* readObject(text: string, open: number, out: Record<string, unknown>): Steps<number> {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE)
      throw new JsonSyntaxError(i >= text.length ? 'Unexpected end of JSON input' : "Expected property name or '}'", i);
    const keyEnd = endOfString(text, i);
    const key = parseSlice(text, i, keyEnd) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new JsonSyntaxError("Expected ':' after property name", i);
    i = skipSpace(text, i + 1);
    let value: unknown;
    if (text.charCodeAt(i) === OPEN_BRACKET) {
      const list: unknown[] = [];
      i = yield* readArray(text, i, list);
      value = list;
    } else {
      if (i >= text.length) throw new JsonSyntaxError('Unexpected end of JSON input', i);
      const end = endOfValue(text, i);
      value = parseSlice(text, i, end);
      i = end;
    }
    // As JSON.parse: an own property even for "__proto__", the last of a repeated key wins.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    i = skipSpace(text, i);
    const d = text.charCodeAt(i);
    if (d === COMMA) {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (d === CLOSE_BRACE) return i + 1;
    throw new JsonSyntaxError(
      i >= text.length ? 'Unexpected end of JSON input' : "Expected ',' or '}' after property value",
      i,
    );
  }
}

/**
 * The same value as `JSON.parse(text)`, but the root array's elements (or
 * those of the root object's array members: a catalogue's `items`) are
 * parsed one at a time with a `yield` after each, so a large catalogue is
 * parsed in small steps. Deeper values are handed to `JSON.parse` whole.
 * Throws `JsonSyntaxError` with the offset of the fault.
 */
export function* parseJsonSteps(text: string): Steps<unknown> {
  const start = skipSpace(text, 0);
  const c = text.charCodeAt(start);
  let value: unknown;
  let end: number;
  if (c === OPEN_BRACKET) {
    const list: unknown[] = [];
    end = yield* readArray(text, start, list);
    value = list;
  } else if (c === OPEN_BRACE) {
    const object: Record<string, unknown> = {};
    end = yield* readObject(text, start, object);
    value = object;
  } else {
    return parseSlice(text, 0, text.length);
  }
  end = skipSpace(text, end);
  if (end < text.length) throw new JsonSyntaxError('Unexpected non-whitespace character after JSON', end);
  return value;
}
