/**
 * DocNode over cheerio, so the crawler runs the same extraction as the
 * extension does over the live DOM.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { DocNode, PageDocument } from '../../shared/extract/document';

function isElementLike(node: AnyNode | null): boolean {
  return node !== null && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

class CheerioNode implements DocNode {
  constructor(
    private readonly $: CheerioAPI,
    private readonly node: AnyNode,
  ) {}

  text(): string {
    return this.$(this.node).text().replace(/\s+/g, ' ').trim();
  }

  attr(name: string): string | undefined {
    const attribs = 'attribs' in this.node ? this.node.attribs : undefined;
    return attribs?.[name.toLowerCase()];
  }

  find(selector: string): DocNode[] {
    return this.$(this.node)
      .find(selector)
      .toArray()
      .map((n) => new CheerioNode(this.$, n));
  }

  parent(): DocNode | null {
    const p = this.node.parent;
    return p && isElementLike(p) ? new CheerioNode(this.$, p) : null;
  }

  tag(): string {
    return 'tagName' in this.node ? this.node.tagName.toLowerCase() : '#document';
  }
}

/** A PageDocument over `html`, whose own address is `url`. */
export function cheerioDocument(html: string, url: string): PageDocument {
  const $ = load(html);
  return { url, root: new CheerioNode($, $.root()[0] as AnyNode) };
}
