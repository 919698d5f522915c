/**
 * The little of a DOM that extraction needs. The crawler implements it over
 * cheerio and the extension over the live DOM, so both run one extractor.
 * One element is always the same DocNode object, however it was reached, so
 * nodes can be compared with === and kept in a Set.
 */
export interface DocNode {
  /** Text content, whitespace collapsed and trimmed. */
  text(): string;
  /** Text content as written, whitespace kept: a script's source, where a line break ends a // comment. */
  rawText(): string;
  attr(name: string): string | undefined;
  /** Descendants matching a CSS selector, in document order. */
  find(selector: string): DocNode[];
  /** Child elements, in document order (for one-pass walks: find() per node is quadratic on deep pages). */
  children(): DocNode[];
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
