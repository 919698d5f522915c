/**
 * DocNode over cheerio, so the crawler runs the same extraction as the
 * extension does over the live DOM.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { DocNode, PageDocument } from '../../shared/extract/document';
import { boundHtml, type HtmlBounds } from './bound-html';

function isElementLike(node: AnyNode | null): boolean {
  return node !== null && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/**
 * Text of a node as textContent gives it (comments left out). A loop, not
 * domutils' recursion, so no nesting can overflow the stack.
 */
function textContent(node: AnyNode): string {
  const parts: string[] = [];
  const pending: AnyNode[] = [node];
  while (pending.length > 0) {
    const n = pending.pop()!;
    if (n.type === 'text') parts.push(n.data);
    else if (n.type !== 'comment' && 'children' in n) {
      for (let i = n.children.length - 1; i >= 0; i--) pending.push(n.children[i]!);
    }
  }
  return parts.join('');
}

class CheerioNode implements DocNode {
  constructor(
    private readonly $: CheerioAPI,
    private readonly node: AnyNode,
  ) {}

  text(): string {
    return textContent(this.node).replace(/\s+/g, ' ').trim();
  }

  rawText(): string {
    return textContent(this.node);
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

  children(): DocNode[] {
    const kids = 'children' in this.node ? this.node.children : [];
    return kids.filter(isElementLike).map((n) => new CheerioNode(this.$, n));
  }

  parent(): DocNode | null {
    const p = this.node.parent;
    return p && isElementLike(p) ? new CheerioNode(this.$, p) : null;
  }

  tag(): string {
    return 'tagName' in this.node ? this.node.tagName.toLowerCase() : '#document';
  }
}

/**
 * A PageDocument over `html`, whose own address is `url`. The HTML is bounded
 * first (size, nesting: see bound-html.ts), so no page can stall the parser.
 */
export function cheerioDocument(html: string, url: string, bounds?: HtmlBounds): PageDocument {
  const $ = load(boundHtml(html, bounds).html);
  // A browser keeps a <template>'s content out of the document (querySelectorAll
  // never sees it) and so does the extension; cheerio hangs it under the element.
  $('template').empty();
  return { url, root: new CheerioNode($, $.root()[0] as AnyNode) };
}
