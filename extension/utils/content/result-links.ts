/**
 * Which search result a link on the page is. Results read from a page's
 * state carry the site's canonical address; the rendered cards often link
 * the same listing with tracking parameters added (Walmart's `from=/search`,
 * `ref=`, `pos=`). A link is a result when it is the result's address, or
 * the same page with every parameter of the result's address and more.
 */
export class ResultLinks {
  /** Built at the first link that is not a result's address as it stands (most cards link exactly that). */
  private byPath: Map<string, { url: string; params: [string, string][] }[]> | undefined;

  constructor(private readonly urls: ReadonlySet<string>) {}

  private paths(): Map<string, { url: string; params: [string, string][] }[]> {
    if (this.byPath) return this.byPath;
    this.byPath = new Map();
    for (const url of this.urls) {
      const u = new URL(url);
      const key = u.origin + u.pathname;
      const list = this.byPath.get(key) ?? [];
      list.push({ url, params: [...u.searchParams] });
      this.byPath.set(key, list);
    }
    return this.byPath;
  }

  /** The result `href` (already canonical) links to, if any. */
  resultOf(href: string): string | undefined {
    if (this.urls.has(href)) return href;
    let u: URL;
    try {
      u = new URL(href);
    } catch {
      return undefined;
    }
    const candidates = this.paths().get(u.origin + u.pathname);
    if (!candidates) return undefined;
    // The most specific result whose every parameter the link carries (a bare path matches last).
    let best: { url: string; params: [string, string][] } | undefined;
    for (const c of candidates) {
      if (!c.params.every(([k, v]) => u.searchParams.getAll(k).includes(v))) continue;
      if (!best || c.params.length > best.params.length) best = c;
    }
    return best?.url;
  }
}
