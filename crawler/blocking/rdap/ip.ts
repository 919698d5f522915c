/**
 * Just enough IP arithmetic for the bootstrap's longest-prefix match and for
 * comparing hosting between mirrors; bigint keeps IPv6 in one number.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

/** `addr` as a number, or null if it is not an IP address. IPv4-mapped IPv6 counts as IPv4. */
export function parseIp(addr: string): ParsedIp | null {
  const bare = addr.trim().replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is local to the host
  if (isIPv4(bare)) return { version: 4, value: v4(bare) };
  if (!isIPv6(bare)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { version: 4, value: v4(mapped[1]!) };
  return { version: 6, value: v6(bare) };
}

function v4(addr: string): bigint {
  return addr.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function v6(addr: string): bigint {
  let text = addr;
  // A trailing dotted quad (::1.2.3.4) stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const n = v4(quad[1]!);
    text = `${text.slice(0, quad.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `1.2.3.0/24` → network and length, or null if malformed. */
export function parseCidr(cidr: string): (ParsedIp & { length: number }) | null {
  const [addr = '', len] = cidr.split('/');
  const ip = parseIp(addr);
  if (!ip) return null;
  const length = len === undefined ? BITS[ip.version] : Number(len);
  if (!Number.isInteger(length) || length < 0 || length > BITS[ip.version]) return null;
  return { ...ip, length };
}

function mask(version: 4 | 6, length: number): bigint {
  const bits = BigInt(BITS[version]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(length))) - 1n);
}

export function inPrefix(ip: ParsedIp, prefix: ParsedIp & { length: number }): boolean {
  if (ip.version !== prefix.version) return false;
  const m = mask(ip.version, prefix.length);
  return (ip.value & m) === (prefix.value & m);
}

/**
 * The network an address sits in, as text: `/24` for IPv4 and `/48` for IPv6
 * by default, the usual smallest blocks a hosting provider is assigned.
 */
export function ipPrefix(addr: string, v4Length = 24, v6Length = 48): string | null {
  const ip = parseIp(addr);
  if (!ip) return null;
  const length = ip.version === 4 ? v4Length : v6Length;
  return `${format(ip.version, ip.value & mask(ip.version, length))}/${length}`;
}

function format(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Not RFC 5952's shortest form, but stable, which is all a comparison needs.
  return groups.join(':');
}
