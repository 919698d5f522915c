/**
 * The little of a DOM that extraction needs. The crawler implements it over
 * cheerio and the extension over the live DOM, so both run one extractor.
 */
export interface DocNode {
  /** Text content, whitespace collapsed and trimmed. */
  text(): string;
  attr(name: string): string | undefined;
  /** Descendants matching a CSS selector, in document order. */
  find(selector: string): DocNode[];
  /** Parent element, or null at the root. */
  parent(): DocNode | null;
  /** Lower-case tag name. */
  tag(): string;
}

export interface PageDocument {
  /** The page's own URL, used to resolve relative links. */
  url: string;
  root: DocNode;
}

export function first(node: DocNode, selector: string): DocNode | undefined {
  return node.find(selector)[0];
}
