/**
 * Reading one Certificate Transparency log entry (RFC 6962 §3.4): the
 * MerkleTreeLeaf in `leaf_input` holds either a whole certificate
 * (`x509_entry`) or, for a precertificate, the issuer's key hash and the
 * TBSCertificate the CA will sign (`precert_entry`). The names are the
 * subject's common names and the subjectAltName dNSNames.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  id_ce_subjectAltName,
  SubjectAlternativeName,
  TBSCertificate,
  type Name,
} from '@peculiar/asn1-x509';

export type EntryType = 'x509' | 'precert';

export interface LeafNames {
  entryType: EntryType;
  /** Milliseconds since the epoch, as the log stamped it. */
  timestamp: number;
  names: string[];
}

/** The entry is not a MerkleTreeLeaf this reader knows (a future version, a cut-off buffer, bad DER). */
export class LeafFormatError extends Error {}

const COMMON_NAME = '2.5.4.3';

function uint24(b: Uint8Array, at: number): number {
  return (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
}

function commonNames(name: Name): string[] {
  return name.flatMap((rdn) => rdn.filter((a) => a.type === COMMON_NAME).map((a) => a.value.toString()));
}

function namesOf(tbs: TBSCertificate): string[] {
  const out = commonNames(tbs.subject);
  const san = tbs.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (san) {
    for (const g of AsnConvert.parse(san.extnValue, SubjectAlternativeName)) if (g.dNSName) out.push(g.dNSName);
  }
  return [...new Set(out.map((n) => n.trim().toLowerCase()).filter(Boolean))];
}

const slice = (b: Uint8Array, from: number, to: number): ArrayBuffer =>
  b.buffer.slice(b.byteOffset + from, b.byteOffset + to) as ArrayBuffer;

/** The names of one entry's `leaf_input` (base64-decoded). */
export function readLeaf(leaf: Uint8Array): LeafNames {
  // version(1) = v1(0), leaf_type(1) = timestamped_entry(0), timestamp(8), entry_type(2).
  if (leaf.length < 15 || leaf[0] !== 0 || leaf[1] !== 0) throw new LeafFormatError('not a v1 timestamped entry');
  const view = new DataView(leaf.buffer, leaf.byteOffset, leaf.byteLength);
  const timestamp = Number(view.getBigUint64(2));
  const type = view.getUint16(10);
  try {
    if (type === 0) {
      const len = uint24(leaf, 12);
      if (15 + len > leaf.length) throw new LeafFormatError('certificate runs past the entry');
      const cert = AsnConvert.parse(slice(leaf, 15, 15 + len), Certificate);
      return { entryType: 'x509', timestamp, names: namesOf(cert.tbsCertificate) };
    }
    if (type === 1) {
      const at = 12 + 32; // issuer_key_hash
      const len = uint24(leaf, at);
      if (at + 3 + len > leaf.length) throw new LeafFormatError('TBSCertificate runs past the entry');
      const tbs = AsnConvert.parse(slice(leaf, at + 3, at + 3 + len), TBSCertificate);
      return { entryType: 'precert', timestamp, names: namesOf(tbs) };
    }
  } catch (e) {
    if (e instanceof LeafFormatError) throw e;
    throw new LeafFormatError(`bad certificate: ${(e as Error).message}`);
  }
  throw new LeafFormatError(`unknown entry type ${type}`);
}
