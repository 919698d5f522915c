/**
 * Bounds a page's HTML before parse5 builds a tree of it. parse5 follows the
 * HTML standard, whose tree builder walks the stack of open elements for
 * nearly every tag: 100,000 unclosed <div>s took 83 s, and text read from an
 * element 3,000 levels deep overflowed the call stack. One linear pass over
 * the tags models that stack and edits the page only where it would blow up:
 * tags that would nest deeper than `maxDepth` are dropped (never the text;
 * Chromium stops nesting at 512 too), and formatting elements (<b>, <font>…)
 * that the tree builder would keep re-opening in every following block get
 * end tags once that adds up. A page within bounds is returned unchanged.
 */

export interface HtmlBounds {
  /** Characters kept from the start of the page; the rest is cut. Default 2 Mi (2,097,152). */
  maxChars?: number;
  /** Deepest nesting kept. Default 512, Chromium's limit. */
  maxDepth?: number;
  /**
   * Formatting elements the tree builder may re-open ("reconstruct") before
   * the page starts getting explicit end tags for them. Default 50,000.
   */
  maxReopened?: number;
}

export interface BoundedHtml {
  html: string;
  /** The page was longer than maxChars and was cut. */
  cut: boolean;
  /** Start and end tags dropped or added. */
  edits: number;
}

export const DEFAULT_MAX_CHARS = 2 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 512;
const DEFAULT_MAX_REOPENED = 50_000;
/** How far down the stack a start tag looks for the <p> or <li> it closes. */
const SCOPE_SCAN = 64;

const VOID = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Merged into the one element of that name the document has; they never nest. */
const SINGLETONS = new Set(['html', 'head', 'body', 'frameset']);
/** Text up to the matching end tag is not markup (parse5 runs with scripting on, so <noscript> too). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title']);
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** The HTML standard's "special" elements (non-void ones): <li> and <dd> look for their sibling only past others. */
const SPECIAL = new Set([
  'address', 'applet', 'article', 'aside', 'blockquote', 'body', 'button', 'caption', 'center', 'colgroup', 'dd', 'details',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hgroup', 'html', 'li', 'listing', 'main', 'marquee', 'menu', 'nav', 'object', 'ol', 'p', 'pre', 'search', 'section',
  'select', 'summary', 'table', 'tbody', 'td', 'template', 'tfoot', 'th', 'thead', 'tr', 'ul', 'svg', 'math',
]);
/** Start tags that close an open <p> ("in button scope"). */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'p', 'search', 'section', 'summary', 'ul', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'pre', 'listing', 'form', 'table', 'li', 'dd', 'dt',
]);
/** Where the search for an open <p> stops. */
const BUTTON_SCOPE = new Set(['applet', 'caption', 'html', 'table', 'td', 'th', 'marquee', 'object', 'template', 'button', 'svg', 'math']);

/** Start tags that close an open sibling of their group: <li> past non-special elements, the others only at the top. */
const SIBLING_GROUP = new Map<string, string>();
for (const group of [['li'], ['dt', 'dd'], ['option'], ['optgroup'], ['tr'], ['td', 'th'], ['thead', 'tbody', 'tfoot'],
  ['rb', 'rt', 'rp', 'rtc'], ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']]) {
  for (const name of group) SIBLING_GROUP.set(name, group[0]!);
}
const CLOSES_PAST_PHRASING = new Set(['li', 'dt', 'dd']);

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

/** Index just past the '>' closing a start tag whose attributes start at `from` (quotes respected), or -1 at the end of input. */
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
 * A model of parse5's stack of open elements, coarse but never far below the
 * real depth, and the edits that keep the real one small:
 * - a start tag that would nest deeper than maxDepth is dropped, with its end tag;
 * - a formatting element closed by its parent's end ("<p><b>x</p>") stays on
 *   the tree builder's list and is re-opened in each following block; once
 *   that has cost maxReopened elements, such elements get explicit end tags.
 */
class Bounder {
  private readonly stack: string[] = [];
  private readonly onStack = new Map<string, number>();
  /** Start tags dropped, by name, so their end tags go too. */
  private readonly droppedOpen = new Map<string, number>();
  /** Formatting elements closed implicitly, which the tree builder keeps re-opening. */
  private readonly dangling = new Map<string, number>();
  private danglingTotal = 0;
  private reopened = 0;
  private closeFormatting = false;
  /** Stack index of the <svg> or <math> we are inside, or -1. */
  private foreignAt = -1;
  private readonly pieces: string[] = [];
  private copiedTo = 0;
  edits = 0;

  constructor(
    private readonly html: string,
    private readonly maxDepth: number,
    private readonly maxReopened: number,
  ) {}

  get inForeign(): boolean {
    return this.foreignAt >= 0;
  }

  private count(map: Map<string, number>, name: string): number {
    return map.get(name) ?? 0;
  }

  private add(map: Map<string, number>, name: string, by: number): void {
    map.set(name, this.count(map, name) + by);
  }

  /** Replace html[start, end) by `text` in the output. */
  private edit(start: number, end: number, text = ''): void {
    this.pieces.push(this.html.slice(this.copiedTo, start), text);
    this.copiedTo = end;
    this.edits++;
  }

  private push(name: string): void {
    if ((name === 'svg' || name === 'math') && this.foreignAt < 0) this.foreignAt = this.stack.length;
    this.stack.push(name);
    this.add(this.onStack, name, 1);
  }

  /** Pop down to (and including) stack index `to`; formatting elements popped on the way are closed implicitly. */
  private popTo(to: number, at: number): void {
    while (this.stack.length > to) {
      const name = this.stack.pop()!;
      this.add(this.onStack, name, -1);
      if (this.stack.length > to && FORMATTING.has(name) && this.foreignAt < 0) this.implicitlyClosed(name, at);
    }
    if (this.stack.length <= this.foreignAt) this.foreignAt = -1;
  }

  private implicitlyClosed(name: string, at: number): void {
    if (this.closeFormatting) this.edit(at, at, `</${name}>`);
    else {
      this.add(this.dangling, name, 1);
      this.danglingTotal++;
    }
  }

  /** Index of the nearest `names` element below the top, looking past at most SCOPE_SCAN elements that `passes`; or -1. */
  private findOpen(names: (n: string) => boolean, passes: (n: string) => boolean): number {
    for (let i = this.stack.length - 1, seen = 0; i >= 0 && seen < SCOPE_SCAN; i--, seen++) {
      const n = this.stack[i]!;
      if (names(n)) return i;
      if (!passes(n)) return -1;
    }
    return -1;
  }

  start(name: string, start: number, end: number, selfClosing: boolean): void {
    // Each start tag lets the tree builder re-open every dangling formatting element.
    if (this.danglingTotal > 0) {
      this.reopened += this.danglingTotal;
      if (this.reopened > this.maxReopened) this.closeDangling(start);
    }
    if (VOID.has(name) || SINGLETONS.has(name) || (selfClosing && this.inForeign)) return;
    // Never dropped: without its start tag a <script>'s text would be read as markup. It holds no elements.
    if (RAW_TEXT.has(name) && !this.inForeign) return;
    if (!this.inForeign) {
      const group = SIBLING_GROUP.get(name);
      if (group !== undefined) {
        const past = CLOSES_PAST_PHRASING.has(name) ? (n: string) => !SPECIAL.has(n) || n === 'address' || n === 'div' || n === 'p' : () => false;
        const at = this.findOpen((n) => SIBLING_GROUP.get(n) === group, past);
        if (at >= 0) this.popTo(at, start);
      }
      if (CLOSES_P.has(name) && this.count(this.onStack, 'p') > 0) {
        const at = this.findOpen((n) => n === 'p', (n) => !BUTTON_SCOPE.has(n));
        if (at >= 0) this.popTo(at, start);
      }
    }
    if (this.stack.length >= this.maxDepth) {
      this.add(this.droppedOpen, name, 1);
      return this.edit(start, end);
    }
    this.push(name);
  }

  /** From here on, formatting elements closed implicitly get an end tag, and those left open so far get theirs now. */
  private closeDangling(at: number): void {
    this.closeFormatting = true;
    for (const [name, n] of this.dangling) for (let k = 0; k < n; k++) this.edit(at, at, `</${name}>`);
    this.dangling.clear();
    this.danglingTotal = 0;
  }

  end(name: string, start: number, end: number): void {
    if (this.count(this.droppedOpen, name) > 0) {
      this.add(this.droppedOpen, name, -1);
      return this.edit(start, end);
    }
    if (this.count(this.onStack, name) > 0) {
      const at = this.stack.lastIndexOf(name);
      this.popTo(at, start);
    } else if (this.count(this.dangling, name) > 0) {
      // The tree builder drops it from its list of formatting elements.
      this.add(this.dangling, name, -1);
      this.danglingTotal--;
    }
    // Any other end tag with no open element of its name is ignored by the tree builder too.
  }

  result(): string {
    if (this.edits === 0) return this.html;
    this.pieces.push(this.html.slice(this.copiedTo));
    return this.pieces.join('');
  }
}

export function boundHtml(input: string, bounds: HtmlBounds = {}): BoundedHtml {
  const maxChars = bounds.maxChars ?? DEFAULT_MAX_CHARS;
  const cut = input.length > maxChars;
  const html = cut ? input.slice(0, maxChars) : input;
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
      } else if (name === 'plaintext' && !b.inForeign) break;
    } else i = lt + 1;
  }
  return { html: b.result(), cut, edits: b.edits };
}
