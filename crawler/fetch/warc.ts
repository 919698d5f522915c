/**
 * A fetched page as a WARC file (ISO 28500, WARC/1.1), written with Webrecorder's warcio: a
 * `warcinfo`, the `request` as sent, the `response` with its status line and headers, for a
 * rendered page a `conversion` with the DOM after scripts ran, and a `metadata` record that
 * names the evidence files. Replay tools (pywb, ReplayWeb.page) open it as it is.
 */
import { createHash } from 'node:crypto';
import { WARCRecord, WARCSerializer } from 'warcio';
import type { FetchedPage } from './http-fetcher';

const WARC_VERSION = 'WARC/1.1';
/** SHA-256 in hex, so a record's payload digest reads the same as the evidence file's hash. */
const DIGEST = { digest: { algo: 'sha-256', prefix: 'sha256:', base32: false } } as const;
/**
 * The body is kept decoded (no gzip, no chunks), so headers that describe the wire encoding
 * would mislead a replay; they are kept under the name replay tools expect for originals.
 */
const WIRE_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

export interface WarcCapture {
  page: FetchedPage;
  /** What the crawler calls itself in `warcinfo`. */
  software: string;
  /** SHA-256 of the evidence files kept beside the WARC, named in the metadata record. */
  files: { html: string; screenshot?: string };
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 203: 'Non-Authoritative Information', 206: 'Partial Content' };

function responseHeaders(page: FetchedPage, payloadLength: number): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(page.headers ?? {})) {
    const key = WIRE_HEADERS.has(name) ? `x-archive-orig-${name}` : name;
    for (const v of Array.isArray(value) ? value : [value]) out.push([key, v]);
  }
  out.push(['content-length', String(payloadLength)]);
  return out;
}

function requestHeaders(page: FetchedPage): [string, string][] {
  const url = new URL(page.url);
  return [['host', url.host], ...Object.entries(page.requestHeaders ?? {}).filter(([n]) => n !== 'host')];
}

/**
 * The record's payload and block digests (SHA-256, hex), set before warcio serializes it, so it
 * writes them as they are: its own hashing starts a WebAssembly hasher per digest, six per file.
 * The block is what warcio writes after the WARC headers: the HTTP headers, a blank line, the payload.
 */
function withDigests(record: WARCRecord, payload: Uint8Array[]): WARCRecord {
  const block = createHash('sha256');
  const body = createHash('sha256');
  if (record.httpHeaders) block.update(`${record.httpHeaders.toString()}\r\n`);
  for (const chunk of payload) {
    block.update(chunk);
    body.update(chunk);
  }
  record.warcHeaders.headers.set('WARC-Payload-Digest', `sha256:${body.digest('hex')}`);
  record.warcHeaders.headers.set('WARC-Block-Digest', `sha256:${block.digest('hex')}`);
  return record;
}

function recordIdOf(record: WARCRecord): string {
  return record.warcHeaders.headers.get('WARC-Record-ID') ?? '';
}

/** The WARC file's bytes (uncompressed, so `grep` and any WARC reader work on it as stored). */
export async function writeWarc(c: WarcCapture): Promise<Uint8Array> {
  const { page } = c;
  const date = page.fetchedAt;
  const url = new URL(page.url);
  const common = { url: page.url, date, warcVersion: WARC_VERSION } as const;
  const served = page.served ?? page.bytes;
  const records: WARCRecord[] = [
    WARCRecord.createWARCInfo(
      { warcVersion: WARC_VERSION, date },
      {
        software: c.software,
        format: 'WARC File Format 1.1',
        conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
      },
    ),
    withDigests(
      WARCRecord.create(
        {
          ...common,
          type: 'request',
          statusline: `GET ${url.pathname}${url.search} HTTP/1.1`,
          httpHeaders: requestHeaders(page),
        },
        [],
      ),
      [],
    ),
  ];
  const response = withDigests(
    WARCRecord.create(
      {
        ...common,
        type: 'response',
        statusline: `HTTP/1.1 ${page.status} ${page.statusText || STATUS_TEXT[page.status] || ''}`.trimEnd(),
        httpHeaders: responseHeaders(page, served.byteLength),
      },
      [served],
    ),
    [served],
  );
  records.push(response);
  const concurrent = { 'WARC-Concurrent-To': recordIdOf(response) };
  if (page.served) {
    // What the crawler read: the DOM after scripts ran, derived from the response above.
    records.push(
      withDigests(
        WARCRecord.create(
          {
            ...common,
            type: 'conversion',
            warcHeaders: { 'Content-Type': 'text/html; charset=utf-8', 'WARC-Refers-To': recordIdOf(response) },
          },
          [page.bytes],
        ),
        [page.bytes],
      ),
    );
  }
  const fields = [
    `fetchedAt: ${page.fetchedAt}`,
    `rendered: ${page.served ? 'true' : 'false'}`,
    `htmlSha256: ${c.files.html}`,
    ...(c.files.screenshot ? [`screenshotSha256: ${c.files.screenshot}`] : []),
    ...(page.truncated ? ['truncated: true'] : []),
  ];
  const metadata = new TextEncoder().encode(`${fields.join('\r\n')}\r\n`);
  records.push(
    withDigests(
      WARCRecord.create(
        { ...common, type: 'metadata', warcHeaders: { 'Content-Type': 'application/warc-fields', ...concurrent } },
        [metadata],
      ),
      [metadata],
    ),
  );
  const parts = await Promise.all(records.map((r) => WARCSerializer.serialize(r, DIGEST)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
