/**
 * Embedded state: the data a page's own scripts start from, read without
 * running them. Three places hold it —
 *
 * - a script whose whole text is JSON (`<script id="__NEXT_DATA__" type="application/json">`);
 * - a literal assigned or passed in a script (`var g_config = {…}`,
 *   `ytInitialPlayerResponse = {…}` on the global object, `TShop.Setup({…})`),
 *   read by js-literal.ts (bounded, never evaluated);
 * - JSON in an attribute (`data-a-state`, `data-a-dynamic-image`).
 *
 * `pathValues` walks what was read with a small path language
 * (`props.pageProps.items[*].name`), parsing strings that hold JSON on the way.
 */
import type { DocNode, PageDocument } from './document';
import { parseLiteral, readLiteral } from './js-literal';

/** Characters of one script read at most. */
const MAX_SCRIPT = 12_000_000;
/** Characters of one attribute parsed at most. */
const MAX_ATTR = 2_000_000;
/** Occurrences of one name tried at most (the first may be `var x = window.x`). */
const MAX_TRIES = 8;

function raw(node: DocNode): string {
  // rawText keeps a script's line breaks (a // comment ends at one); text() collapses them.
  const r = (node as { rawText?: () => string }).rawText;
  return typeof r === 'function' ? r.call(node) : node.text();
}

const scriptCache = new WeakMap<DocNode, string[]>();

/** The text of every inline script of the page (no src), in document order. */
export function inlineScripts(doc: PageDocument): string[] {
  let texts = scriptCache.get(doc.root);
  if (!texts) {
    texts = [];
    for (const s of doc.root.find('script')) {
      if (s.attr('src') !== undefined) continue;
      const type = (s.attr('type') ?? '').toLowerCase();
      if (type === 'application/ld+json') continue;
      const t = raw(s);
      if (t.length > 0 && t.length <= MAX_SCRIPT) texts.push(t);
    }
    scriptCache.set(doc.root, texts);
  }
  return texts;
}

function parseJsonText(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return parseLiteral(t);
  }
}

/** The JSON of the first script matching `selector` (e.g. `script#__NEXT_DATA__`). */
export function scriptJson(doc: PageDocument, selector: string): unknown {
  for (const s of doc.root.find(selector)) {
    const t = raw(s);
    if (t.length > MAX_SCRIPT) continue;
    // Some sites wrap the JSON in an HTML comment or CDATA.
    const v = parseJsonText(t.replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(?:-->|\/\/\s*\]\]>)\s*$/, ''));
    if (v !== undefined && typeof v === 'object') return v;
  }
  return undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regexp that finds `name =` however a script writes it: var/let/const, on the global object, or bare. */
function assignmentRe(name: string): RegExp {
  const n = escapeRe(name);
  const global = String.raw`(?:(?:window|self|globalThis)\s*(?:\.\s*${n}|\[\s*(["'])${n}\1\s*\]))`;
  return new RegExp(String.raw`(?:${global}|(?<![\w$.])(?:(?:var|let|const)\s+)?${n}(?![\w$]))\s*=(?![=>])\s*`, 'g');
}

function callRe(callee: string): RegExp {
  return new RegExp(String.raw`(?<![\w$.])${escapeRe(callee)}\s*\(\s*`, 'g');
}

/** The value at `at` in `text`: a literal, or the JSON in `JSON.parse('…')`. */
function valueAt(text: string, at: number): unknown {
  const parseCall = /^(?:JSON\.parse|jQuery\.parseJSON|\$\.parseJSON)\s*\(\s*/.exec(text.slice(at, at + 40));
  if (parseCall) {
    const s = readLiteral(text, at + parseCall[0].length);
    return typeof s?.value === 'string' ? parseJsonText(s.value) : undefined;
  }
  const c = text[at];
  if (c !== '{' && c !== '[' && c !== '"' && c !== "'") return undefined;
  const r = readLiteral(text, at);
  if (!r) return undefined;
  // A string assigned is often JSON waiting for JSON.parse.
  if (typeof r.value === 'string') {
    const v = /^\s*[[{]/.test(r.value) ? parseJsonText(r.value) : undefined;
    return typeof v === 'object' && v !== null ? v : undefined;
  }
  return r.value;
}

function firstMatch(doc: PageDocument, needle: string, re: () => RegExp): unknown {
  let tries = 0;
  for (const text of inlineScripts(doc)) {
    if (!text.includes(needle)) continue;
    const r = re();
    for (let m = r.exec(text); m && tries < MAX_TRIES; m = r.exec(text)) {
      tries++;
      const v = valueAt(text, m.index + m[0].length);
      if (v !== undefined && v !== null && typeof v === 'object') return v;
    }
  }
  return undefined;
}

const assignmentCache = new WeakMap<DocNode, Map<string, unknown>>();

/**
 * The object or array a script assigns to `name` (`var name = {…}`, `name = {…}` on the global object, `a.b = {…}`).
 */
export function assignedState(doc: PageDocument, name: string): unknown {
  let cache = assignmentCache.get(doc.root);
  if (!cache) assignmentCache.set(doc.root, (cache = new Map()));
  const key = `=${name}`;
  if (!cache.has(key))
    cache.set(
      key,
      firstMatch(doc, name, () => assignmentRe(name)),
    );
  return cache.get(key);
}

/** The first argument of a call to `callee` in a script (`TShop.Setup({…})`), when it is a literal. */
export function callArgument(doc: PageDocument, callee: string): unknown {
  let cache = assignmentCache.get(doc.root);
  if (!cache) assignmentCache.set(doc.root, (cache = new Map()));
  const key = `(${callee}`;
  if (!cache.has(key))
    cache.set(
      key,
      firstMatch(doc, callee, () => callRe(callee)),
    );
  return cache.get(key);
}

function keyRe(key: string): RegExp {
  const k = escapeRe(key);
  return new RegExp(String.raw`(?:(["'])${k}\1|(?<![\w$.])${k}(?![\w$]))\s*:\s*`, 'g');
}

/** The object or array a script's literal holds under `key` (`'colorImages': {…}`, `"itemStruct":{…}`). */
export function keyedState(doc: PageDocument, key: string): unknown {
  let cache = assignmentCache.get(doc.root);
  if (!cache) assignmentCache.set(doc.root, (cache = new Map()));
  const k = `:${key}`;
  if (!cache.has(k))
    cache.set(
      k,
      firstMatch(doc, key, () => keyRe(key)),
    );
  return cache.get(k);
}

/** JSON held in an attribute of the elements matching `selector` (one value per element that has it). */
export function attributeJson(root: DocNode, selector: string, attr: string, max = 50): unknown[] {
  const out: unknown[] = [];
  for (const node of root.find(selector)) {
    const v = node.attr(attr);
    if (v === undefined || v.length > MAX_ATTR) continue;
    const parsed = parseJsonText(v);
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') out.push(parsed);
    if (out.length >= max) break;
  }
  return out;
}

// ---------------------------------------------------------------- paths

type Step = { key: string } | { index: number } | { all: true };

const pathCache = new Map<string, Step[]>();

function parsePath(path: string): Step[] {
  let steps = pathCache.get(path);
  if (steps) return steps;
  steps = [];
  const re = /([^.[\]]+)|\[(\*|-?\d+)\]|\["([^"]*)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) steps.push(m[1] === '*' ? { all: true } : { key: m[1] });
    else if (m[2] !== undefined) steps.push(m[2] === '*' ? { all: true } : { index: Number(m[2]) });
    else steps.push({ key: m[3] ?? '' });
  }
  if (pathCache.size < 2_000) pathCache.set(path, steps);
  return steps;
}

/** A string that holds JSON, parsed (YouTube's player_response is such a string). */
function unwrap(v: unknown): unknown {
  if (typeof v === 'string' && v.length < MAX_SCRIPT && /^\s*[[{]/.test(v)) {
    const p = parseJsonText(v);
    if (p !== undefined && typeof p === 'object') return p;
  }
  return v;
}

/**
 * Every value at `path` under `value`: `a.b[0].c`, `[*]` or `.*` for every
 * element (or property value), `[-1]` for the last, `["odd.key"]` for a key
 * with dots. Missing steps give nothing; null and undefined are left out.
 */
export function pathValues(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const step of parsePath(path)) {
    const next: unknown[] = [];
    for (const raw of current) {
      const v = unwrap(raw);
      if (v === null || typeof v !== 'object') continue;
      if ('all' in step) {
        const items = Array.isArray(v) ? v : Object.values(v);
        for (const item of items) if (item !== null && item !== undefined) next.push(item);
      } else if ('index' in step) {
        if (!Array.isArray(v)) continue;
        const item = v[step.index < 0 ? v.length + step.index : step.index];
        if (item !== null && item !== undefined) next.push(item);
      } else {
        if (!Object.hasOwn(v, step.key)) continue;
        const item = (v as Record<string, unknown>)[step.key];
        if (item !== null && item !== undefined) next.push(item);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.map(unwrap);
}

/** The first of `paths` that leads to a string or number, as text. */
export function pathText(value: unknown, ...paths: string[]): string | undefined {
  for (const p of paths) {
    for (const v of pathValues(value, p)) {
      if (typeof v === 'string' && v.trim() !== '') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
  }
  return undefined;
}
