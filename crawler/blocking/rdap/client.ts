/**
 * From a pirate site's domain to the people who can act on it: the
 * registrar (IANA bootstrap → registry → registrar's own record) and the
 * hosting provider (DNS → IANA bootstrap → RIR IP network record), each with
 * its abuse contact.
 */
import { domainToASCII } from 'node:url';
import { parseBootstrap, serviceForDomain, serviceForIp, type BootstrapFile, type BootstrapKind } from './bootstrap';
import { abuseContact, expectObjectClass, findEntity, ianaRegistrarId, linkHref, type RdapEntity } from './entities';
import { RdapError, toProblem } from './errors';
import { RdapHttp, type RdapResponse } from './http';
import { parseIp } from './ip';
import { readVCard } from './jcard';
import { resolveOptions, type RdapClientOptions, type ResolvedRdapOptions } from './options';
import {
  newTrail,
  type AbuseContact,
  type HostContacts,
  type LookupTrail,
  type RegistrarContacts,
  type SiteAbuseContacts,
} from './types';

export interface DomainRecord {
  /** The name the registry knows (`example.com` for `www.example.com`). */
  name: string;
  url: string;
  record: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const usable = (c: AbuseContact): boolean => c.email !== null || c.phone !== null;

export class RdapClient {
  private readonly options: ResolvedRdapOptions;
  private readonly http: RdapHttp;
  // Parsed once per fetched file; keyed by the cached response so it expires with it.
  private readonly parsed = new WeakMap<RdapResponse, BootstrapFile>();

  constructor(options: RdapClientOptions = {}) {
    this.options = resolveOptions(options);
    this.http = new RdapHttp(this.options);
  }

  /**
   * Registrar and hosting abuse contacts of `domain`. Partial failures land in `problems`; throws only when no one at
   * all was found.
   */
  async siteAbuseContacts(domain: string): Promise<SiteAbuseContacts> {
    const trail = newTrail();
    const name = hostnameOf(domain);
    let registrarError: unknown;
    const [registrar, hosts] = await Promise.all([
      this.registrar(name, trail).catch((err: unknown) => {
        registrarError = err;
        return noteProblem(err, trail, null);
      }),
      this.hosts(name, trail).catch((err: unknown) => noteProblem(err, trail, [] as HostContacts[])),
    ]);
    // Nobody to address: the registrar failure (bootstrap, 404, timeout) explains it best.
    if (!registrar && hosts.length === 0)
      throw registrarError ?? new RdapError('unresolvable', `dns:${name}`, 'no contacts found');
    return {
      domain: name,
      registrar,
      hosts,
      fetchedAt: new Date(this.options.now()).toISOString(),
      sources: [...new Set(trail.sources)],
      problems: trail.problems,
    };
  }

  /** The registrar of `domain` and its abuse contact. Throws RdapError when it cannot be found. */
  async registrar(domain: string, trail: LookupTrail = newTrail()): Promise<RegistrarContacts> {
    const registry = await this.domain(domain, trail);
    const thin = await this.registrarRecord(registry, trail);
    const atRegistry = findEntity(registry.record, 'registrar');
    const atRegistrar = thin ? findEntity(thin.record, 'registrar') : null;
    const entity = atRegistry ?? atRegistrar;
    if (!entity)
      throw new RdapError(
        'no-registrar-entity',
        registry.url,
        `domain ${registry.name} has no entity with role "registrar"`,
      );
    const name = readVCard(entity.vcardArray).name ?? (atRegistrar ? readVCard(atRegistrar.vcardArray).name : null);
    const ianaId = ianaRegistrarId(entity) ?? (atRegistrar ? ianaRegistrarId(atRegistrar) : null);
    // The registrar's own record first: it is the source the registry's copy was taken from.
    const places: [RdapEntity | null, string][] = [
      [atRegistrar, thin?.url ?? registry.url],
      [atRegistry, registry.url],
    ];
    for (const [node, url] of places) {
      if (!node) continue;
      try {
        const abuse = abuseContact(node, url, 'registrar');
        if (usable(abuse)) return { name, ianaId, abuse };
      } catch (err) {
        if (!(err instanceof RdapError)) throw err;
      }
    }
    const who = `registrar ${name ?? '(unnamed)'}${ianaId ? ` (IANA ${ianaId})` : ''} of ${registry.name}`;
    throw new RdapError(
      'no-abuse-entity',
      thin?.url ?? registry.url,
      `${who} has no abuse entity with an e-mail or phone`,
    );
  }

  /** The registry's record of `domain`; for `www.example.com` the first name up the tree the registry has. */
  async domain(domain: string, trail: LookupTrail = newTrail()): Promise<DomainRecord> {
    const name = hostnameOf(domain);
    const dns = await this.bootstrap('dns');
    const service = serviceForDomain(dns, name);
    if (!service) {
      throw new RdapError(
        'no-bootstrap-entry',
        dns.url,
        `no RDAP service for ".${name.split('.').pop()}" in the IANA bootstrap`,
      );
    }
    const candidates = registrableCandidates(name, service.zone);
    if (candidates.length === 0)
      throw new RdapError('invalid-query', name, `"${name}" is a registry zone, not a registered domain`);
    for (const [i, candidate] of candidates.entries()) {
      const url = `${service.base}domain/${candidate}`;
      try {
        const res = await this.http.get(url, this.options.cacheTtlMs);
        trail.sources.push(res.url);
        return { name: candidate, url: res.url, record: expectObjectClass(res.body, 'domain', url) };
      } catch (err) {
        const more = i < candidates.length - 1;
        if (!(err instanceof RdapError && err.reason === 'not-found' && more)) throw err;
      }
    }
    throw new Error('unreachable: the loop returns or throws');
  }

  /** Every address `domain` resolves to (up to `maxHosts`), each with its network's abuse contact. */
  async hosts(domain: string, trail: LookupTrail = newTrail()): Promise<HostContacts[]> {
    const name = hostnameOf(domain);
    let ips: string[];
    try {
      ips = await this.options.resolve(name);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).message;
      throw new RdapError('unresolvable', `dns:${name}`, `${name} did not resolve: ${code}`);
    }
    const unique = [...new Set(ips)].slice(0, this.options.maxHosts);
    if (unique.length === 0) throw new RdapError('unresolvable', `dns:${name}`, `${name} resolved to no addresses`);
    const found = await Promise.all(
      unique.map((ip) => this.host(ip, trail).catch((err: unknown) => noteProblem(err, trail, null))),
    );
    return found.filter((h): h is HostContacts => h !== null);
  }

  /** The IP network `ip` belongs to and its abuse contact, from the RIR that holds it. */
  async host(ip: string, trail: LookupTrail = newTrail()): Promise<HostContacts> {
    const parsed = parseIp(ip);
    if (!parsed) throw new RdapError('invalid-query', ip, `"${ip}" is not an IP address`);
    // Query with the plain form: no zone id, and IPv4-mapped IPv6 as IPv4 (that is where the RIR data is).
    const query = ip
      .trim()
      .replace(/%.*$/, '')
      .replace(/^::ffff:(?=\d+\.)/i, '');
    const file = await this.bootstrap(parsed.version === 4 ? 'ipv4' : 'ipv6');
    const base = serviceForIp(file, parsed);
    if (!base)
      throw new RdapError('no-bootstrap-entry', file.url, `no RDAP service for ${query} in the IANA bootstrap`);
    const url = `${base}ip/${query}`;
    const res = await this.http.get(url, this.options.cacheTtlMs);
    trail.sources.push(res.url);
    const net = expectObjectClass(res.body, 'ip network', url);
    const handle = str(net.handle);
    const registrant = findEntity(net, 'registrant');
    const country =
      str(net.country)?.toUpperCase() ?? (registrant ? readVCard(registrant.vcardArray).countryCode : null);
    const abuse = abuseContact(net, res.url, `IP network ${handle ?? query}`);
    return { ip: query, network: { name: str(net.name), handle, country }, abuse };
  }

  /** Forgets every cached answer, bootstrap files included. */
  clearCache(): void {
    this.http.clear();
  }

  private async bootstrap(kind: BootstrapKind): Promise<BootstrapFile> {
    const url = new URL(`${kind}.json`, this.options.bootstrapBaseUrl).href;
    const res = await this.http.get(url, this.options.bootstrapTtlMs);
    let file = this.parsed.get(res);
    if (!file) {
      file = parseBootstrap(res.body, url);
      this.parsed.set(res, file);
    }
    return file;
  }

  /**
   * Thin registries (and ICANN's profile for thick ones) link the
   * registrar's own record with rel "related". Its failure is not fatal:
   * the registry's copy of the registrar still names it and often its abuse
   * contact, so the problem is recorded and the registry data used.
   */
  private async registrarRecord(
    registry: DomainRecord,
    trail: LookupTrail,
  ): Promise<{ url: string; record: Record<string, unknown> } | null> {
    const href = linkHref(registry.record, 'related');
    if (!href) return null;
    const url = new URL(href, registry.url).href;
    if (url === registry.url) return null;
    try {
      const res = await this.http.get(url, this.options.cacheTtlMs);
      trail.sources.push(res.url);
      return { url: res.url, record: expectObjectClass(res.body, 'domain', url) };
    } catch (err) {
      return noteProblem(err, trail, null);
    }
  }
}

/** Notes an RdapError in the trail and carries on with `fallback`; anything else is a bug and is rethrown. */
function noteProblem<T>(err: unknown, trail: LookupTrail, fallback: T): T {
  if (!(err instanceof RdapError)) throw err;
  trail.problems.push(toProblem(err));
  return fallback;
}

/** Lower-case A-label hostname from a hostname or URL (sites are often recorded by URL). */
export function hostnameOf(input: string): string {
  const trimmed = input.trim();
  const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? safeHost(trimmed) : trimmed;
  const ascii = domainToASCII(host.replace(/\.$/, '').toLowerCase());
  if (!ascii || !ascii.includes('.')) throw new RdapError('invalid-query', input, `"${input}" is not a domain name`);
  return ascii;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * Names to ask the registry for, longest first, down to one label under its
 * zone: `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`.
 * Without a public-suffix list this is how a registry's 404 for a subdomain
 * leads to the registered name.
 */
export function registrableCandidates(name: string, zone: string): string[] {
  const labels = name.split('.');
  const keep = zone.split('.').length + 1;
  const out: string[] = [];
  for (let i = 0; labels.length - i >= keep; i++) out.push(labels.slice(i).join('.'));
  return out;
}
