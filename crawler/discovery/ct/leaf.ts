/**
 * Reading one Certificate Transparency log entry (RFC 6962 §3.4): the
 * MerkleTreeLeaf in `leaf_input` holds either a whole certificate
 * (`x509_entry`) or, for a precertificate, the issuer's key hash and the
 * TBSCertificate the CA will sign (`precert_entry`). The names are the
 * subject's common names and the subjectAltName dNSNames.
 */
import * as asn1js from 'asn1js';

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
const SUBJECT_ALT_NAME = '2.5.29.17';

function uint24(b: Uint8Array, at: number): number {
  return (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
}

type Block = asn1js.AsnType;

function decode(bytes: Uint8Array): Block {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset === -1) throw new LeafFormatError(`bad DER: ${result.error}`);
  return result;
}

const kids = (b: Block): Block[] => {
  const v = (b as { valueBlock: { value?: unknown } }).valueBlock.value;
  return Array.isArray(v) ? (v as Block[]) : [];
};
const isUniversal = (b: Block) => b.idBlock.tagClass === 1;
const isContext = (b: Block, n: number) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === n;
const bytesOf = (b: Block): Uint8Array => (b as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView;

/** Name ::= SEQUENCE OF SET OF { type OID, value DirectoryString }: the values whose type is commonName. */
function commonNames(name: Block): string[] {
  const out: string[] = [];
  for (const rdn of kids(name))
    for (const atv of kids(rdn)) {
      const [type, value] = kids(atv);
      if (type instanceof asn1js.ObjectIdentifier && type.getValue() === COMMON_NAME && value)
        out.push(value instanceof asn1js.BaseStringBlock ? value.getValue() : '');
    }
  return out;
}

/**
 * The names of a TBSCertificate: subject common names and subjectAltName
 * dNSNames. The DER is read with asn1js (PKI.js's ASN.1 layer); the
 * TBSCertificate's fields are found by position (version [0], serial,
 * algorithm, issuer, validity, subject, key) and tag (extensions [3]).
 * asn1js's raw decoding reads a log entry in tens of microseconds, where
 * mapping it onto a schema takes milliseconds, too slow for a log.
 */
function namesOf(tbs: Block): string[] {
  if (!(tbs instanceof asn1js.Sequence)) throw new LeafFormatError('TBSCertificate is not a SEQUENCE');
  const fields = kids(tbs);
  const subject = fields.filter(isUniversal)[4];
  if (!subject) throw new LeafFormatError('TBSCertificate has no subject');
  const out = commonNames(subject);
  const extensions = kids(fields.find((f) => isContext(f, 3)) ?? tbs)[0];
  for (const ext of extensions ? kids(extensions) : []) {
    const [id, ...rest] = kids(ext);
    if (!(id instanceof asn1js.ObjectIdentifier) || id.getValue() !== SUBJECT_ALT_NAME) continue;
    const value = rest.at(-1);
    if (!(value instanceof asn1js.OctetString)) throw new LeafFormatError('subjectAltName is not an OCTET STRING');
    for (const general of kids(decode(bytesOf(value))))
      if (isContext(general, 2)) out.push(new TextDecoder().decode(bytesOf(general)));
  }
  return [...new Set(out.map((n) => n.trim().toLowerCase()).filter(Boolean))];
}

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
      // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
      const tbs = kids(decode(leaf.subarray(15, 15 + len)))[0];
      if (!tbs) throw new LeafFormatError('certificate has no TBSCertificate');
      return { entryType: 'x509', timestamp, names: namesOf(tbs) };
    }
    if (type === 1) {
      const at = 12 + 32; // issuer_key_hash
      const len = uint24(leaf, at);
      if (at + 3 + len > leaf.length) throw new LeafFormatError('TBSCertificate runs past the entry');
      return { entryType: 'precert', timestamp, names: namesOf(decode(leaf.subarray(at + 3, at + 3 + len))) };
    }
  } catch (e) {
    if (e instanceof LeafFormatError) throw e;
    throw new LeafFormatError(`bad certificate: ${(e as Error).message}`);
  }
  throw new LeafFormatError(`unknown entry type ${type}`);
}
