/**
 * Small DOM and URL helpers for the code in site adapters (their `read`
 * hooks). Pure: DocNode only, so the crawler and the extension share them.
 */
import type { DocNode } from '../extract/document';
import { clean } from '../extract/values';

/** Text of the first element matching one of `selectors` (tried in order) that has any. */
export function firstText(root: DocNode, ...selectors: string[]): string | undefined {
  // One pass over the page for the whole list first: most fallbacks are absent.
  if (selectors.length > 1 && root.find(selectors.join(', ')).length === 0) return undefined;
  for (const sel of selectors) {
    for (const n of root.find(sel)) {
      const t = clean(n.text());
      if (t) return t;
    }
  }
  return undefined;
}

/** `attr` of the first element matching one of `selectors` that has it. */
export function firstAttr(root: DocNode, attr: string, ...selectors: string[]): string | undefined {
  if (selectors.length > 1 && root.find(selectors.join(', ')).length === 0) return undefined;
  for (const sel of selectors) {
    for (const n of root.find(sel)) {
      const v = clean(n.attr(attr));
      if (v) return v;
    }
  }
  return undefined;
}

/** A query parameter of a (possibly relative) URL. */
export function queryParam(href: string | undefined, name: string, base = 'https://x.invalid/'): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Path segments of a (possibly relative) URL, decoded. */
export function pathSegments(href: string | undefined, base = 'https://x.invalid/'): string[] {
  if (!href) return [];
  try {
    return new URL(href, base).pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
  } catch {
    return [];
  }
}

/** A number read from a string or number value (state often holds prices as strings). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A string value, trimmed; undefined for anything else or an empty string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? clean(v) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** Every object under `value` that has key `key`, depth-first, at most `max` (bounded walk, no recursion). */
export function findKeyed(value: unknown, key: string, max = 500, maxNodes = 200_000): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [value];
  let nodes = 0;
  while (stack.length > 0 && out.length < max && nodes++ < maxNodes) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (Object.hasOwn(o, key) && o[key] !== null && typeof o[key] === 'object') {
      out.push(o[key]);
      continue;
    }
    const vals = Object.values(o);
    for (let i = vals.length - 1; i >= 0; i--) stack.push(vals[i]);
  }
  return out;
}

/** A YouTube-style text object (`{simpleText}` or `{runs: [{text}]}`) or a plain string, as text. */
export function runsText(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v);
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as { simpleText?: unknown; runs?: unknown; content?: unknown };
  if (typeof o.simpleText === 'string') return clean(o.simpleText);
  if (typeof o.content === 'string') return clean(o.content);
  if (Array.isArray(o.runs))
    return clean(
      o.runs
        .map((r) =>
          r && typeof r === 'object' && typeof (r as { text?: unknown }).text === 'string'
            ? (r as { text: string }).text
            : '',
        )
        .join(''),
    );
  return undefined;
}
