/**
 * Real-format certificates for the simulated CT log, made with
 * @peculiar/x509 over WebCrypto: one CA key (ECDSA P-256) signs every leaf;
 * a precertificate entry carries the leaf's TBSCertificate, as RFC 6962 has
 * it. The MerkleTreeLeaf is encoded byte for byte (§3.4).
 */
import 'reflect-metadata';
import { KeyObject, sign, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface CertMaker {
  /** DER of a leaf certificate for `names` (the first is the CN), and of its TBSCertificate. */
  leaf(names: readonly string[], serial: number): { der: Uint8Array; tbs: Uint8Array };
  issuerKeyHash: Uint8Array;
}

/**
 * @peculiar/x509 builds one template certificate; each leaf is that
 * template's TBSCertificate with its own serial, subject and SAN (DER
 * written here: asn1-schema's serializer takes milliseconds a certificate),
 * signed by the CA key with node:crypto (DER-encoded ECDSA).
 */
export async function certMaker(): Promise<CertMaker> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const issuerKeyHash = new Uint8Array(await webcrypto.subtle.digest('SHA-256', spki));
  const signer = KeyObject.from(keys.privateKey);
  const template = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    issuer: 'CN=Simulated Issuing CA R1, O=Counterscan Test PKI',
    subject: 'CN=template.invalid',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-04-01T00:00:00Z'),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'template.invalid' }])],
  });
  // The parts every leaf shares, as DER, read once from the template.
  const t = AsnConvert.parse(template.rawData, Certificate);
  const tbsT = t.tbsCertificate;
  const fixed = {
    version: tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    signature: der(tbsT.signature),
    issuer: der(tbsT.issuer),
    validity: der(tbsT.validity),
    spki: der(tbsT.subjectPublicKeyInfo),
    algorithm: der(t.signatureAlgorithm),
  };
  return {
    issuerKeyHash,
    leaf(names, serial) {
      const serialDer = tlv(0x02, Buffer.from([0x01, (serial >> 16) & 0xff, (serial >> 8) & 0xff, serial & 0xff]));
      const cn = tlv(
        0x31,
        tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x55, 0x04, 0x03])), tlv(0x0c, Buffer.from(names[0]!))])),
      );
      const subject = tlv(0x30, cn);
      const san = tlv(0x30, Buffer.concat(names.map((n) => tlv(0x82, Buffer.from(n)))));
      const sanExt = tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x55, 0x1d, 0x11])), tlv(0x04, san)]));
      const extensions = tlv(0xa3, tlv(0x30, sanExt));
      const tbs = tlv(
        0x30,
        Buffer.concat([
          fixed.version,
          serialDer,
          fixed.signature,
          fixed.issuer,
          fixed.validity,
          subject,
          fixed.spki,
          extensions,
        ]),
      );
      const sig = sign('sha256', tbs, { key: signer, dsaEncoding: 'der' });
      const cert = tlv(0x30, Buffer.concat([tbs, fixed.algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), sig]))]));
      return { der: new Uint8Array(cert), tbs: new Uint8Array(tbs) };
    },
  };
}

const der = (x: unknown): Buffer => Buffer.from(AsnConvert.serialize(x));

/** One DER tag-length-value. */
function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), value]);
}

const u24 = (n: number) => [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** The MerkleTreeLeaf of an x509_entry, or of a precert_entry made from the certificate's TBSCertificate. */
export function merkleLeaf(
  cert: { der: Uint8Array; tbs: Uint8Array },
  o: { precert: boolean; timestamp: number; issuerKeyHash: Uint8Array },
): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt8(0, 0); // v1
  head.writeUInt8(0, 1); // timestamped_entry
  head.writeBigUInt64BE(BigInt(o.timestamp), 2);
  head.writeUInt16BE(o.precert ? 1 : 0, 10);
  let body: Buffer;
  if (o.precert) {
    const tbs = Buffer.from(cert.tbs);
    body = Buffer.concat([Buffer.from(o.issuerKeyHash), Buffer.from(u24(tbs.length)), tbs]);
  } else body = Buffer.concat([Buffer.from(u24(cert.der.length)), Buffer.from(cert.der)]);
  return Buffer.concat([head, body, Buffer.from([0, 0])]); // no CtExtensions
}
