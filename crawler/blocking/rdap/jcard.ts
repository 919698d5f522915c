/**
 * Reads the few vCard properties a notice needs from an RDAP entity's
 * `vcardArray` (jCard, RFC 7095): `["vcard", [[name, params, type, value…]…]]`.
 */
import { isRecord } from './http';

export interface VCardSummary {
  /** Formatted name (`fn`); registries often send "" for role accounts, which reads as null. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Country code from an `adr` property's `cc` parameter (RFC 8605), upper-case. */
  countryCode: string | null;
}

type Property = { name: string; params: Record<string, unknown>; value: unknown };

function properties(vcardArray: unknown): Property[] {
  if (!Array.isArray(vcardArray) || vcardArray[0] !== 'vcard' || !Array.isArray(vcardArray[1])) return [];
  return (vcardArray[1] as unknown[]).flatMap((p): Property[] => {
    if (!Array.isArray(p) || typeof p[0] !== 'string') return [];
    return [{ name: p[0].toLowerCase(), params: isRecord(p[1]) ? p[1] : {}, value: p[3] }];
  });
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** `type` may be a string or a list (RFC 7095 §3.3.1.2). */
function hasType(p: Property, type: string): boolean {
  const t = p.params.type;
  return (Array.isArray(t) ? t : [t]).some((v) => typeof v === 'string' && v.toLowerCase() === type);
}

/** `tel:+1.2086851750;ext=1` → `+1.2086851750;ext=1`: the number is what a person dials. */
function phoneOf(props: Property[]): string | null {
  const tels = props.filter((p) => p.name === 'tel');
  // A fax number is listed as a tel too; prefer the one marked voice.
  const tel = tels.find((p) => hasType(p, 'voice')) ?? tels.find((p) => !hasType(p, 'fax'));
  return text(tel?.value)?.replace(/^tel:/i, '') ?? null;
}

export function readVCard(vcardArray: unknown): VCardSummary {
  const props = properties(vcardArray);
  const first = (name: string): unknown => props.find((p) => p.name === name)?.value;
  const adr = props.find((p) => p.name === 'adr');
  const cc = text(adr?.params.cc);
  return {
    name: text(first('fn')),
    email: text(first('email'))?.replace(/^mailto:/i, '') ?? null,
    phone: phoneOf(props),
    countryCode: cc ? cc.toUpperCase() : null,
  };
}
