import type { RgbaImage } from '../../shared/image';
import { decodeImage, ImageDecodeError, type DecodeOptions } from '../image';
import type { FetchedPage } from '../fetch/http-fetcher';
import type { PageSource } from './fetch-read';

/** Limits on one fetched image; see DecodeOptions for the decode side. */
export interface ImageFetchOptions extends DecodeOptions {
  /** Validators from the last fetch: an unchanged image answers 304 and is not downloaded. */
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchedImage =
  | { notModified: true; page: FetchedPage }
  | { notModified: false; page: FetchedPage; pixels: () => Promise<RgbaImage> };

/** Content types a photo may come as; an empty or generic one is left to the decoder, which checks the bytes. */
function checkContentType(contentType: string): void {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') return;
  if (type === 'image/svg+xml')
    throw new ImageDecodeError('image/svg+xml is not accepted: SVG is a document (it may carry script), not pixels');
  if (!type.startsWith('image/')) throw new ImageDecodeError(`not an image: served as ${type}`);
}

/**
 * One image through the fetch stage (robots.txt, the host gate, the outbound
 * policy, a size cap) and the safe decoder. Decoding is left to the caller
 * (`pixels()`), who may find from the bytes' sha256 that it need not decode.
 * Throws a FetchError or an ImageDecodeError with the reason.
 */
export async function fetchImage(source: PageSource, url: string, opts: ImageFetchOptions = {}): Promise<FetchedImage> {
  const page = await source.get(url, {
    image: { maxBytes: opts.maxBytes, etag: opts.etag, lastModified: opts.lastModified },
  });
  if (page.status === 304) return { notModified: true, page };
  checkContentType(page.contentType);
  return { notModified: false, page, pixels: () => decodeImage(page.bytes, opts) };
}

/** The header value a fetched page kept, if one. */
export function headerOf(page: FetchedPage, name: string): string | null {
  const v = page.headers?.[name];
  return typeof v === 'string' ? v : null;
}

/** Whether a URL is one the fetch stage may be asked for at all (absolute http or https). */
export function isFetchableUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The reason kept for an image that could not be used. */
export function imageError(err: unknown): string {
  return err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
}
