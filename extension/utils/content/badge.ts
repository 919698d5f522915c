/**
 * The badge next to a suspect listing: score on a pill; on hover or focus, the
 * matched item, the reasons with their weights, and a Flag button. It lives
 * in a closed shadow root, so the page's CSS cannot reach it, its CSS cannot
 * leak into the page, and the page's scripts cannot read which catalogue item
 * it names. All text goes in as text.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptAppendMode } from 'wxt/utils/content-script-ui/types';
import { formatWeight, h, replace } from '../dom';
import type { MatchView } from '../messages';

export const BADGE_TAG = 'counterscan-badge';

const CSS = `
:host{display:inline-block !important;position:relative !important;vertical-align:middle !important}
html,body{display:inline-block;margin:0;padding:0}
.cs{position:relative;display:inline-block;font:12px/1.4 system-ui,sans-serif;color:#1b1b1b;margin:2px 0;vertical-align:middle;z-index:2147483000}
.pill{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center;background:#c62828;color:#fff;border-radius:10px;padding:1px 8px;font-weight:700;font-size:12px}
.pill:focus-visible{outline:2px solid #1565c0;outline-offset:2px}
.cs[data-from="card"] .pill{background:#ef6c00}
.tip{display:none;position:absolute;left:0;top:100%;margin-top:4px;width:320px;max-width:80vw;background:#fff;border:1px solid #bbb;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:8px 10px;text-align:left;white-space:normal}
.cs:hover .tip,.cs:focus-within .tip{display:block}
.item{font-weight:700;margin-bottom:2px;word-break:break-word}
.meta{color:#555;margin-bottom:6px}
ul{margin:0 0 6px;padding:0;list-style:none}
li{margin:2px 0;word-break:break-word}
.w{display:inline-block;min-width:42px;font-variant-numeric:tabular-nums;font-weight:700}
.w.neg{color:#2e7d32}
.n{color:#333}
.e{color:#666}
.flag{all:unset;cursor:pointer;background:#1565c0;color:#fff;border-radius:4px;padding:3px 10px;font-weight:600}
.flag:focus-visible{outline:2px solid #000;outline-offset:2px}
.status{color:#555;margin-top:4px;min-height:1em}
`;

export interface BadgeInfo {
  match: MatchView;
  /** Where the verdict came from: the listing page, or only the search card. */
  from: 'page' | 'card';
  /** The listing page is still being read. */
  checking: boolean;
}

export interface Badge {
  update(info: BadgeInfo): void;
  remove(): void;
  /** Show a line under the reasons (flag progress). */
  status(text: string): void;
}

const signalName = (n: string) => n.replace(/_/g, ' ');

function render(root: HTMLElement, info: BadgeInfo, onFlag: (badge: BadgeInfo) => void, statusLine: HTMLElement): void {
  const { match } = info;
  const score = match.score.toFixed(2);
  const reasons = h(
    'ul',
    {},
    ...match.signals.map((s) =>
      h(
        'li',
        {},
        h('span', { class: s.weight < 0 ? 'w neg' : 'w' }, formatWeight(s.weight)),
        h('span', { class: 'n' }, signalName(s.name)),
        ' ',
        h('span', { class: 'e' }, s.evidence),
      ),
    ),
  );
  const tipId = 'tip';
  replace(
    root,
    h(
      'div',
      { class: 'cs', attrs: { 'data-from': info.from } },
      h(
        'button',
        {
          class: 'pill',
          attrs: { type: 'button', 'aria-describedby': tipId, title: `counterscan: suspect (${score})` },
        },
        `⚠ ${score}`,
      ),
      h(
        'div',
        { class: 'tip', attrs: { role: 'tooltip', id: tipId } },
        h('div', { class: 'item' }, match.itemTitle),
        h(
          'div',
          { class: 'meta' },
          `Score ${score} · ${info.from === 'page' ? 'read from the listing page' : info.checking ? 'from the search result; checking the listing page…' : 'from the search result only'}`,
        ),
        reasons,
        h(
          'button',
          {
            class: 'flag',
            attrs: { type: 'button' },
            on: {
              click: (e) => {
                // The page can script clicks on anything it can reach; only the user's own count.
                if (!e.isTrusted) return;
                e.preventDefault();
                e.stopPropagation();
                onFlag(info);
              },
            },
          },
          'Flag…',
        ),
        statusLine,
      ),
    ),
  );
}

export async function mountBadge(
  ctx: ContentScriptContext,
  anchor: Element,
  append: ContentScriptAppendMode,
  info: BadgeInfo,
  onFlag: (info: BadgeInfo, badge: Badge) => void,
): Promise<Badge> {
  let current = info;
  const statusLine = h('div', { class: 'status', attrs: { 'aria-live': 'polite' } });
  const ui: ShadowRootContentScriptUi<void> = await createShadowRootUi(ctx, {
    name: BADGE_TAG,
    position: 'inline',
    mode: 'closed',
    anchor,
    append,
    css: CSS,
    // Keys typed in the badge stay in the badge (the page's shortcuts do not see them).
    isolateEvents: true,
    onMount: (container) => render(container, current, (i) => onFlag(i, badge), statusLine),
  });
  ui.mount();
  const badge: Badge = {
    update(next) {
      current = next;
      render(ui.uiContainer, current, (i) => onFlag(i, badge), statusLine);
    },
    remove: () => ui.remove(),
    status: (text) => {
      statusLine.textContent = text;
    },
  };
  return badge;
}
