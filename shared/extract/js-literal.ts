/**
 * Reads the data literal a page's script assigns (`var g_config = {…}`,
 * `TShop.Setup({…})`, `window.runParams = { data: {…} }`): JSON plus what
 * JavaScript allows in an object literal — unquoted and single-quoted keys,
 * single-quoted strings with \x and \u escapes, `!0` / `!1`, trailing and
 * leading commas, comments. A value that is an expression (`+new Date`,
 * `a ? 'x' : 'y'`, a function) is skipped and its key left out; nothing is
 * ever evaluated.
 *
 * Bounded: at most `maxChars` characters are read and `maxDepth` levels
 * entered, so a hostile page costs linear time and no stack.
 */

export interface LiteralOptions {
  /** Characters read at most from `start`. Default 8 000 000. */
  maxChars?: number;
  /** Nesting levels entered at most; deeper values are skipped. Default 64. */
  maxDepth?: number;
}

export interface LiteralResult {
  value: unknown;
  /** Index just past the literal. */
  end: number;
}

const SKIPPED = Symbol('skipped');
const NUMBER = /[-+]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/y;
const WORD = /(!0|!1|true|false|null|undefined|NaN|Infinity|void 0)(?![\w$.])/y;
const IDENT = /[\w$\u00c0-\uffff]+/y;
// A run of characters a string may hold as they are.
const PLAIN_DQ = /[^"\\\n\r]*/y;
const PLAIN_SQ = /[^'\\\n\r]*/y;

class Reader {
  i: number;
  readonly limit: number;
  constructor(
    readonly s: string,
    start: number,
    maxChars: number,
    readonly maxDepth: number,
  ) {
    this.i = start;
    this.limit = Math.min(s.length, start + maxChars);
  }

  fail(): never {
    throw new LiteralError();
  }

  /** Skips whitespace and comments. */
  ws(): void {
    const s = this.s;
    while (this.i < this.limit) {
      const c = s.charCodeAt(this.i);
      if (
        c === 32 ||
        c === 10 ||
        c === 13 ||
        c === 9 ||
        c === 0xa0 ||
        c === 0xfeff ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 11 ||
        c === 12
      )
        this.i++;
      else if (c === 47 && s[this.i + 1] === '/') {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 || nl > this.limit ? this.limit : nl + 1;
      } else if (c === 47 && s[this.i + 1] === '*') {
        const close = s.indexOf('*/', this.i + 2);
        if (close < 0 || close > this.limit) this.fail();
        this.i = close + 2;
      } else return;
    }
  }

  value(depth: number): unknown {
    this.ws();
    if (this.i >= this.limit) this.fail();
    const c = this.s[this.i]!;
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) {
        this.skipBalanced();
        return SKIPPED;
      }
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"' || c === "'") return this.string();
    if (c === '`') return this.template();
    const start = this.i;
    const simple = this.simple();
    if (simple !== SKIPPED) {
      // Only a value followed by a separator is the whole value ("1 + x" is an expression).
      const save = this.i;
      this.ws();
      const next = this.s[this.i];
      if (
        next === undefined ||
        next === ',' ||
        next === '}' ||
        next === ']' ||
        next === ')' ||
        next === ';' ||
        this.i >= this.limit
      ) {
        this.i = save;
        return simple;
      }
    }
    this.i = start;
    this.skipExpression();
    return SKIPPED;
  }

  /** Numbers and bare words that are values; SKIPPED for anything else (the caller skips it). */
  simple(): unknown {
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(this.s);
    if (num) {
      const after = this.s[this.i + num[0].length];
      if (after !== undefined && /[\w$.]/.test(after)) return SKIPPED;
      this.i += num[0].length;
      const n = Number(num[0]);
      return Number.isFinite(n) ? n : null;
    }
    WORD.lastIndex = this.i;
    const word = WORD.exec(this.s);
    if (!word) return SKIPPED;
    this.i += word[0].length;
    switch (word[1]) {
      case 'true':
      case '!0':
        return true;
      case 'false':
      case '!1':
        return false;
      default:
        return null;
    }
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++; // {
    for (;;) {
      this.ws();
      if (this.i >= this.limit) this.fail();
      const c = this.s[this.i]!;
      if (c === '}') {
        this.i++;
        return out;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const key = this.key();
      this.ws();
      if (this.s[this.i] !== ':') {
        // A method or a shorthand property: not data. Skip to the next member.
        this.skipExpression();
        continue;
      }
      this.i++;
      const v = this.value(depth);
      if (v !== SKIPPED && key !== '__proto__') out[key] = v;
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    let expectValue = true;
    for (;;) {
      this.ws();
      if (this.i >= this.limit) this.fail();
      const c = this.s[this.i]!;
      if (c === ']') {
        this.i++;
        return out;
      }
      if (c === ',') {
        if (expectValue) out.push(null); // a hole
        this.i++;
        expectValue = true;
        continue;
      }
      const v = this.value(depth);
      out.push(v === SKIPPED ? null : v);
      expectValue = false;
    }
  }

  key(): string {
    const c = this.s[this.i]!;
    if (c === '"' || c === "'") return this.string();
    IDENT.lastIndex = this.i;
    const m = IDENT.exec(this.s);
    if (!m || m[0].length > 256) this.fail();
    this.i += m[0].length;
    return m[0];
  }

  string(): string {
    const s = this.s;
    const quote = s[this.i]!;
    this.i++;
    let out = '';
    let run = this.i;
    const plain = quote === '"' ? PLAIN_DQ : PLAIN_SQ;
    while (this.i < this.limit) {
      plain.lastIndex = this.i;
      plain.exec(s);
      this.i = plain.lastIndex;
      if (this.i >= this.limit) break;
      const c = s[this.i]!;
      if (c === quote) {
        out += s.slice(run, this.i);
        this.i++;
        return out;
      }
      if (c === '\n' || c === '\r') this.fail();
      if (c === '\\') {
        out += s.slice(run, this.i);
        this.i++;
        out += this.escape();
        run = this.i;
        continue;
      }
      this.i++;
    }
    this.fail();
  }

  escape(): string {
    const s = this.s;
    const c = s[this.i];
    if (c === undefined || this.i >= this.limit) this.fail();
    this.i++;
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return /[0-9]/.test(s[this.i] ?? '') ? this.fail() : '\0';
      case '\r':
        if (s[this.i] === '\n') this.i++;
        return '';
      case '\n':
      case '\u2028':
      case '\u2029':
        return '';
      case 'x': {
        const hex = s.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail();
        this.i += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'u': {
        if (s[this.i] === '{') {
          const close = s.indexOf('}', this.i);
          const hex = close > 0 ? s.slice(this.i + 1, close) : '';
          if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) this.fail();
          this.i = close + 1;
          return String.fromCodePoint(parseInt(hex, 16));
        }
        const hex = s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
        this.i += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return c;
    }
  }

  /** A template literal without substitutions is a string; with them, an expression. */
  template(): unknown {
    const close = this.s.indexOf('`', this.i + 1);
    if (close < 0 || close > this.limit) this.fail();
    const body = this.s.slice(this.i + 1, close);
    this.i = close + 1;
    return body.includes('${') || body.includes('\\') ? SKIPPED : body;
  }

  /** Past a quoted string, whichever quote opens it. */
  skipString(): void {
    const s = this.s;
    const quote = s[this.i]!;
    this.i++;
    while (this.i < this.limit) {
      const c = s[this.i]!;
      if (c === '\\') this.i += 2;
      else if (c === quote) {
        this.i++;
        return;
      } else this.i++;
    }
    this.fail();
  }

  /** Past one bracketed value, strings and comments respected. */
  skipBalanced(): void {
    let depth = 0;
    const s = this.s;
    while (this.i < this.limit) {
      const c = s[this.i]!;
      if (c === '"' || c === "'" || c === '`') this.skipString();
      else if (c === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*')) this.ws();
      else {
        if (c === '{' || c === '[' || c === '(') depth++;
        else if (c === '}' || c === ']' || c === ')') depth--;
        this.i++;
        if (depth === 0) return;
      }
    }
    this.fail();
  }

  /** Up to (not past) the `,` or closing bracket that ends the current member or element. */
  skipExpression(): void {
    const s = this.s;
    while (this.i < this.limit) {
      const c = s[this.i]!;
      if (c === ',' || c === '}' || c === ']' || c === ')' || c === ';') return;
      if (c === '"' || c === "'" || c === '`') this.skipString();
      else if (c === '{' || c === '[' || c === '(') this.skipBalanced();
      else if (c === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*')) this.ws();
      else this.i++;
    }
    this.fail();
  }
}

class LiteralError extends Error {}

/**
 * The literal that starts at `start` (after any whitespace), or undefined
 * when there is none there, it is an expression, or it breaks a bound.
 */
export function readLiteral(source: string, start: number, options: LiteralOptions = {}): LiteralResult | undefined {
  const r = new Reader(source, start, options.maxChars ?? 8_000_000, options.maxDepth ?? 64);
  try {
    const value = r.value(0);
    if (value === SKIPPED) return undefined;
    return { value, end: r.i };
  } catch (err) {
    if (err instanceof LiteralError || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** `text` as one literal (JSON or a JavaScript object literal), or undefined. */
export function parseLiteral(text: string, options: LiteralOptions = {}): unknown {
  const r = readLiteral(text, 0, options);
  return r?.value;
}
