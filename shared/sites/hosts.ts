/**
 * Host patterns of site adapters: `example.com`, `*.example.com` (the domain
 * and its subdomains) and `amazon.*` (any country domain), and the browser
 * match patterns they become.
 */
import type { SiteAdapter } from './adapter';

/**
 * What a `.*` stands for: a country-code or generic top-level domain, alone
 * or under a second-level label (`de`, `com`, `co.uk`, `com.br`, `ne.jp`).
 * Not any domain: `amazon.evil.example` is not Amazon.
 */
const ANY_TLD = String.raw`(?:[a-z]{2,3}|(?:co|com|ne|or|ac|org|net|gov|edu)\.[a-z]{2})`;

const compiled = new Map<string, RegExp>();

function patternRe(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const p = pattern.toLowerCase();
    const sub = p.startsWith('*.');
    const anyTld = p.endsWith('.*');
    let core = p.slice(sub ? 2 : 0, anyTld ? -2 : undefined);
    core = core.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]+');
    re = new RegExp(`^${sub ? String.raw`(?:[^.]+\.)*` : ''}${core}${anyTld ? String.raw`\.${ANY_TLD}` : ''}$`);
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether `host` (a hostname, no port) falls under `pattern`. */
export function hostMatches(pattern: string, host: string): boolean {
  return patternRe(pattern).test(host.toLowerCase().replace(/\.$/, ''));
}

/** Whether `host` falls under any of the adapter's host patterns. */
export function adapterServes(adapter: Pick<SiteAdapter, 'hosts'>, host: string): boolean {
  return adapter.hosts.some((p) => hostMatches(p, host));
}

/**
 * Browser match patterns (`*://*.example.com/*`) for an adapter's hosts. A
 * `name.*` pattern is not a valid match pattern: it becomes one per locale
 * domain the adapter lists, subdomains included.
 */
export function matchPatterns(adapter: Pick<SiteAdapter, 'hosts' | 'locales'>): string[] {
  const out = new Set<string>();
  for (const raw of adapter.hosts) {
    const p = raw.toLowerCase();
    if (p.endsWith('.*')) {
      const name = p.slice(p.startsWith('*.') ? 2 : 0, -2);
      for (const l of adapter.locales ?? []) {
        const host = new URL(l.origin).hostname.toLowerCase();
        // The part of the locale host from `name` on: www.amazon.co.uk → amazon.co.uk.
        const at = host.indexOf(`${name}.`);
        const base = at >= 0 ? host.slice(at) : host;
        if (hostMatches(p, base)) out.add(`*://*.${base}/*`);
      }
    } else out.add(`*://${p}/*`);
  }
  // `*://*.example.com/*` already covers example.com itself.
  return [...out]
    .filter((m) => !(m.startsWith('*://') && !m.startsWith('*://*.') && out.has(m.replace('*://', '*://*.'))))
    .sort();
}
