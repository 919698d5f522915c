/*
 * Text a PostgreSQL store can hold: no NUL (U+0000) in text, no lone UTF-16
 * surrogate in jsonb. Used wherever outside text comes in (API requests,
 * catalogue files) so it is cleaned or refused once, at the edge.
 */

/** ES2024 string methods (Node 20+), not yet in this project's TypeScript lib. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string) => s as unknown as WellFormed;

/** Why `s` cannot be stored as text, or undefined when it can. */
export function unstorable(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  if (!wellFormed(s).isWellFormed()) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

/** `s` with NUL removed and lone surrogates replaced by U+FFFD. */
export function cleanString(s: string): string {
  const noNul = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  return wellFormed(noNul).isWellFormed() ? noNul : wellFormed(noNul).toWellFormed();
}

function isPlain(v: unknown): v is Record<string, unknown> | unknown[] {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The value with every string (keys too) in plain objects and arrays cleaned
 * (a Buffer or a stream is left alone); unchanged parts are the
 * same objects. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T;
  if (!isPlain(value)) return value;
  const stack: (Record<string, unknown> | unknown[])[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'string') node[i] = cleanString(v);
        else if (isPlain(v)) stack.push(v);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const v = node[key];
      const k = cleanString(key);
      if (k !== key) {
        delete node[key];
        node[k] = v;
      }
      if (typeof v === 'string') node[k] = cleanString(v);
      else if (isPlain(v)) stack.push(v);
    }
  }
  return value;
}

export { CJK_FONT_STACK, CJK_MONO_STACK } from './fonts';
