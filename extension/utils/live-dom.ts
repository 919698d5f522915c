/**
 * The shared extractor's DocNode over the live DOM (or a DOMParser document),
 * so the content script reads a page exactly as the crawler does over cheerio.
 */
import type { DocNode, PageDocument } from '../../shared/extract/document';

/** Each element wrapped once, so a DocNode is the same object each time it is found. */
const wrapped = new WeakMap<Element | Document, LiveNode>();
function wrap(node: Element | Document): LiveNode {
  let w = wrapped.get(node);
  if (!w) {
    w = new LiveNode(node);
    wrapped.set(node, w);
  }
  return w;
}

class LiveNode implements DocNode {
  constructor(private readonly node: Element | Document) {}

  text(): string {
    return (this.node.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  rawText(): string {
    return this.node.textContent ?? '';
  }

  attr(name: string): string | undefined {
    return 'getAttribute' in this.node ? (this.node.getAttribute(name) ?? undefined) : undefined;
  }

  find(selector: string): DocNode[] {
    let found: NodeListOf<Element>;
    try {
      found = this.node.querySelectorAll(selector);
    } catch {
      // cheerio forgives some selectors the browser refuses; an unreadable selector finds nothing.
      return [];
    }
    return Array.from(found, wrap);
  }

  children(): DocNode[] {
    return Array.from(this.node.children, wrap);
  }

  parent(): DocNode | null {
    const p = this.node.parentElement;
    return p ? wrap(p) : null;
  }

  tag(): string {
    return 'tagName' in this.node ? this.node.tagName.toLowerCase() : '#document';
  }
}

/** A PageDocument over `doc` (the live page by default), whose address is `url`. */
export function liveDocument(doc: Document = document, url: string = doc.URL): PageDocument {
  return { url, root: wrap(doc) };
}
