/**
 * A search engine (or a site's own search) as discovery reads it: a search
 * URL template and where each result's link, title and snippet are. Like a
 * site adapter it is data, one file per engine, read over cheerio in the
 * crawler and over the live DOM in the extension.
 */
import type { PageDocument } from '../extract/document';
import type { FieldSelector } from './adapter';
import { firstAttr, firstText, queryParam } from './read-helpers';

export interface SearchEngineAdapter {
  id: string;
  name: string;
  hosts: string[];
  defaultOrigin: string;
  /** Path and query with `{query}`, e.g. `/html/?q={query}`. */
  searchPath: string;
  results: { item: string; link: FieldSelector; title: FieldSelector; snippet?: FieldSelector };
  /** The engine wraps result links in its own redirect: the target is in this query parameter. */
  redirectParam?: string;
}

export interface SearchResult {
  url: string;
  title?: string;
  snippet?: string;
}

export function searchEngineUrl(engine: SearchEngineAdapter, query: string, origin = engine.defaultOrigin): string {
  return new URL(engine.searchPath.replace('{query}', encodeURIComponent(query)), origin).href;
}

/** The results of one results page, absolute URLs, redirects unwrapped, each URL once. */
export function readSearchResults(engine: SearchEngineAdapter, doc: PageDocument): SearchResult[] {
  const out = new Map<string, SearchResult>();
  const r = engine.results;
  for (const item of doc.root.find(r.item)) {
    let href = firstAttr(item, r.link.attr ?? 'href', r.link.selector);
    if (!href) continue;
    if (engine.redirectParam) href = queryParam(href, engine.redirectParam, doc.url) ?? href;
    let url: string;
    try {
      url = new URL(href, doc.url).href;
    } catch {
      continue;
    }
    if (!/^https?:/.test(url) || out.has(url)) continue;
    const title = firstText(item, r.title.selector);
    const snippet = r.snippet ? firstText(item, r.snippet.selector) : undefined;
    out.set(url, { url, ...(title ? { title } : {}), ...(snippet ? { snippet } : {}) });
  }
  return [...out.values()];
}
