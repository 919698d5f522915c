/**
 * What a badge shows, read through its closed shadow root the only way a test
 * can (the page's scripts cannot): CDP's DOM domain with `pierce`, then the
 * pill's text, colour and tooltip from the resolved nodes.
 */
import type { Page } from 'playwright';

export interface ShownBadge {
  tag: 'counterscan-badge' | 'counterscan-authorised';
  /** The href of the first link in the badge's card (search pages), or the page's own URL. */
  href: string | null;
  pill: string;
  /** The pill's computed background colour, `rgb(r, g, b)`. */
  background: string;
  tip: string;
  state: string;
}

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

export async function shownBadges(page: Page, cardSelector = 'li'): Promise<ShownBadge[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const hosts: CdpNode[] = [];
    const walk = (n: CdpNode) => {
      if (/^COUNTERSCAN-(BADGE|AUTHORISED)$/.test(n.nodeName) && n.shadowRoots?.length) hosts.push(n);
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
    };
    walk(root);
    const out: ShownBadge[] = [];
    for (const host of hosts) {
      const { object: h } = await cdp.send('DOM.resolveNode', { backendNodeId: host.backendNodeId });
      const { object: r } = await cdp.send('DOM.resolveNode', { backendNodeId: host.shadowRoots![0]!.backendNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: h.objectId!,
        arguments: [{ objectId: r.objectId! }, { value: cardSelector }],
        returnByValue: true,
        functionDeclaration: `function (root, card) {
          const pill = root.querySelector('.pill');
          const cs = root.querySelector('.cs');
          const link = this.closest(card)?.querySelector('a[href]');
          // The tooltip is built on the first hover (or in idle time): read it as a hover shows it.
          cs?.dispatchEvent(new PointerEvent('pointerenter'));
          return {
            tag: this.localName,
            href: link ? link.getAttribute('href') : null,
            pill: pill ? pill.textContent : '',
            background: pill ? getComputedStyle(pill).backgroundColor : '',
            tip: root.querySelector('.tip')?.textContent ?? '',
            state: cs ? cs.getAttribute('data-state') ?? '' : '',
          };
        }`,
      });
      out.push(result.value as ShownBadge);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Whether an rgb() colour is reddish (a suspect's pill), as opposed to grey or neutral. */
export function isRed(rgb: string): boolean {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return r > 120 && r > g * 1.6 && r > b * 1.6;
}

/**
 * Run `fn(root)` in the page's own world on the closed shadow root of the `index`-th badge (CDP reaches what the
 * page's scripts cannot), as a page script would if it could: what it does there (a click, a focus) is the page's, not
 * the user's.
 */
export async function inBadge(page: Page, index: number, fn: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const hosts: CdpNode[] = [];
    const walk = (n: CdpNode) => {
      if (/^COUNTERSCAN-(BADGE|AUTHORISED)$/.test(n.nodeName) && n.shadowRoots?.length) hosts.push(n);
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
    };
    walk(root);
    const host = hosts[index];
    if (!host) throw new Error(`no badge ${index} (${hosts.length} on the page)`);
    const { object: r } = await cdp.send('DOM.resolveNode', { backendNodeId: host.shadowRoots![0]!.backendNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: r.objectId!,
      functionDeclaration: `function () { return (${fn})(this); }`,
      returnByValue: true,
    });
    return result.value;
  } finally {
    await cdp.detach();
  }
}
