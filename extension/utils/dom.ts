/**
 * Building DOM without HTML strings. Every piece of text — listing titles,
 * seller names, API fields — goes in through `textContent` or an attribute
 * set with `setAttribute`, never through `innerHTML`; the extension pages'
 * CSP also refuses string-to-HTML sinks (Trusted Types), so a slip fails loudly.
 */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes, set with setAttribute (values are strings; `false`/undefined leave them out). */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Event listeners. */
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

/** `h('button', { class: 'x', on: { click } }, 'Flag')`: an element with text children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) el.addEventListener(type, fn as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replace every child of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** Only http(s) URLs may be opened or linked; anything else (javascript:, data:, …) is refused. */
export function safeHttpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return el as T;
}

/** Signal weights as a reviewer reads them: "+0.25", "−0.5". */
export function formatWeight(w: number): string {
  return `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2).replace(/0$/, '')}`;
}
