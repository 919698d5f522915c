/**
 * A fetched page written as a WARC file with warcio and read back with it: the record types
 * in order, the target URI, the HTTP status line and headers, and payload digests that equal
 * the evidence files' SHA-256.
 */
import { createHash } from 'node:crypto';
import { WARCParser, type WARCRecord } from 'warcio';
import { describe, expect, it } from 'vitest';
import type { FetchedPage } from '../../crawler/fetch/http-fetcher';
import { writeWarc } from '../../crawler/fetch/warc';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const html = new TextEncoder().encode('<html lang="zh"><title>高仿 Arvenne 手袋</title><p>¥199</p></html>');

function page(over: Partial<FetchedPage> = {}): FetchedPage {
  return {
    url: 'http://127.0.0.1:8401/item/42?ref=search',
    status: 200,
    statusText: 'OK',
    contentType: 'text/html; charset=utf-8',
    body: new TextDecoder().decode(html),
    bytes: html,
    sha256: sha256(html),
    fetchedAt: '2026-11-20T08:00:00.123Z',
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-encoding': 'gzip',
      'content-length': '31',
      'set-cookie': ['a=1', 'b=2'],
    },
    requestHeaders: { 'user-agent': 'counterscan-test/1.0', accept: 'text/html' },
    ...over,
  };
}

async function records(bytes: Uint8Array): Promise<{ record: WARCRecord; payload: Uint8Array }[]> {
  const out: { record: WARCRecord; payload: Uint8Array }[] = [];
  for await (const record of WARCParser.iterRecords([bytes])) out.push({ record, payload: await record.readFully() });
  return out;
}

describe('writeWarc', () => {
  it('writes warcinfo, request, response and metadata that warcio reads back', async () => {
    const bytes = await writeWarc({ page: page(), software: 'counterscan-test', files: { html: sha256(html) } });
    const read = await records(bytes);
    expect(read.map((r) => r.record.warcType)).toEqual(['warcinfo', 'request', 'response', 'metadata']);
    expect(new TextDecoder().decode(bytes.subarray(0, 9))).toBe('WARC/1.1\r');
    const [info, request, response, metadata] = read;
    expect(new TextDecoder().decode(info!.payload)).toMatch(/software: counterscan-test/);
    for (const r of read.slice(1)) expect(r.record.warcTargetURI).toBe('http://127.0.0.1:8401/item/42?ref=search');
    expect(request!.record.httpHeaders?.statusline).toBe('GET /item/42?ref=search HTTP/1.1');
    expect(request!.record.httpHeaders?.headers.get('user-agent')).toBe('counterscan-test/1.0');
    expect(request!.record.httpHeaders?.headers.get('host')).toBe('127.0.0.1:8401');

    expect(response!.record.httpHeaders?.statusline).toBe('HTTP/1.1 200 OK');
    expect(response!.record.warcPayloadDigest).toBe(`sha256:${sha256(html)}`);
    expect(sha256(response!.payload)).toBe(sha256(html));
    const headers = response!.record.httpHeaders!.headers;
    // The body is stored decoded: the wire encoding is kept as the original, the length is the stored one.
    expect(headers.get('content-encoding')).toBeNull();
    expect(headers.get('x-archive-orig-content-encoding')).toBe('gzip');
    expect(headers.get('content-length')).toBe(String(html.byteLength));
    expect(new TextDecoder().decode(bytes)).toContain('set-cookie: a=1\r\nset-cookie: b=2\r\n');

    expect(metadata!.record.warcHeaders.headers.get('WARC-Concurrent-To')).toBe(
      response!.record.warcHeaders.headers.get('WARC-Record-ID'),
    );
    expect(new TextDecoder().decode(metadata!.payload)).toContain(`htmlSha256: ${sha256(html)}`);
  });

  it('keeps a rendered page as served in the response and the DOM read after scripts as a conversion', async () => {
    const served = new TextEncoder().encode('<html><div id="app"></div><script src="/app.js"></script></html>');
    const shot = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const bytes = await writeWarc({
      page: page({ served, screenshot: shot, statusText: '' }),
      software: 'counterscan-test',
      files: { html: sha256(html), screenshot: sha256(shot) },
    });
    const read = await records(bytes);
    expect(read.map((r) => r.record.warcType)).toEqual(['warcinfo', 'request', 'response', 'conversion', 'metadata']);
    const [, , response, conversion, metadata] = read;
    expect(response!.record.warcPayloadDigest).toBe(`sha256:${sha256(served)}`);
    expect(conversion!.record.warcPayloadDigest).toBe(`sha256:${sha256(html)}`);
    expect(conversion!.record.warcHeaders.headers.get('WARC-Refers-To')).toBe(
      response!.record.warcHeaders.headers.get('WARC-Record-ID'),
    );
    expect(response!.record.httpHeaders?.statusline).toBe('HTTP/1.1 200 OK');
    expect(new TextDecoder().decode(metadata!.payload)).toContain(`screenshotSha256: ${sha256(shot)}`);
    expect(new TextDecoder().decode(metadata!.payload)).toContain('rendered: true');
  });

  it('gives every record but warcinfo the SHA-256 of its block as stored (HTTP headers and payload)', async () => {
    const served = new TextEncoder().encode('<html><div id="app"></div></html>');
    const bytes = Buffer.from(
      await writeWarc({ page: page({ served }), software: 'counterscan-test', files: { html: sha256(html) } }),
    );
    const seen: string[] = [];
    for (let at = 0; at < bytes.length;) {
      const end = bytes.indexOf('\r\n\r\n', at);
      const head = bytes.subarray(at, end).toString('latin1');
      const length = Number(/\r\nContent-Length: (\d+)/i.exec(head)![1]);
      const block = bytes.subarray(end + 4, end + 4 + length);
      const type = /\r\nWARC-Type: (\S+)/.exec(head)![1]!;
      seen.push(type);
      if (type !== 'warcinfo')
        expect(/\r\nWARC-Block-Digest: (\S+)/.exec(head)?.[1], type).toBe(`sha256:${sha256(block)}`);
      at = end + 4 + length + 4;
    }
    expect(seen).toEqual(['warcinfo', 'request', 'response', 'conversion', 'metadata']);
  });
});
