/**
 * RFC 9309 robots.txt parser and matcher, following Google's reference
 * implementation (github.com/google/robotstxt) where the RFC leaves room.
 * Pure ECMAScript: no Node built-ins, no DOM globals.
 *
 * Parse once with `parseRobots(body)`, then call `isAllowed(url, ua)` per URL:
 * patterns are precompiled and the rule list for each user-agent is selected,
 * sorted and cached on first use.
 */
import { compileRule, escapePattern, pathOf, type CompiledRule } from './pattern';

export interface RobotsRules {
  /** `url` should be percent-encoded already (e.g. `new URL(x).href`). */
  isAllowed(url: string, userAgent: string): boolean;
  /** Crawl-delay in seconds for the group that applies to `userAgent`, if any. */
  crawlDelay(userAgent: string): number | undefined /* seconds */;
  sitemaps: string[];
}

/** Reference `kMaxLineLen - 1`: octets of a line beyond this are ignored. */
const MAX_LINE_OCTETS = 2083 * 8 - 1;

interface Group {
  /** Lower-cased product tokens of the group's user-agent lines ('*' excluded). */
  agents: string[];
  global: boolean;
  rules: CompiledRule[];
  crawlDelay: number | undefined;
}

interface Selection {
  rules: CompiledRule[];
  crawlDelay: number | undefined;
}

/**
 * Product token: the value up to the first whitespace or '/', lower-cased
 * ("FooBot/2.1 (+https://x)" -> "foobot", "Foo Bar" -> "foo").
 */
export function productToken(userAgent: string): string {
  const m = /^[ \t\n\v\f\r]*([^ \t\n\v\f\r/]*)/.exec(userAgent);
  return (m?.[1] ?? '').toLowerCase();
}

/** RFC 9309 §2.5: a crawler parses at least the first 500 KiB; the rest is ignored. */
export const MAX_ROBOTS_BYTES = 500 * 1024;

function isAsciiWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Trim ASCII whitespace. By hand: the regex /[ws]+$/ restarts at every
 * space of a long run that is not at the end, which made one line of 16,000
 * spaces cost a quarter of a second (quadratic).
 */
function stripWs(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isAsciiWs(s.charCodeAt(start))) start++;
  while (end > start && isAsciiWs(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Cut a line to MAX_LINE_OCTETS octets of UTF-8, as the reference's line buffer does. */
function clipLine(line: string): string {
  if (line.length * 3 <= MAX_LINE_OCTETS) return line;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (octets + n > MAX_LINE_OCTETS) return line.slice(0, i);
    octets += n;
    if (n === 4) i++;
  }
  return line;
}

/** Split a line into key and value like the reference `GetKeyAndValueFrom`. */
function keyValue(rawLine: string): [string, string] | null {
  let line = rawLine;
  const nul = line.indexOf('\0');
  if (nul >= 0) line = line.slice(0, nul);
  const hash = line.indexOf('#');
  if (hash >= 0) line = line.slice(0, hash);
  line = stripWs(line);
  if (line.length === 0) return null;
  let sep = line.indexOf(':');
  if (sep < 0) {
    // Google-specific: "disallow /" — whitespace instead of the colon, but only
    // if the line is exactly two whitespace-separated words.
    const m = /[ \t]+/.exec(line);
    if (!m) return null;
    if (/[ \t]/.test(line.slice(m.index + m[0].length))) return null;
    sep = m.index;
  }
  const key = stripWs(line.slice(0, sep));
  if (key.length === 0) return null;
  return [key, stripWs(line.slice(sep + 1))];
}

type Key = 'user-agent' | 'allow' | 'disallow' | 'sitemap' | 'crawl-delay' | null;

const DISALLOW_TYPOS = ['disallow', 'dissallow', 'dissalow', 'disalow', 'diasllow', 'disallaw'];

/** Key recognition as in the reference (prefix match, common typos accepted). */
function keyType(rawKey: string): Key {
  const k = rawKey.toLowerCase();
  if (k.startsWith('user-agent') || k.startsWith('useragent') || k.startsWith('user agent')) return 'user-agent';
  if (k.startsWith('allow')) return 'allow';
  if (DISALLOW_TYPOS.some((t) => k.startsWith(t))) return 'disallow';
  if (k.startsWith('sitemap') || k.startsWith('site-map')) return 'sitemap';
  if (k.startsWith('crawl-delay') || k.startsWith('crawldelay') || k.startsWith('crawl delay')) return 'crawl-delay';
  return null;
}

/** Rules sorted so that the first matching one decides: longest first, Allow before Disallow on ties. */
function byPrecedence(a: CompiledRule, b: CompiledRule): number {
  return b.priority - a.priority || Number(b.allow) - Number(a.allow);
}

class ParsedRobots implements RobotsRules {
  readonly sitemaps: string[];
  private readonly groups: Group[];
  private readonly cache = new Map<string, Selection>();

  constructor(groups: Group[], sitemaps: string[]) {
    this.groups = groups;
    this.sitemaps = sitemaps;
  }

  private select(userAgent: string): Selection {
    const token = productToken(userAgent);
    let sel = this.cache.get(token);
    if (sel) return sel;
    let chosen = token.length > 0 ? this.groups.filter((g) => g.agents.includes(token)) : [];
    // No group names this crawler: the '*' groups apply (all of them, merged).
    if (chosen.length === 0) chosen = this.groups.filter((g) => g.global);
    const rules = chosen.flatMap((g) => g.rules).sort(byPrecedence);
    const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== undefined);
    sel = { rules, crawlDelay: delays.length > 0 ? Math.max(...delays) : undefined };
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(token, sel);
    return sel;
  }

  isAllowed(url: string, userAgent: string): boolean {
    if (this.groups.length === 0) return true;
    const path = pathOf(url);
    if (isRobotsTxt(path)) return true;
    for (const r of this.select(userAgent).rules) {
      if (r.match(path)) return r.allow;
    }
    return true;
  }

  crawlDelay(userAgent: string): number | undefined {
    return this.select(userAgent).crawlDelay;
  }
}

/** RFC 9309 §2.2.2: "/robots.txt" is implicitly allowed. */
function isRobotsTxt(path: string): boolean {
  return path.startsWith('/robots.txt') && (path.length === 11 || path[11] === '?');
}

export function parseRobots(body: string): RobotsRules {
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let sawRule = false; // reference `seen_separator_`: a rule closes the run of user-agent lines

  // Characters, not octets: the first 500 Ki characters hold at least 500 KiB.
  // (The fetcher already cuts the body at 500 KiB; this bounds any other caller.)
  const capped = body.length > MAX_ROBOTS_BYTES ? body.slice(0, MAX_ROBOTS_BYTES) : body;
  const text = capped.charCodeAt(0) === 0xfeff ? capped.slice(1) : capped;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const kv = keyValue(clipLine(rawLine));
    if (!kv) continue;
    const [key, value] = kv;
    switch (keyType(key)) {
      case 'user-agent': {
        if (!current || sawRule) {
          current = { agents: [], global: false, rules: [], crawlDelay: undefined };
          groups.push(current);
          sawRule = false;
        }
        // Google-specific: "* anything" is still the global agent.
        const token = /^\*(?:[ \t\n\v\f\r]|$)/.test(value) ? '*' : productToken(value);
        if (token === '*') current.global = true;
        else if (token.length > 0 && !current.agents.includes(token)) current.agents.push(token);
        break;
      }
      case 'allow':
      case 'disallow': {
        if (!current) break; // rules outside any group are ignored
        sawRule = true;
        const allow = keyType(key) === 'allow';
        const pattern = escapePattern(value);
        // An empty pattern matches with priority 0, which never decides anything.
        if (pattern.length === 0) break;
        current.rules.push(compileRule(allow, pattern));
        if (allow) {
          // Google-specific: "Allow: /dir/index.htm(l)" also allows "/dir/".
          const slash = pattern.lastIndexOf('/');
          if (slash >= 0 && pattern.startsWith('/index.htm', slash)) {
            current.rules.push(compileRule(true, pattern.slice(0, slash + 1) + '$'));
          }
        }
        break;
      }
      case 'sitemap':
        if (value.length > 0 && !sitemaps.includes(value)) sitemaps.push(value);
        break;
      case 'crawl-delay': {
        // A group member like Allow/Disallow (closes the run of user-agent lines).
        if (!current) break;
        sawRule = true;
        if (!/^\d+(?:\.\d*)?$|^\.\d+$/.test(value)) break;
        const d = Number(value);
        if (Number.isFinite(d)) current.crawlDelay = Math.max(current.crawlDelay ?? 0, d);
        break;
      }
      default:
        break; // unknown lines do not close a group (reference behaviour)
    }
  }
  return new ParsedRobots(groups, sitemaps);
}

function fixed(allowed: boolean): RobotsRules {
  return {
    isAllowed: (url: string) => allowed || isRobotsTxt(pathOf(url)),
    crawlDelay: () => undefined,
    sitemaps: [],
  };
}

/**
 * What RFC 9309 §2.3.1.3/.4 says to do when robots.txt could not be fetched:
 * 4xx => allow all, 5xx/unreachable => disallow all.
 *
 * Details: 3xx here means redirects could not be followed (more than five hops,
 * §2.3.1.2) and is treated as "unavailable" => allow all. 429 Too Many Requests
 * is treated like a 5xx (disallow all), as Google does, to stay polite.
 * Anything else (0 for network errors, 5xx, and 2xx — which should have been
 * parsed with `parseRobots`) => disallow all.
 */
export function robotsForStatus(status: number): RobotsRules {
  return fixed(status >= 300 && status < 500 && status !== 429);
}
