/**
 * The outbound-request policy: where the server may connect when it fetches
 * a URL that a user supplied or that a page led to — crawling, robots.txt,
 * verification re-fetches, watch webhooks, RDAP look-ups, and the browser's
 * requests. http(s) only, and no address that is not public unicast
 * (loopback, RFC 1918, unique-local, link-local, CGNAT, multicast,
 * unspecified, broadcast, reserved, cloud metadata, and the IPv4-mapped or
 * NAT64 forms of those) unless the operator's allow-list names it.
 *
 * The check runs on the address of every connection, after DNS, inside the
 * undici dispatcher: a name that resolves to a public address when a URL is
 * registered and to 127.0.0.1 when it is fetched (DNS rebinding) is refused,
 * and so is every redirect hop, since each hop opens its own connection.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit, type Response } from 'undici';

/**
 * Nothing was sent: the policy refused the target. The message is all a user may see; `detail` is for the operator's
 * log.
 */
export class OutboundRefusedError extends Error {
  constructor(
    readonly target: string,
    readonly detail: string,
  ) {
    super('refused by outbound policy');
    this.name = 'OutboundRefusedError';
  }
}

/** The refusal behind an error, if there is one (fetch wraps it as `cause`, sometimes twice). */
export function outboundRefusal(err: unknown): OutboundRefusedError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutboundRefusedError) return e;
  }
  return undefined;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** Public-looking addresses that are cloud metadata or host services (Azure's wire server). */
const METADATA_V4: Range[] = [[ipaddr.IPv4.parse('168.63.129.16'), 32]];
const GLOBAL_UNICAST_V6: Range = [ipaddr.IPv6.parse('2000::'), 3];
const NAT64_WELL_KNOWN: Range = [ipaddr.IPv6.parse('64:ff9b::'), 96];

const v4FromParts = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

function v4Refusal(ip: ipaddr.IPv4): string | undefined {
  const range = ip.range();
  if (range !== 'unicast') return range;
  return METADATA_V4.some(([net, bits]) => ip.match(net as ipaddr.IPv4, bits)) ? 'metadata' : undefined;
}

function v6Refusal(ip: ipaddr.IPv6): string | undefined {
  const range = ip.range();
  const p = ip.parts;
  // Forms that carry an IPv4 address are judged by that address.
  if (
    range === 'ipv4Mapped' ||
    range === 'rfc6145' ||
    ip.match(NAT64_WELL_KNOWN[0] as ipaddr.IPv6, NAT64_WELL_KNOWN[1])
  ) {
    const inner = v4Refusal(v4FromParts(p[6]!, p[7]!));
    return inner && `${range === 'rfc6052' ? 'NAT64' : 'IPv4-mapped'} ${inner}`;
  }
  if (range === '6to4') {
    const inner = v4Refusal(v4FromParts(p[1]!, p[2]!));
    return inner && `6to4 ${inner}`;
  }
  if (range !== 'unicast') return range;
  // ipaddr calls everything it has no name for unicast; only 2000::/3 is global (this leaves out ::a.b.c.d and the
  // unassigned rest).
  return ip.match(GLOBAL_UNICAST_V6[0] as ipaddr.IPv6, GLOBAL_UNICAST_V6[1]) ? undefined : 'reserved';
}

/**
 * Why the server may not connect to `address` by default — the name of its
 * range (`loopback`, `private`, `linkLocal`, `carrierGradeNat`, `metadata`,
 * `IPv4-mapped loopback` …) — or undefined for a public unicast address.
 * Takes any form ipaddr.js reads, decimal, hex and octal IPv4 included.
 */
export function refusedRange(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const ip = ipaddr.parse(bare);
  return ip.kind() === 'ipv4' ? v4Refusal(ip as ipaddr.IPv4) : v6Refusal(ip as ipaddr.IPv6);
}

/** An allow-list entry: a host name (`hooks.corp.example`, `*.corp.example`), an address, or a CIDR range. */
type AllowEntry = { name: string } | { suffix: string } | { range: Range };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/i;

/** Reads one entry of COUNTERSCAN_OUTBOUND_ALLOW; undefined when it is none of the three forms. */
export function parseAllowEntry(raw: string): AllowEntry | undefined {
  const entry = raw.trim().toLowerCase().replace(/\.$/, '');
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry) ? { range: ipaddr.parseCIDR(entry) } : undefined;
  const bare = entry.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) {
    const ip = ipaddr.parse(bare);
    return { range: [ip, ip.kind() === 'ipv4' ? 32 : 128] };
  }
  if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) return { suffix: entry.slice(1) };
  return HOST_NAME.test(entry) ? { name: entry } : undefined;
}

/** One resolved address, as dns.lookup gives it. */
export type ResolvedAddress = LookupAddress;

export interface OutboundPolicyOptions {
  /**
   * What the operator lets through although it is internal (config
   * COUNTERSCAN_OUTBOUND_ALLOW): host names, `*.suffix` wildcards,
   * addresses and CIDR ranges. A listed name is reached whatever it
   * resolves to; a listed range admits any name that resolves into it.
   * Default: nothing.
   */
  allow?: readonly string[];
  /**
   * Host name → its addresses. Default: the system resolver (dns.lookup, all addresses). Tests inject one to play DNS
   * rebinding.
   */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The policy and the undici dispatcher that enforces it. One per process
 * (it holds the connection pool); `fetch` is global fetch through it.
 */
export class OutboundPolicy {
  /** Every connection it opens is checked; pass it as `dispatcher` to undici. */
  readonly dispatcher: Agent;
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly ranges: Range[] = [];
  private readonly resolve: (hostname: string) => Promise<ResolvedAddress[]>;

  constructor(o: OutboundPolicyOptions = {}) {
    for (const raw of o.allow ?? []) {
      const e = parseAllowEntry(raw);
      if (!e) throw new Error(`outbound allow-list: "${raw}" is not a host name, an address or a CIDR range`);
      if ('name' in e) this.names.add(e.name);
      else if ('suffix' in e) this.suffixes.push(e.suffix);
      else this.ranges.push(e.range);
    }
    this.resolve = o.resolve ?? ((host) => dnsLookup(host, { all: true, verbatim: true }));
    const connect = buildConnector({ lookup: this.lookup });
    this.dispatcher = new Agent({
      connect: (opts, callback) => {
        // net.connect skips `lookup` for an address literal, so literals are judged here.
        const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
        const refused = isIP(host) ? this.refusal(host, host) : undefined;
        if (refused) return callback(refused, null);
        connect(opts, callback);
      },
    });
  }

  /**
   * The checks that need no connection: a URL, an http(s) scheme, and a host
   * that is not an internal address literal or `localhost`. Registration-time
   * validation (webhook URLs) uses this; connections are checked again.
   * Throws OutboundRefusedError.
   */
  checkUrl(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundRefusedError(String(input), 'not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new OutboundRefusedError(url.href, `scheme ${url.protocol} is not http(s)`);
    const host = url.hostname
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase()
      .replace(/\.$/, '');
    const refused = isIP(host)
      ? this.refusal(host, host)
      : !this.allowsName(host) && (host === 'localhost' || host.endsWith('.localhost'))
        ? new OutboundRefusedError(host, `${host} is loopback`)
        : undefined;
    if (refused) throw refused;
    return url;
  }

  /**
   * Resolves `hostname` and checks every address, as a connection would; the browser asks this before each request it
   * lets through.
   */
  async checkHost(hostname: string): Promise<ResolvedAddress[]> {
    const host = hostname
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase()
      .replace(/\.$/, '');
    if (isIP(host)) {
      const refused = this.refusal(host, host);
      if (refused) throw refused;
      return [{ address: host, family: isIP(host) }];
    }
    const addresses = await this.resolve(host);
    if (this.allowsName(host)) return addresses;
    for (const a of addresses) {
      const refused = this.refusal(host, a.address);
      if (refused) throw refused;
    }
    return addresses;
  }

  /**
   * fetch() whose every connection (redirect hops included) is checked. Throws (or rejects with a cause of)
   * OutboundRefusedError.
   */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    return undiciFetch(this.checkUrl(url), { ...init, dispatcher: this.dispatcher });
  }

  /** A TCP connection to `host:port` under the same checks (the browser's proxy tunnels through it). */
  connectTcp(host: string, port: number, timeoutMs = 10_000): Promise<Socket> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const refused = isIP(bare) ? this.refusal(bare, bare) : undefined;
    if (refused) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: bare, port, lookup: this.lookup });
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.setTimeout(timeoutMs, () => fail(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`)));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private allowsName(host: string): boolean {
    return this.names.has(host) || this.suffixes.some((s) => host.endsWith(s));
  }

  private allowsAddress(ip: Address): boolean {
    const candidates =
      ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
        ? [ip, (ip as ipaddr.IPv6).toIPv4Address()]
        : [ip];
    return candidates.some((c) =>
      this.ranges.some(([net, bits]) => net.kind() === c.kind() && c.match(net as never, bits)),
    );
  }

  /** The refusal for connecting to `address` (reached as `host`), or undefined when allowed. */
  private refusal(host: string, address: string): OutboundRefusedError | undefined {
    if (!ipaddr.isValid(address)) return new OutboundRefusedError(host, `${host}: ${address} is not an IP address`);
    if (this.allowsAddress(ipaddr.parse(address))) return undefined;
    const range = refusedRange(address);
    return range
      ? new OutboundRefusedError(
          host,
          host === address ? `${address} is ${range}` : `${host} resolves to ${address} (${range})`,
        )
      : undefined;
  }

  /** dns.lookup's shape for net.connect: resolves, refuses internal answers, hands over the rest. */
  private readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    this.checkHost(hostname).then(
      (all) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        if (!wanted.length)
          return callback(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }),
            '',
          );
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

let fallback: OutboundPolicy | undefined;

/** The policy with no allow-list, for callers not handed one (the safe default). */
export function defaultOutboundPolicy(): OutboundPolicy {
  fallback ??= new OutboundPolicy();
  return fallback;
}
