/**
 * The fetch classifier: before anything is extracted, what did the site
 * answer — the page (`ok`), a challenge over the page's data
 * (`partial-block`), a challenge or refusal instead of it (`block`), a
 * consent wall, a login wall, or an app shell whose data only JavaScript
 * fetches (`needs-browser`). Rules are data (providers.ts); this file only
 * evaluates them. Pure: it runs in the crawler and the extension.
 */
import type { DocNode, PageDocument } from '../extract/document';
import { providers, REFUSAL_STATUS, type ProviderRule, type Signature, type Verdict } from './providers';

export type { ProviderRule, Verdict } from './providers';

/** What was fetched. Headers are lower-case names; `set-cookie` may hold several values. */
export interface FetchFacts {
  /** Final URL, after redirects. */
  url: string;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  html: string;
  /** The parsed page (for selectors and <title>); the classifier reads only the HTML without it. */
  doc?: PageDocument;
}

export interface ClassifyOptions {
  /**
   * Whether the site's adapter reads its data from this page (a listing's
   * title, a search page's results). Asked only when it matters: a challenge
   * laid over data, or a page that may be an app shell.
   */
  hasData?: () => boolean;
  /** The adapter says this page is drawn by JavaScript, and it was fetched without a browser. */
  expectsBrowser?: boolean;
  /** Rules to use instead of the built-in providers (tests). */
  rules?: readonly ProviderRule[];
}

export interface Classification {
  verdict: Verdict;
  /** The provider rule that decided, when one did. */
  provider?: string;
  /** One sentence: what was seen. */
  reason: string;
  /** Whether the page's data may be read (ok, partial-block, a login wall over data). */
  extractable: boolean;
}

/** HTML scanned by the text signatures: a challenge says what it is early; a 5 MB page is not read twice over. */
const MAX_SCAN = 1_500_000;

function headerValues(facts: FetchFacts, name: string): string[] {
  const v = facts.headers?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function cookieNames(facts: FetchFacts): string[] {
  return headerValues(facts, 'set-cookie')
    .flatMap((c) => c.split(/\n/))
    .map((c) => c.split('=')[0]!.trim().toLowerCase())
    .filter((n) => n !== '');
}

function titleOf(facts: FetchFacts): string {
  const fromDoc = facts.doc?.root.find('title')[0]?.text();
  if (fromDoc !== undefined) return fromDoc.trim();
  const m = /<title[^>]*>([^<]{0,300})/i.exec(facts.html.slice(0, 200_000));
  return (m?.[1] ?? '').replace(/\s+/g, ' ').trim();
}

const reCache = new Map<string, RegExp>();
function re(source: string): RegExp {
  let r = reCache.get(source);
  if (!r) reCache.set(source, (r = new RegExp(source, 'i')));
  return r;
}

interface Lazy {
  title?: string;
  html?: string;
  /** Whether any selector signature of the rules matches at all: one pass over the page instead of one per rule. */
  anySelector?: boolean;
  rules: readonly ProviderRule[];
}

const selectorGroups = new WeakMap<readonly ProviderRule[], string>();
function selectorGroup(rules: readonly ProviderRule[]): string {
  let g = selectorGroups.get(rules);
  if (g === undefined) {
    g = rules
      .flatMap((r) => [...(r.all ?? []), ...(r.any ?? [])])
      .filter((s): s is { selector: string } => 'selector' in s)
      .map((s) => s.selector)
      .join(', ');
    selectorGroups.set(rules, g);
  }
  return g;
}

function matches(sig: Signature, facts: FetchFacts, lazy: Lazy): boolean {
  if ('status' in sig) return facts.status !== undefined && sig.status.includes(facts.status);
  if ('header' in sig) {
    const vs = headerValues(facts, sig.header);
    return sig.value === undefined ? vs.length > 0 : vs.some((v) => re(sig.value!).test(v));
  }
  if ('cookie' in sig) {
    const want = sig.cookie.toLowerCase();
    return cookieNames(facts).some((n) => (want.endsWith('*') ? n.startsWith(want.slice(0, -1)) : n === want));
  }
  if ('url' in sig) return re(sig.url).test(facts.url);
  if ('title' in sig) return re(sig.title).test((lazy.title ??= titleOf(facts)));
  if ('selector' in sig) {
    if (facts.doc === undefined) return false;
    lazy.anySelector ??= selectorGroup(lazy.rules) !== '' && facts.doc.root.find(selectorGroup(lazy.rules)).length > 0;
    return lazy.anySelector && facts.doc.root.find(sig.selector).length > 0;
  }
  return re(sig.html).test((lazy.html ??= facts.html.length > MAX_SCAN ? facts.html.slice(0, MAX_SCAN) : facts.html));
}

function ruleMatches(rule: ProviderRule, facts: FetchFacts, lazy: Lazy): boolean {
  if (rule.all && !rule.all.every((s) => matches(s, facts, lazy))) return false;
  if (rule.any && !rule.any.some((s) => matches(s, facts, lazy))) return false;
  return (rule.all?.length ?? 0) + (rule.any?.length ?? 0) > 0;
}

/**
 * Visible text of the page, whitespace left out: the body's text less what
 * scripts, styles and JSON blobs hold — how an app shell (a mount point,
 * skeletons, a script bundle) differs from a page that shows its content.
 */
function visibleText(doc: PageDocument): number {
  const body = doc.root.find('body')[0] ?? doc.root;
  const len = (n: DocNode) => n.text().replace(/\s+/g, '').length;
  let total = len(body);
  for (const h of body.find('script, style, noscript, template, svg, textarea')) total -= len(h);
  // Past this much text no page is a shell; below it, the page is small enough to look closer.
  if (total > 20_000) return total;
  for (const n of body.find('div, span, p, pre, code')) {
    const t = n.text().trimStart();
    if (t[0] !== '{' && t[0] !== '[') continue;
    const parent = n.parent()?.text().trimStart() ?? '';
    if (parent[0] !== '{' && parent[0] !== '[') total -= len(n);
  }
  return Math.max(0, total);
}

const SHELL_MARKERS =
  '#root:empty, #app:empty, #__next:empty, #main:empty, [id*="skeleton"], [class*="skeleton-root"], app-root:empty';

/** An app shell: almost no visible text, and the marks of a page JavaScript has yet to draw. */
export function looksLikeAppShell(doc: PageDocument): boolean {
  if (
    doc.root
      .find('script[type="application/ld+json"]')
      .some((s) => /"@type"\s*:\s*"(?:Product|VideoObject|ItemList|Movie|TVEpisode)"/.test(s.text()))
  )
    return false;
  const shellMark = doc.root.find(SHELL_MARKERS).length > 0;
  const scripts = doc.root.find('script').length;
  const text = visibleText(doc);
  return text < 1_200 && (shellMark || scripts >= 8);
}

function verdictOf(rule: ProviderRule, hasData: boolean): Classification {
  if (rule.overData && hasData) {
    if (rule.verdict === 'login-wall')
      return {
        verdict: 'login-wall',
        provider: rule.id,
        reason: `${rule.name}, over the page's data`,
        extractable: true,
      };
    return {
      verdict: 'partial-block',
      provider: rule.id,
      reason: `${rule.name} on a page that still carries its data`,
      extractable: true,
    };
  }
  return { verdict: rule.verdict, provider: rule.id, reason: rule.name, extractable: false };
}

/**
 * The verdict on one fetched page. Provider rules first (in their order),
 * then the status (a 403, 429 or 503 with nothing of the site's data is a
 * refusal), then app shells (the adapter expects a browser, or the page
 * looks like one, and no data is there). `ok` when nothing says otherwise.
 */
export function classifyFetch(facts: FetchFacts, options: ClassifyOptions = {}): Classification {
  const rules = options.rules ?? providers;
  const lazy: Lazy = { rules };
  let data: boolean | undefined;
  const hasData = () => (data ??= options.hasData ? options.hasData() : false);
  for (const rule of rules) {
    if (ruleMatches(rule, facts, lazy)) return verdictOf(rule, rule.overData === true && hasData());
  }
  if (facts.status !== undefined && REFUSAL_STATUS.includes(facts.status) && !hasData()) {
    return {
      verdict: 'block',
      provider: `http-${facts.status}`,
      reason: `HTTP ${facts.status} without the site's data`,
      extractable: false,
    };
  }
  if (options.expectsBrowser && !hasData()) {
    return {
      verdict: 'needs-browser',
      provider: 'app-shell',
      reason: 'the site draws this page with JavaScript and its data is not in the HTML',
      extractable: false,
    };
  }
  // The data first: reading it is needed anyway when the page is ok, and a page with data is no shell.
  if (facts.doc && !hasData() && looksLikeAppShell(facts.doc)) {
    return {
      verdict: 'needs-browser',
      provider: 'app-shell',
      reason: 'an app shell: scripts and an empty mount point, no content in the HTML',
      extractable: false,
    };
  }
  return { verdict: 'ok', reason: 'the page itself', extractable: true };
}
