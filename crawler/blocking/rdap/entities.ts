/**
 * Walking the `entities` tree of an RDAP object. Where a contact sits varies:
 * Verisign puts the registrar's abuse contact directly under the registrar,
 * ARIN puts a network's under its `registrant` organisation, and some
 * registrars nest it under a reseller. So searches go breadth-first, nearest
 * first, to a bounded depth.
 */
import { RdapError } from './errors';
import { isRecord } from './http';
import { readVCard } from './jcard';
import type { AbuseContact } from './types';

export type RdapEntity = Record<string, unknown>;

/** Deep enough for registrar → reseller → abuse and org → POC; bounded so a cyclic or huge answer cannot run away. */
const MAX_DEPTH = 4;

export function childEntities(node: Record<string, unknown>): RdapEntity[] {
  return Array.isArray(node.entities) ? node.entities.filter(isRecord) : [];
}

export function hasRole(entity: RdapEntity, role: string): boolean {
  return Array.isArray(entity.roles) && entity.roles.some((r) => typeof r === 'string' && r.toLowerCase() === role);
}

/** The nearest entity under `node` with `role`, or null. */
export function findEntity(node: Record<string, unknown>, role: string, maxDepth = MAX_DEPTH): RdapEntity | null {
  let level = childEntities(node);
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const hit = level.find((e) => hasRole(e, role));
    if (hit) return hit;
    level = level.flatMap(childEntities);
  }
  return null;
}

/** The abuse contact under `node`; throws `no-abuse-entity` naming `url` when there is none. */
export function abuseContact(node: Record<string, unknown>, url: string, what: string): AbuseContact {
  const entity = findEntity(node, 'abuse');
  if (!entity) throw new RdapError('no-abuse-entity', url, `${what} has no entity with role "abuse"`);
  const card = readVCard(entity.vcardArray);
  return { name: card.name, email: card.email, phone: card.phone };
}

/** ICANN's RDAP profile puts the registrar's IANA id in `publicIds`, type "IANA Registrar ID". */
export function ianaRegistrarId(entity: RdapEntity): string | null {
  if (!Array.isArray(entity.publicIds)) return null;
  const id = entity.publicIds.find(
    (p): p is { type: string; identifier: string } =>
      isRecord(p) &&
      typeof p.type === 'string' &&
      p.type.toLowerCase() === 'iana registrar id' &&
      typeof p.identifier === 'string',
  );
  return id?.identifier ?? null;
}

/** `links` entry with `rel`, RDAP type (or none given) — e.g. the registrar's record of a domain. */
export function linkHref(node: Record<string, unknown>, rel: string): string | null {
  if (!Array.isArray(node.links)) return null;
  for (const link of node.links) {
    if (!isRecord(link) || link.rel !== rel || typeof link.href !== 'string') continue;
    const type = typeof link.type === 'string' ? link.type.toLowerCase() : 'application/rdap+json';
    if (type === 'application/rdap+json') return link.href;
  }
  return null;
}

/** The body if it is the RDAP object class asked for, else `malformed-json` naming `url`. */
export function expectObjectClass(
  body: Record<string, unknown>,
  objectClassName: string,
  url: string,
): Record<string, unknown> {
  if (body.objectClassName !== objectClassName) {
    const got = typeof body.objectClassName === 'string' ? `"${body.objectClassName}"` : 'no objectClassName';
    throw new RdapError('malformed-json', url, `expected an RDAP "${objectClassName}" object, got ${got}`);
  }
  return body;
}
