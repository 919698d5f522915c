/**
 * Bytes of an HTML page to text, as a browser decodes them (the HTML
 * standard's encoding sniffing): a BOM wins, then the Content-Type charset,
 * then <meta charset> / http-equiv. The standard's prescan looks at the first
 * 1,024 bytes, but browsers go on: Chromium keeps looking while it is still in
 * the <head>, and Firefox re-decodes the page when its parser meets a later
 * <meta charset> ("changing the encoding while parsing") — so a meta after
 * 1 KB of scripts (Rakuten's EUC-JP pages, Taobao's GBK ones) is honoured up
 * to the start of <body>. The sniffing is html-encoding-sniffer's (jsdom's);
 * Node's TextDecoder (full ICU) decodes every encoding it can name.
 */
import { isUtf8 } from 'node:buffer';
import { MIMEType } from 'node:util';
import sniffHtmlEncoding from 'html-encoding-sniffer';

export interface DecodeHtmlOptions {
  /** The response's Content-Type header, when the page came over HTTP. */
  contentType?: string | null;
  /**
   * A saved page: bytes that are valid UTF-8 are read as UTF-8 whatever the
   * page declares, since "Save as" tools and editors re-encode pages and
   * leave the old <meta charset> behind. A BOM still wins.
   */
  preferUtf8?: boolean;
}

export interface DecodedHtml {
  text: string;
  /** WHATWG name of the encoding used, e.g. "GBK", "UTF-8", "UTF-16LE". */
  encoding: string;
}

/** The charset parameter of a Content-Type, or undefined when absent or unparsable. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  try {
    return new MIMEType(contentType).params.get('charset') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Bytes searched for the start of <body>, which ends the search for a <meta charset>. */
const MAX_HEAD_BYTES = 1024 * 1024;

/**
 * Where the <head> ends for the charset search: the first `<body`, else the first MiB (never under the standard's 1,024
 * bytes).
 */
function headEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, MAX_HEAD_BYTES);
  for (let i = 0; i + 5 <= limit; i++) {
    if (bytes[i] !== 0x3c) continue;
    // "<body" in any case, followed by a space, ">" or "/".
    if (
      (bytes[i + 1]! | 0x20) === 0x62 &&
      (bytes[i + 2]! | 0x20) === 0x6f &&
      (bytes[i + 3]! | 0x20) === 0x64 &&
      (bytes[i + 4]! | 0x20) === 0x79
    ) {
      const next = bytes[i + 5];
      if (
        next === undefined ||
        next === 0x3e ||
        next === 0x2f ||
        next === 0x20 ||
        next === 0x09 ||
        next === 0x0a ||
        next === 0x0d ||
        next === 0x0c
      )
        return Math.max(1024, i);
    }
  }
  return Math.max(1024, limit);
}

export function decodeHtml(bytes: Uint8Array, options: DecodeHtmlOptions = {}): DecodedHtml {
  const utf8 = isUtf8(bytes);
  let encoding: string;
  // (A UTF-16 BOM is never valid UTF-8, so the BOM still wins here.)
  if (options.preferUtf8 && utf8) encoding = 'UTF-8';
  else {
    encoding = sniffHtmlEncoding(bytes, {
      transportLayerEncodingLabel: options.preferUtf8 ? undefined : charsetOf(options.contentType),
      // Nothing declared: the standard lets a browser guess, and every browser
      // takes bytes that are valid UTF-8 as UTF-8; else the generic default.
      defaultEncoding: utf8 ? 'UTF-8' : 'windows-1252',
      maxPrescanBytes: headEnd(bytes),
    });
  }
  // Labels such as iso-2022-kr map to "replacement": the standard's guard
  // against encodings that smuggle markup; the whole page becomes one U+FFFD.
  if (encoding === 'replacement') return { text: bytes.length > 0 ? '\uFFFD' : '', encoding };
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}
