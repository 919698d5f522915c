import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cheerioDocument } from '../../crawler/fetch/cheerio-document';
import { decodeHtml } from '../../crawler/fetch/decode-html';
import { fetchPage } from '../../crawler/fetch/http-fetcher';
import { OutboundPolicy } from '../../crawler/fetch/outbound-policy';
import { extractListing } from '../../shared/extract';
import { LEGACY_TITLES, legacyPage, utf16Page, type Declaration } from '../fixtures/charsets/pages';

const UTF16_HTML = '<!doctype html><html><head><title>Nike 耐克 運動鞋 𠀀</title></head><body><h1>x</h1></body></html>';
const utf8 = (s: string) => new TextEncoder().encode(s);
const titleOf = (html: string, url = 'https://shop.example/item/1') =>
  extractListing(cheerioDocument(html, url), undefined, { fetchedAt: '2025-01-01T00:00:00.000Z' }).title;

describe('decodeHtml: encoding sniffing as browsers do it', () => {
  for (const t of LEGACY_TITLES) {
    for (const declare of ['meta', 'http-equiv'] as Declaration[]) {
      it(`${t.encoding}, declared by ${declare}`, () => {
        const d = decodeHtml(legacyPage(t, declare));
        expect(d.encoding.toLowerCase()).toBe(t.encoding);
        expect(titleOf(d.text)).toBe(t.title);
      });
    }
    it(`${t.encoding}, declared only by the Content-Type header`, () => {
      const d = decodeHtml(legacyPage(t, 'none'), { contentType: `text/html; charset="${t.label.toUpperCase()}"` });
      expect(titleOf(d.text)).toBe(t.title);
    });
  }

  for (const endian of ['le', 'be'] as const) {
    it(`UTF-16${endian.toUpperCase()} with a BOM (which wins over the header)`, () => {
      const d = decodeHtml(utf16Page(UTF16_HTML, endian), { contentType: 'text/html; charset=utf-8' });
      expect(d.encoding).toBe(`UTF-16${endian.toUpperCase()}`);
      expect(titleOf(d.text)).toBe('Nike 耐克 運動鞋 𠀀');
    });
  }

  it('the header wins over <meta>, as in a browser', () => {
    const gbk = LEGACY_TITLES.find((t) => t.encoding === 'gbk')!;
    const d = decodeHtml(legacyPage(gbk, 'meta', 'utf-8'), { contentType: 'text/html; charset=GBK' });
    expect(titleOf(d.text)).toBe(gbk.title);
  });

  it('a <meta> in the <head> past the first 1,024 bytes is honoured, as browsers do; one in the <body> is not', () => {
    const gbk = LEGACY_TITLES.find((t) => t.encoding === 'gbk')!;
    const page = legacyPage(gbk, 'none');
    const late = Uint8Array.from([
      ...utf8(`<html><head><script>${'var x = 1;'.repeat(200)}</script>`),
      ...utf8('<meta charset="gbk">'),
      ...page,
    ]);
    expect(decodeHtml(late).encoding).toBe('GBK');
    expect(titleOf(decodeHtml(late).text)).toBe(gbk.title);
    const inBody = Uint8Array.from([
      ...utf8(`<html><head></head><body><p>${'x'.repeat(1100)}</p>`),
      ...utf8('<meta charset="gbk">'),
      ...page,
    ]);
    expect(decodeHtml(inBody).encoding).toBe('windows-1252');
  });

  it('undeclared: valid UTF-8 is UTF-8, anything else windows-1252', () => {
    expect(decodeHtml(utf8('<title>Café 耐克</title>')).text).toBe('<title>Café 耐克</title>');
    expect(decodeHtml(Uint8Array.from([0x3c, 0x62, 0x3e, 0xe9, 0x80]))).toEqual({
      text: '<b>é€',
      encoding: 'windows-1252',
    });
  });

  it(
    'a saved page (preferUtf8): valid UTF-8 is read as UTF-8 although it declares GBK; real GBK bytes still ' +
      'decode',
    () => {
      const resaved = utf8('<meta charset="gbk"><title>耐克运动鞋</title>');
      expect(decodeHtml(resaved, { preferUtf8: true }).text).toContain('<title>耐克运动鞋</title>');
      const gbk = LEGACY_TITLES.find((t) => t.encoding === 'gbk')!;
      expect(titleOf(decodeHtml(legacyPage(gbk, 'meta'), { preferUtf8: true }).text)).toBe(gbk.title);
    },
  );

  it('an encoding the standard replaces (iso-2022-kr) gives U+FFFD, not the raw markup', () => {
    expect(decodeHtml(utf8('<meta charset="iso-2022-kr"><script>x</script>')).text).toBe('\uFFFD');
  });
});

describe('fetchPage decodes as a browser does (real HTTP on loopback)', () => {
  let server: Server;
  let base: string;
  const pages = new Map<string, { body: Uint8Array; contentType: string }>();
  // Loopback is refused by default; this test's server is let through as an operator would.
  const outbound = new OutboundPolicy({ allow: ['127.0.0.1'] });

  beforeAll(async () => {
    LEGACY_TITLES.forEach((t, i) => {
      pages.set(`/header-${i}`, { body: legacyPage(t, 'none'), contentType: `text/html; charset=${t.label}` });
      pages.set(`/meta-${i}`, { body: legacyPage(t, 'meta'), contentType: 'text/html' });
    });
    pages.set('/utf16le', { body: utf16Page(UTF16_HTML, 'le'), contentType: 'text/html' });
    pages.set('/utf16be', { body: utf16Page(UTF16_HTML, 'be'), contentType: 'text/html; charset=iso-8859-1' });
    server = createServer((req, res) => {
      const page = pages.get(req.url ?? '');
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': page.contentType }).end(page.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    return outbound.dispatcher.close();
  });

  const get = (path: string) => {
    const options = { userAgent: 'counterscan-test', outbound };
    return fetchPage(`${base}${path}`, options);
  };

  for (const [i, t] of LEGACY_TITLES.entries()) {
    it(`${t.encoding} named by the header, then by <meta>`, async () => {
      expect(titleOf((await get(`/header-${i}`)).body)).toBe(t.title);
      expect(titleOf((await get(`/meta-${i}`)).body)).toBe(t.title);
    });
  }

  it('UTF-16LE and UTF-16BE by their BOM', async () => {
    expect(titleOf((await get('/utf16le')).body)).toBe('Nike 耐克 運動鞋 𠀀');
    expect(titleOf((await get('/utf16be')).body)).toBe('Nike 耐克 運動鞋 𠀀');
  });
});

describe('extract --file', () => {
  const run = async (bytes: Uint8Array): Promise<string> => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { extractCommand } = await import('../../crawler/commands/extract');
    const dir = await mkdtemp(join(tmpdir(), 'extract-file-'));
    const file = join(dir, 'page.html');
    await writeFile(file, bytes);
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => void lines.push(s);
    try {
      await extractCommand({ url: 'https://shop.example/item/1', file });
    } finally {
      console.log = log;
      await rm(dir, { recursive: true });
    }
    return (JSON.parse(lines.join('\n')) as { listing: { title: string } }).listing.title;
  };

  it('reads a GBK page by its <meta charset>, and a re-saved UTF-8 page that still says GBK as UTF-8', async () => {
    const gbk = LEGACY_TITLES.find((t) => t.encoding === 'gbk')!;
    expect(await run(legacyPage(gbk, 'meta'))).toBe(gbk.title);
    expect(await run(utf8('<meta charset="gbk"><title>耐克运动鞋</title>'))).toBe('耐克运动鞋');
    expect(await run(utf16Page(UTF16_HTML, 'le'))).toBe('Nike 耐克 運動鞋 𠀀');
  });
});
