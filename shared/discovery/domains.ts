/**
 * Domain name helpers for discovery: the registrable part of a name (the
 * label an owner buys, under its public suffix) and a tidy form of names
 * read from certificates and lists.
 */
import { toAscii } from './punycode';

/**
 * Second-level suffixes sold as if they were TLDs. A short list, not the
 * Public Suffix List: enough to find the label a look-alike plays on for the
 * names infringers register (brand-shop.co.uk, brand.com.cn).
 */
const SECOND_LEVEL = new Set([
  'co.uk',
  'org.uk',
  'me.uk',
  'com.cn',
  'net.cn',
  'org.cn',
  'com.hk',
  'com.tw',
  'co.jp',
  'ne.jp',
  'co.kr',
  'com.au',
  'net.au',
  'co.nz',
  'com.br',
  'com.mx',
  'com.ar',
  'co.in',
  'com.sg',
  'com.my',
  'co.id',
  'com.tr',
  'com.ru',
  'com.ua',
  'co.za',
  'com.vn',
  'com.ph',
  'com.pk',
]);

const NAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/**
 * A host name as discovery keeps it: ASCII (IDNA), lower case, no trailing
 * dot, no wildcard label; undefined when it is not a host name at all (an
 * IP address, an e-mail address, a bare word).
 */
export function cleanDomain(raw: string): string | undefined {
  let name = raw.trim().replace(/\.$/, '');
  if (name.startsWith('*.')) name = name.slice(2);
  let ascii: string;
  try {
    ascii = toAscii(name);
  } catch {
    return undefined;
  }
  if (!NAME.test(ascii) || /^[0-9.]+$/.test(ascii)) return undefined;
  return ascii;
}

/** `shop.veloran-outlet.co.uk` → `veloran-outlet.co.uk`: the unit a candidate site is kept as. */
export function siteDomain(domain: string): string {
  const labels = domain.split('.');
  const two = labels.slice(-2).join('.');
  const n = SECOND_LEVEL.has(two) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** The part left of the public suffix: `veloran-outlet` for `shop.veloran-outlet.co.uk`. */
export function ownerLabel(domain: string): string {
  return siteDomain(domain).split('.')[0]!;
}

/** The suffix under which the owner label is registered: `co.uk`, `com`. */
export function suffixOf(domain: string): string {
  return siteDomain(domain).split('.').slice(1).join('.');
}

/** Whether `domain` is `base` or one of its subdomains. */
export function isWithin(domain: string, base: string): boolean {
  return domain === base || domain.endsWith(`.${base}`);
}
