/**
 * Low-level pieces of the robots.txt matcher: URL path extraction, pattern
 * escaping and precompiled pattern matching. Pure ECMAScript (no Node or DOM
 * globals), so it also runs in a browser extension.
 *
 * Behaviour follows Google's reference matcher (github.com/google/robotstxt,
 * robots.cc: GetPathParamsQuery, MaybeEscapePattern, Matches).
 */

const HEX = '0123456789ABCDEF';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function pushUtf8Escaped(out: string[], cp: number): void {
  const bytes: number[] = [];
  if (cp < 0x800) {
    bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  } else if (cp < 0x10000) {
    bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  } else {
    bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  for (const b of bytes) out.push('%', HEX[b >> 4]!, HEX[b & 15]!);
}

/**
 * Canonicalise an Allow/Disallow value like the reference `MaybeEscapePattern`:
 * `%xx` escapes get upper-case hex digits, characters outside US-ASCII are
 * percent-encoded as UTF-8. Unreserved escapes (`%62`) are NOT decoded — the
 * reference keeps them, and so does RFC 9309's own test-suite.
 */
export function escapePattern(value: string): string {
  let simple = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f) {
      simple = false;
      break;
    }
    if (c === 37 /* % */ && isHex(value.charCodeAt(i + 1)) && isHex(value.charCodeAt(i + 2))) {
      if (value[i + 1] !== value[i + 1]!.toUpperCase() || value[i + 2] !== value[i + 2]!.toUpperCase()) {
        simple = false;
        break;
      }
      i += 2;
    }
  }
  if (simple) return value;
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 37 && isHex(value.charCodeAt(i + 1)) && isHex(value.charCodeAt(i + 2))) {
      out.push('%', value[i + 1]!.toUpperCase(), value[i + 2]!.toUpperCase());
      i += 2;
    } else if (c <= 0x7f) {
      out.push(value[i]!);
    } else {
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff) {
        const lo = value.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        } else {
          cp = 0xfffd;
        }
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        cp = 0xfffd;
      }
      pushUtf8Escaped(out, cp);
    }
  }
  return out.join('');
}

/** Upper-cases the hex digits of `%xx` escapes (RFC 3986 §6.2.2.1); nothing else. */
function normaliseEscapes(path: string): string {
  if (path.indexOf('%') < 0) return path;
  return path.replace(/%([0-9a-fA-F]{2})/g, (m: string, h: string) => (/[a-f]/.test(h) ? '%' + h.toUpperCase() : m));
}

/**
 * Path, params and query of a URL, without scheme, authority and fragment;
 * always starts with '/'. A port of the reference `GetPathParamsQuery`, so it
 * accepts the same odd inputs ("example.com/a", "//host/a", "" -> "/").
 * The URL is expected to be percent-encoded already (as `URL.href` is).
 */
export function pathOf(url: string): string {
  let searchStart = 0;
  if (url.length >= 2 && url.charCodeAt(0) === 47 && url.charCodeAt(1) === 47) searchStart = 2;
  const earlyPath = findFirstOf(url, searchStart);
  let protocolEnd = url.indexOf('://', searchStart);
  if (earlyPath >= 0 && (protocolEnd < 0 || earlyPath < protocolEnd)) protocolEnd = -1;
  protocolEnd = protocolEnd < 0 ? searchStart : protocolEnd + 3;
  const pathStart = findFirstOf(url, protocolEnd);
  if (pathStart < 0) return '/';
  const hash = url.indexOf('#', searchStart);
  if (hash >= 0 && hash < pathStart) return '/';
  const p = url.slice(pathStart, hash < 0 ? url.length : hash);
  return normaliseEscapes(p.charCodeAt(0) === 47 ? p : '/' + p);
}

function findFirstOf(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 59 /* ; */) return i;
  }
  return -1;
}

/** A precompiled Allow/Disallow pattern. */
export interface CompiledRule {
  allow: boolean;
  /** Match priority: length of the (escaped) pattern in octets. */
  priority: number;
  /** The escaped pattern, for diagnostics. */
  pattern: string;
  match(path: string): boolean;
}

/**
 * Compile a pattern: anchored at the start, `*` matches any run of octets,
 * `$` is special only as the last character (end of path). Matching is linear
 * (greedy leftmost search of the literal segments), no backtracking.
 */
export function compileRule(allow: boolean, pattern: string): CompiledRule {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const parts = body.split('*');
  let match: (path: string) => boolean;
  if (parts.length === 1) {
    match = anchored ? (p) => p === body : (p) => p.startsWith(body);
  } else {
    const head = parts[0]!;
    const last = parts[parts.length - 1]!;
    const mids = parts.slice(1, -1).filter((s) => s.length > 0);
    match = (p) => {
      if (!p.startsWith(head)) return false;
      let pos = head.length;
      for (const m of mids) {
        const i = p.indexOf(m, pos);
        if (i < 0) return false;
        pos = i + m.length;
      }
      if (anchored) return p.length - last.length >= pos && p.endsWith(last);
      return last.length === 0 || p.indexOf(last, pos) >= 0;
    };
  }
  return { allow, priority: pattern.length, pattern, match };
}
