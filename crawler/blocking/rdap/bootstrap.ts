/**
 * IANA RDAP bootstrap (RFC 9224): which RDAP server answers for a TLD
 * (`dns.json`) or an address block (`ipv4.json`, `ipv6.json`).
 */
import { RdapError } from './errors';
import { inPrefix, parseCidr, type ParsedIp } from './ip';

export type BootstrapKind = 'dns' | 'ipv4' | 'ipv6';

/** One service: the entries it covers (TLDs or CIDR blocks) and its base URLs. */
export interface BootstrapService {
  entries: string[];
  urls: string[];
}

export interface BootstrapFile {
  url: string;
  publication: string | null;
  services: BootstrapService[];
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Checks the shape RFC 9224 §3 gives (`services: [[entries], [urls]]…`) and keeps the parts we use. */
export function parseBootstrap(body: Record<string, unknown>, url: string): BootstrapFile {
  const services = body.services;
  if (!Array.isArray(services)) throw new RdapError('malformed-json', url, 'bootstrap file has no "services" array');
  const parsed = services.map((service: unknown): BootstrapService => {
    // RFC 9224 allows a leading array of registrant e-mails in object-tag files; take the last two parts.
    if (!Array.isArray(service) || service.length < 2) {
      throw new RdapError('malformed-json', url, 'bootstrap service is not [entries, urls]');
    }
    const [entries, urls] = service.slice(-2) as unknown[];
    if (!strings(entries) || !strings(urls))
      throw new RdapError('malformed-json', url, 'bootstrap service is not [entries, urls]');
    return { entries: entries.map((e) => e.toLowerCase()), urls };
  });
  return { url, publication: typeof body.publication === 'string' ? body.publication : null, services: parsed };
}

/** RFC 9224 §3: with several URLs for one service, prefer HTTPS; RDAP base URLs end with '/'. */
export function pickBaseUrl(urls: readonly string[]): string | null {
  const url = urls.find((u) => u.startsWith('https:')) ?? urls[0];
  if (!url) return null;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The service for `domain` (lower-case A-labels): the entry matching the
 * most trailing labels wins, so `example.co.uk` picks `co.uk` over `uk`.
 * Returns the matched entry (the registry's zone) and its base URL.
 */
export function serviceForDomain(file: BootstrapFile, domain: string): { zone: string; base: string } | null {
  let best: { zone: string; base: string } | null = null;
  for (const service of file.services) {
    const base = pickBaseUrl(service.urls);
    if (!base) continue;
    for (const zone of service.entries) {
      const matches = domain === zone || domain.endsWith(`.${zone}`);
      if (matches && (!best || zone.length > best.zone.length)) best = { zone, base };
    }
  }
  return best;
}

/** The service for an address: the longest matching prefix wins (RFC 9224 §5). */
export function serviceForIp(file: BootstrapFile, ip: ParsedIp): string | null {
  let best: { length: number; base: string } | null = null;
  for (const service of file.services) {
    const base = pickBaseUrl(service.urls);
    if (!base) continue;
    for (const entry of service.entries) {
      const prefix = parseCidr(entry);
      if (prefix && inPrefix(ip, prefix) && (!best || prefix.length > best.length))
        best = { length: prefix.length, base };
    }
  }
  return best?.base ?? null;
}
