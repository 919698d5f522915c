/**
 * Bounds a page's HTML before it is parsed. parse5 follows the HTML standard,
 * whose tree builder walks the stack of open elements for nearly every tag
 * and re-opens misnested formatting elements in every following block:
 * 100,000 unclosed <div>s took 83 s, and text read from an element 3,000
 * levels deep overflowed the call stack. One linear pass over the tags models
 * the stack of open elements; tags that would nest deeper than `maxDepth` are
 * dropped (never the text; Chromium stops nesting at 512), the page is cut
 * after `maxChars` characters or `maxTags` tags, and a page whose markup would
 * still make the standard tree builder work hard is marked `risky`, so it is
 * parsed by htmlparser2 (linear, no re-opening) instead. A page within bounds
 * is returned unchanged.
 */

export interface HtmlBounds {
  /** Characters kept from the start of the page; the rest is cut. Default 2 Mi (2,097,152). */
  maxChars?: number;
  /**
   * Start tags kept; the page is cut before the next one. Default 20,000 (a
   * heavy real page has 5,000 to 15,000 elements): markup, not text, is what
   * costs parse5 time, so dense markup is cut before maxChars.
   */
  maxTags?: number;
  /** Deepest nesting kept. Default 256: real pages nest 20 to 50 deep (Chromium stops at 512). */
  maxDepth?: number;
  /**
   * Formatting elements the tree builder may re-open ("reconstruct the active
   * formatting elements") before the page is risky. Default 20,000.
   */
  maxReopened?: number;
}

export interface BoundedHtml {
  html: string;
  /** The page was longer than maxChars (or held more than maxTags tags) and was cut. */
  cut: boolean;
  /** Start and end tags dropped. */
  dropped: number;
  /**
   * Why the standard tree builder could take more than linear time on this
   * page (tags dropped for depth, misnested formatting…), or undefined.
   */
  risky: string | undefined;
}

export const DEFAULT_MAX_CHARS = 2 * 1024 * 1024;
const DEFAULT_MAX_TAGS = 20_000;
const DEFAULT_MAX_DEPTH = 256;
const DEFAULT_MAX_REOPENED = 20_000;
/**
 * "<b><div></b>": the adoption agency keeps the <div> open and puts a new <b>
 * in it, so each repeat nests one deeper. A few are everyday sloppiness.
 */
const MAX_MISNESTED = 64;
/** Formatting elements opened and not closed by their own end tag: the tree builder's list of them grows. */
const MAX_OPEN_FORMATTING = 200;

/**
 * Void in both parsers (parse5 also voids <bgsound> and <image>, htmlparser2
 * <command> and <isindex>: those count as nesting, the larger estimate).
 */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Text up to the matching end tag is not markup, for both parsers. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const FORMATTING = new Set([
  'a',
  'b',
  'big',
  'code',
  'em',
  'font',
  'i',
  'nobr',
  's',
  'small',
  'strike',
  'strong',
  'tt',
  'u',
]);
/** The HTML standard's "special" elements (non-void ones), which end the adoption agency's reach. */
const SPECIAL = new Set([
  'address',
  'applet',
  'article',
  'aside',
  'blockquote',
  'body',
  'button',
  'caption',
  'center',
  'colgroup',
  'dd',
  'details',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hgroup',
  'html',
  'li',
  'listing',
  'main',
  'marquee',
  'menu',
  'nav',
  'object',
  'ol',
  'p',
  'pre',
  'search',
  'section',
  'select',
  'summary',
  'table',
  'tbody',
  'td',
  'template',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'svg',
  'math',
]);

/**
 * htmlparser2's rule (Parser.ts openImpliesClose): a start tag closes the
 * elements on top of the stack that it names here, and nothing below them.
 * parse5 closes more (a <div> closes a <p> past a <b>), so the model's depth
 * is never below parse5's for these.
 */
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, Set<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']],
      ['th', ['th']],
      ['td', ['thead', 'th', 'td']],
      ['body', ['head', 'link', 'script']],
      ['li', ['li']],
      ['p', P],
      ['h1', P],
      ['h2', P],
      ['h3', P],
      ['h4', P],
      ['h5', P],
      ['h6', P],
      ['select', FORM],
      ['input', FORM],
      ['output', FORM],
      ['button', FORM],
      ['datalist', FORM],
      ['textarea', FORM],
      ['option', ['option']],
      ['optgroup', ['optgroup', 'option']],
      ['dd', ['dd', 'dt']],
      ['dt', ['dd', 'dt']],
      ['address', P],
      ['article', P],
      ['aside', P],
      ['blockquote', P],
      ['details', P],
      ['div', P],
      ['dl', P],
      ['fieldset', P],
      ['figcaption', P],
      ['figure', P],
      ['footer', P],
      ['form', P],
      ['header', P],
      ['hr', P],
      ['main', P],
      ['nav', P],
      ['ol', P],
      ['pre', P],
      ['section', P],
      ['table', P],
      ['ul', P],
      ['rt', ['rt', 'rp']],
      ['rp', ['rt', 'rp']],
      ['tbody', ['thead', 'tbody']],
      ['tfoot', ['thead', 'tbody']],
    ] as [string, string[]][]
  ).map(([k, v]) => [k, new Set(v)]),
);

const closingTagRe = new Map<string, RegExp>();
function closingTag(name: string): RegExp {
  let re = closingTagRe.get(name);
  if (!re) {
    re = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
    closingTagRe.set(name, re);
  }
  return re;
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** End of a tag's name, which starts at `from`: the first space, '/' or '>'. */
function nameEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (isSpace(c) || c === 47 || c === 62) break;
    i++;
  }
  return i;
}

/**
 * Index just past the '>' closing a start tag whose attributes start at `from` (quotes respected), or -1 at the end of
 * input.
 */
function tagEnd(html: string, from: number): { end: number; selfClosing: boolean } {
  let i = from;
  let afterEquals = false;
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (c === 62 /* > */) return { end: i + 1, selfClosing: html.charCodeAt(i - 1) === 47 };
    if (c === 61 /* = */) afterEquals = true;
    else if (afterEquals && (c === 34 || c === 39)) {
      const close = html.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return { end: -1, selfClosing: false };
      i = close;
      afterEquals = false;
    } else if (!isSpace(c)) afterEquals = false;
    i++;
  }
  return { end: -1, selfClosing: false };
}

/**
 * A model of the stack of open elements as htmlparser2 keeps it (its start
 * tags close only what is on top, end tags pop to the nearest element of
 * their name): exact for htmlparser2, and never far below parse5's depth. It
 * drops the tags that would nest too deep and notes what makes the page
 * risky for parse5.
 */
class Bounder {
  private readonly stack: string[] = [];
  private readonly onStack = new Map<string, number>();
  /** Start tags dropped, by name, so their end tags go too. */
  private readonly droppedOpen = new Map<string, number>();
  /** Formatting elements closed by an ancestor's end: parse5 re-opens them in what follows. */
  private dangling = 0;
  private reopened = 0;
  private misnested = 0;
  private openFormatting = 0;
  /** Stack index of the <svg> or <math> we are inside, or -1. */
  private foreignAt = -1;
  private readonly pieces: string[] = [];
  private copiedTo = 0;
  dropped = 0;

  constructor(
    private readonly html: string,
    private readonly maxDepth: number,
    private readonly maxReopened: number,
  ) {}

  get inForeign(): boolean {
    return this.foreignAt >= 0;
  }

  get risky(): string | undefined {
    if (this.dropped > 0) return `${this.dropped} tags nested deeper than ${this.maxDepth}`;
    if (this.reopened > this.maxReopened) return 'formatting elements re-opened in block after block';
    if (this.misnested > MAX_MISNESTED) return `${this.misnested} misnested formatting elements`;
    if (this.openFormatting > MAX_OPEN_FORMATTING) return `${this.openFormatting} formatting elements left open`;
    return undefined;
  }

  private count(map: Map<string, number>, name: string): number {
    return map.get(name) ?? 0;
  }

  private add(map: Map<string, number>, name: string, by: number): void {
    map.set(name, this.count(map, name) + by);
  }

  private drop(start: number, end: number): void {
    this.pieces.push(this.html.slice(this.copiedTo, start));
    this.copiedTo = end;
    this.dropped++;
  }

  private push(name: string): void {
    if ((name === 'svg' || name === 'math') && this.foreignAt < 0) this.foreignAt = this.stack.length;
    this.stack.push(name);
    this.add(this.onStack, name, 1);
  }

  /** Pop down to (and including) stack index `to`. */
  private popTo(to: number): void {
    while (this.stack.length > to) {
      const name = this.stack.pop()!;
      this.add(this.onStack, name, -1);
      if (this.stack.length > to && FORMATTING.has(name) && this.foreignAt < 0) this.dangling++;
    }
    if (this.stack.length <= this.foreignAt) this.foreignAt = -1;
  }

  start(name: string, start: number, end: number, selfClosing: boolean): void {
    // Each start tag lets parse5 re-open the dangling formatting elements.
    this.reopened += this.dangling;
    const closes = IMPLIES_CLOSE.get(name);
    if (closes)
      while (this.stack.length > 0 && closes.has(this.stack[this.stack.length - 1]!)) this.popTo(this.stack.length - 1);
    if (VOID.has(name) || (selfClosing && this.inForeign)) return;
    // Never dropped: without its start tag a <script>'s text would be read as markup. It holds no elements.
    if (RAW_TEXT.has(name) && !this.inForeign) return;
    if (this.stack.length >= this.maxDepth) {
      this.add(this.droppedOpen, name, 1);
      return this.drop(start, end);
    }
    if (FORMATTING.has(name) && !this.inForeign) this.openFormatting++;
    this.push(name);
  }

  end(name: string, start: number, end: number): void {
    if (this.count(this.droppedOpen, name) > 0) {
      this.add(this.droppedOpen, name, -1);
      return this.drop(start, end);
    }
    const formatting = FORMATTING.has(name) && !this.inForeign;
    if (formatting && this.openFormatting > 0) this.openFormatting--;
    if (this.count(this.onStack, name) > 0) {
      const at = this.stack.lastIndexOf(name);
      if (formatting && this.stack.slice(at + 1).some((n) => SPECIAL.has(n))) this.misnested++;
      this.popTo(at);
    } else if (formatting && this.dangling > 0) {
      // parse5 drops it from its list of formatting elements.
      this.dangling--;
    }
    // Any other end tag with no open element of its name is ignored by both parsers.
  }

  /** The page without the dropped tags, up to `end`. */
  result(end: number): string {
    if (this.dropped === 0) return end === this.html.length ? this.html : this.html.slice(0, end);
    this.pieces.push(this.html.slice(this.copiedTo, end));
    return this.pieces.join('');
  }
}

export function boundHtml(input: string, bounds: HtmlBounds = {}): BoundedHtml {
  const maxChars = bounds.maxChars ?? DEFAULT_MAX_CHARS;
  let cut = input.length > maxChars;
  const html = cut ? input.slice(0, maxChars) : input;
  const maxTags = bounds.maxTags ?? DEFAULT_MAX_TAGS;
  let tags = 0;
  let keep = html.length;
  const b = new Bounder(html, bounds.maxDepth ?? DEFAULT_MAX_DEPTH, bounds.maxReopened ?? DEFAULT_MAX_REOPENED);
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= html.length) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      // Comments, doctype, CDATA and bogus comments hold no tags.
      const isComment = html.startsWith('<!--', lt);
      const close = isComment ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2);
      if (close < 0) break;
      i = close + (isComment ? 3 : 1);
    } else if (c === 47 /* / */ && isAlpha(html.charCodeAt(lt + 2))) {
      const ne = nameEnd(html, lt + 2);
      const close = html.indexOf('>', ne);
      if (close < 0) break;
      b.end(html.slice(lt + 2, ne).toLowerCase(), lt, close + 1);
      i = close + 1;
    } else if (isAlpha(c)) {
      if (++tags > maxTags) {
        cut = true;
        keep = lt;
        break;
      }
      const ne = nameEnd(html, lt + 1);
      const { end, selfClosing } = tagEnd(html, ne);
      if (end < 0) break;
      const name = html.slice(lt + 1, ne).toLowerCase();
      b.start(name, lt, end, selfClosing);
      i = end;
      if (RAW_TEXT.has(name) && !b.inForeign) {
        const re = closingTag(name);
        re.lastIndex = end;
        const m = re.exec(html);
        if (!m) break;
        i = m.index;
      }
    } else i = lt + 1;
  }
  return { html: b.result(keep), cut, dropped: b.dropped, risky: b.risky };
}
