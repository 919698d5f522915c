/**
 * Recognising mirrors of a pirate site: new domains serving the same site,
 * so one blocking request (or a dynamic blocking order) can cover them all.
 *
 * Three signals, each explainable on its own:
 * - template: the page's DOM skeleton (tag/class paths), which a mirror
 *   copies wholesale while its content (the film list) changes;
 * - title: the page title with the site's own domain words removed, since
 *   mirrors rename themselves ("FMovies24", "FMoviesZ") but keep the rest;
 * - hosting: the same RIR network handle or the same /24 (/48) prefix.
 * No network access: hosting comes in from an RDAP look-up done elsewhere.
 */
import type * as cheerio from 'cheerio';
import { loadBounded } from '../fetch/cheerio-document';
import type { AnyNode, Element } from 'domhandler';
import { ipPrefix, type SiteAbuseContacts } from './rdap';

export interface MirrorHost {
  ip: string;
  /** RDAP network handle, e.g. "NET-192-0-2-0-1". */
  networkHandle?: string | null;
}

export interface MirrorPage {
  domain: string;
  /** The page title; read from `<title>` when not given. */
  title?: string;
  html: string;
  hosts?: MirrorHost[];
}

/** What is kept of a page to compare it with others; plain arrays so it can be stored as JSON. */
export interface SiteFingerprint {
  domain: string;
  /** Sorted tag/class path shingles of the DOM skeleton. */
  template: string[];
  /** Sorted distinct title words, the site's own domain words removed. */
  titleTokens: string[];
  hosting: { handles: string[]; prefixes: string[] };
}

export type MirrorSignal = 'template' | 'title' | 'hosting';

export interface MirrorReason {
  signal: MirrorSignal;
  /** In [0, 1]; null when a side has nothing to compare (no title words, no hosting data). */
  score: number | null;
  agreed: boolean;
  /** One line a reviewer can read, e.g. "same network NET-192-0-2-0-1". */
  detail: string;
}

export interface MirrorSimilarity {
  /** Weighted mean of the signals that count, in [0, 1]. */
  score: number;
  reasons: MirrorReason[];
}

/**
 * With the weights below, an identical template alone scores 0.625 and with
 * shared hosting 0.7: pirate sites share themes (and CDNs), so neither is
 * enough without the title agreeing too.
 */
export const DEFAULT_MIRROR_THRESHOLD = 0.75;

const WEIGHT: Record<MirrorSignal, number> = { template: 0.5, title: 0.3, hosting: 0.2 };
const AGREES = { template: 0.7, title: 0.5 };
/**
 * Self plus two ancestors: deep enough to tell themes apart, shallow enough that one moved block changes few shingles.
 */
const PATH_DEPTH = 3;
const SKIP_INSIDE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe']);

/** The site's own words: labels of its domain except the TLD, without a leading "www". */
function domainWords(domain: string): string[] {
  const labels = domain
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.');
  return labels.slice(0, -1).filter((l) => l.length >= 3);
}

function normaliseName(name: string, words: readonly string[]): string {
  let out = name.toLowerCase();
  for (const w of words) out = out.replaceAll(w, '*');
  return out.replace(/\d+/g, '0'); // post-1234 and post-98 are the same slot
}

function label(el: Element, words: readonly string[]): string {
  const classes = (el.attribs.class ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => normaliseName(c, words));
  const id = el.attribs.id ? `#${normaliseName(el.attribs.id, words)}` : '';
  return `${el.tagName.toLowerCase()}${id}${[...new Set(classes)]
    .sort()
    .map((c) => `.${c}`)
    .join('')}`;
}

function templateShingles($: cheerio.CheerioAPI, words: readonly string[]): string[] {
  const shingles = new Set<string>();
  const walk = (node: AnyNode, path: string[]): void => {
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    const here = [...path, label(el, words)].slice(-PATH_DEPTH);
    shingles.add(here.join(' > '));
    if (SKIP_INSIDE.has(el.tagName.toLowerCase())) return;
    for (const child of el.children) walk(child, here);
  };
  const body = $('body')[0];
  // body's own classes vary by page type (WordPress "home", "single"); start below it.
  for (const child of body?.children ?? []) walk(child, ['body']);
  return [...shingles].sort();
}

function titleTokens(title: string, domain: string): string[] {
  const words = domainWords(domain);
  const bare = domain.toLowerCase().replace(/^www\./, '');
  const text = title.normalize('NFKC').toLowerCase().replaceAll(bare, ' ');
  const tokens = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // A word counts as the site's own if it is a domain word or one is a prefix of the other
  // (site "fmovies24.to", title word "fmovies"), for words long enough not to be common words.
  const own = (t: string): boolean =>
    words.some((w) => t === w || (t.length >= 4 && (w.startsWith(t) || t.startsWith(w))));
  return [...new Set(tokens.filter((t) => !own(t)))].sort();
}

export function fingerprint(page: MirrorPage): SiteFingerprint {
  const domain = page.domain.toLowerCase().replace(/\.$/, '');
  // Bounded like every page the crawler reads: a hostile mirror cannot stall or overflow the walk below.
  const $ = loadBounded(page.html, `http://${domain}/`);
  const title = page.title ?? $('title').first().text();
  const hosts = page.hosts ?? [];
  return {
    domain,
    template: templateShingles($, domainWords(domain)),
    titleTokens: titleTokens(title, domain),
    hosting: {
      handles: [...new Set(hosts.flatMap((h) => (h.networkHandle ? [h.networkHandle] : [])))].sort(),
      prefixes: [...new Set(hosts.flatMap((h) => ipPrefix(h.ip) ?? []))].sort(),
    },
  };
}

/** Hosting data for a fingerprint from an RDAP look-up of the site. */
export function hostsFromContacts(contacts: SiteAbuseContacts): MirrorHost[] {
  return contacts.hosts.map((h) => ({ ip: h.ip, networkHandle: h.network.handle }));
}

function jaccard(a: readonly string[], b: readonly string[]): { score: number; shared: string[] } {
  const setB = new Set(b);
  const shared = [...new Set(a)].filter((x) => setB.has(x));
  const union = new Set([...a, ...b]).size;
  return { score: union === 0 ? 0 : shared.length / union, shared };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function templateReason(a: SiteFingerprint, b: SiteFingerprint): MirrorReason {
  if (a.template.length === 0 || b.template.length === 0) {
    return { signal: 'template', score: null, agreed: false, detail: 'no page structure to compare' };
  }
  const { score, shared } = jaccard(a.template, b.template);
  const union = new Set([...a.template, ...b.template]).size;
  return {
    signal: 'template',
    score,
    agreed: score >= AGREES.template,
    detail: `${pct(score)} of page-structure paths shared (${shared.length} of ${union})`,
  };
}

function titleReason(a: SiteFingerprint, b: SiteFingerprint): MirrorReason {
  if (a.titleTokens.length === 0 || b.titleTokens.length === 0) {
    return { signal: 'title', score: null, agreed: false, detail: 'a title has no words besides the domain name' };
  }
  const { score, shared } = jaccard(a.titleTokens, b.titleTokens);
  const words = shared.length > 0 ? `: ${shared.join(' ')}` : '';
  return {
    signal: 'title',
    score,
    agreed: score >= AGREES.title,
    detail: `${pct(score)} of title words shared, domain names aside${words}`,
  };
}

function hostingReason(a: SiteFingerprint, b: SiteFingerprint): MirrorReason {
  const known = (f: SiteFingerprint): boolean => f.hosting.handles.length > 0 || f.hosting.prefixes.length > 0;
  if (!known(a) || !known(b))
    return { signal: 'hosting', score: null, agreed: false, detail: 'hosting unknown for one site' };
  const handle = a.hosting.handles.find((h) => b.hosting.handles.includes(h));
  if (handle) return { signal: 'hosting', score: 1, agreed: true, detail: `same network ${handle}` };
  const prefix = a.hosting.prefixes.find((p) => b.hosting.prefixes.includes(p));
  if (prefix) return { signal: 'hosting', score: 1, agreed: true, detail: `same address block ${prefix}` };
  return { signal: 'hosting', score: 0, agreed: false, detail: 'different networks' };
}

const asFingerprint = (x: SiteFingerprint | MirrorPage): SiteFingerprint => ('html' in x ? fingerprint(x) : x);

/**
 * How alike two sites are, with a reason per signal. Hosting counts only
 * when it agrees: mirrors are often moved to other hosts on purpose, so a
 * different network is no evidence against, while the same one is for.
 */
export function similarity(x: SiteFingerprint | MirrorPage, y: SiteFingerprint | MirrorPage): MirrorSimilarity {
  const a = asFingerprint(x);
  const b = asFingerprint(y);
  const reasons = [templateReason(a, b), titleReason(a, b), hostingReason(a, b)];
  let sum = 0;
  let weights = 0;
  for (const r of reasons) {
    if (r.score === null || (r.signal === 'hosting' && !r.agreed)) continue;
    sum += WEIGHT[r.signal] * r.score;
    weights += WEIGHT[r.signal];
  }
  return { score: weights === 0 ? 0 : sum / weights, reasons };
}

export function isMirror(
  a: SiteFingerprint | MirrorPage,
  b: SiteFingerprint | MirrorPage,
  threshold = DEFAULT_MIRROR_THRESHOLD,
): boolean {
  return similarity(a, b).score >= threshold;
}
