/**
 * DocNode over cheerio, so the crawler runs the same extraction as the
 * extension does over the live DOM.
 */
import { load, type CheerioAPI } from 'cheerio';
import { select } from 'cheerio-select';
import type { AnyNode } from 'domhandler';
import { ExtractionError } from '../../shared/extract';
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

/** One document's nodes, each wrapped once, so a DocNode is the same object each time it is found. */
class Nodes {
  private readonly wrapped = new WeakMap<AnyNode, CheerioNode>();

  wrap(node: AnyNode): CheerioNode {
    let w = this.wrapped.get(node);
    if (!w) {
      w = new CheerioNode(this, node);
      this.wrapped.set(node, w);
    }
    return w;
  }
}

class CheerioNode implements DocNode {
  constructor(
    private readonly nodes: Nodes,
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
    // cheerio's .find() hands the node's children to css-select as a list, and
    // de-duplicating that list is quadratic: 20,000 children took seconds.
    // From the node itself, the search is linear.
    return select(selector, this.node, { xmlMode: false }).map((n) => this.nodes.wrap(n));
  }

  children(): DocNode[] {
    const kids = 'children' in this.node ? this.node.children : [];
    return kids.filter(isElementLike).map((n) => this.nodes.wrap(n));
  }

  parent(): DocNode | null {
    const p = this.node.parent;
    return p && isElementLike(p) ? this.nodes.wrap(p) : null;
  }

  tag(): string {
    return 'tagName' in this.node ? this.node.tagName.toLowerCase() : '#document';
  }
}

/** ES2024 string methods (Node 20+), not yet in this project's TypeScript lib. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/**
 * A PageDocument over `html`, whose own address is `url`. The HTML is bounded
 * first (size, nesting: see bound-html.ts), so no page can stall the parser:
 * parse5 builds the tree as a browser would, except for a page marked risky,
 * which htmlparser2 parses in linear time. A page neither can take is an
 * ExtractionError (a retry would not help).
 */
/**
 * cheerio over a page bounded as above (size, tags, nesting; htmlparser2 when parse5 would work
 * hard), for any code that reads a fetched page: a hostile page costs linear time and never
 * nests deeper than the bound, so recursive walks over it stay safe.
 */
export function loadBounded(html: string, url: string, bounds?: HtmlBounds): CheerioAPI {
  // Decoded bytes are always well-formed, but a string from elsewhere may hold a lone
  // surrogate, and parse5 7 throws a RangeError on two low surrogates in a row.
  const text = (html as unknown as WellFormed).isWellFormed() ? html : (html as unknown as WellFormed).toWellFormed();
  try {
    const bounded = boundHtml(text, bounds);
    return bounded.risky ? load(bounded.html, { xml: { xmlMode: false } }) : load(bounded.html);
  } catch (err) {
    throw new ExtractionError(`page could not be parsed (${(err as Error).message}) on ${url}`, url);
  }
}

export function cheerioDocument(html: string, url: string, bounds?: HtmlBounds): PageDocument {
  const $ = loadBounded(html, url, bounds);
  // A browser keeps a <template>'s content out of the document (querySelectorAll
  // never sees it) and so does the extension; cheerio hangs it under the element.
  $('template').empty();
  return { url, root: new Nodes().wrap($.root()[0] as AnyNode) };
}
