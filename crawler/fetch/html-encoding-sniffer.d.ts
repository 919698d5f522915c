/** The package ships no types; this is the part of its API (v7) the crawler calls. */
declare module 'html-encoding-sniffer' {
  export interface SniffOptions {
    xml?: boolean;
    /** The charset of the Content-Type header; overrides everything but a BOM. */
    transportLayerEncodingLabel?: string;
    /** Returned when neither BOM, header nor <meta> names an encoding. Default windows-1252. */
    defaultEncoding?: string;
    /** How far to look for <meta charset>. Default 1024, as the HTML standard says. */
    maxPrescanBytes?: number;
  }
  /** The canonical WHATWG encoding name (not a label), e.g. "GBK", "UTF-8", "replacement". */
  export default function sniffHtmlEncoding(bytes: Uint8Array, options?: SniffOptions): string;
}
