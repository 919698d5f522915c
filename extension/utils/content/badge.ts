/**
 * The badge next to a listing: a suspect's score, with the review side's
 * state of it when it is a known hit (new, confirmed, noticed, removed…) and
 * a mark when its seller is blacklisted; or, for an authorised seller's or
 * the official site's listing, a neutral "authorised" badge. On hover or
 * focus: the matched item, the reasons with their weights, and a Flag button.
 * It lives in a closed shadow root, so the page's CSS cannot reach it, its
 * CSS cannot leak into the page, and the page's scripts cannot read which
 * catalogue item it names. All text goes in as text.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptAppendMode } from 'wxt/utils/content-script-ui/types';
import { formatWeight, h, replace } from '../dom';
import type { HitStatus } from '../api-schemas';
import type { MatchView } from '../messages';

/** Suspects (known hits included) and authorised listings are different elements, so each is easy to tell apart. */
export const BADGE_TAG = 'counterscan-badge';
export const AUTHORISED_TAG = 'counterscan-authorised';
/** Every element of ours on a page: left out of captured HTML and of the page's own changes. */
export const OWN_SELECTOR = `${BADGE_TAG}, ${AUTHORISED_TAG}`;

/** How a hit's status reads on a badge. */
export const STATE_LABEL: Record<HitStatus, string> = {
  new: 'new',
  confirmed: 'confirmed',
  dismissed: 'dismissed',
  notice_sent: 'noticed',
  removed: 'removed',
  rejected: 'notice rejected',
  relisted: 'relisted',
};

const CSS =
  `
:host{display:inline-block !important;position:relative !important;vertical-align:middle !important}
html,body{display:inline-block;margin:0;padding:0}
.cs{position:relative;display:inline-block;font:12px/1.4 system-ui,sans-serif;color:#1b1b1b;` +
  `margin:2px 0;vertical-align:middle;z-index:2147483000}
.pill{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center;background:#c62828;color:#fff;` +
  `border-radius:10px;padding:1px 8px;font-weight:700;font-size:12px}
.pill:focus-visible{outline:2px solid #1565c0;outline-offset:2px}
.cs[data-from="card"] .pill{background:#ef6c00}
.cs[data-state="confirmed"] .pill{background:#8e0000}
.cs[data-state="notice_sent"] .pill{background:#6a1b9a}
.cs[data-state="removed"] .pill,.cs[data-state="dismissed"] .pill{background:#616161}
.cs[data-kind="authorised"] .pill{background:#eceff1;color:#37474f;border:1px solid #90a4ae;font-weight:600}
.st{background:rgba(255,255,255,.22);border-radius:8px;padding:0 5px;font-weight:600}
.bl{background:#000;color:#fff;border-radius:8px;padding:0 5px;font-weight:700}
.line{margin-bottom:4px}.line.blk{color:#8e0000;font-weight:700}
.tip{display:none;position:absolute;left:0;top:100%;margin-top:4px;width:320px;max-width:80vw;background:#fff;` +
  `border:1px solid #bbb;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:8px 10px;text-align:left;` +
  `white-space:normal}
.cs:hover .tip,.cs:focus-within .tip{display:block}
.cs:hover,.cs:focus-within{z-index:2147483647}
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
  /** 'authorised': an authorised seller's or the official site's listing (neutral, not a suspect). */
  kind: 'suspect' | 'authorised';
  match: MatchView;
  /** Where the verdict came from: the listing page, or only the search card. */
  from: 'page' | 'card';
  /** The listing page is still being read. */
  checking: boolean;
  /** The review side's hit on this listing, when it is one. */
  hit?: { id: number; status: HitStatus };
  sellerBlacklisted?: boolean;
  /** Why it is authorised (the matcher's signal evidence: "seller Veloran Official"). */
  authorisedBy?: string;
}

export interface Badge {
  /** Fixed at mount (it decides the element): a badge whose kind changes is replaced. */
  readonly kind: BadgeInfo['kind'];
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
  const authorised = info.kind === 'authorised';
  const state = info.hit ? STATE_LABEL[info.hit.status] : undefined;
  const label = [
    authorised ? 'authorised' : `suspect (${score})`,
    ...(state ? [state] : []),
    ...(info.sellerBlacklisted ? ['seller blacklisted'] : []),
  ].join(' · ');
  const read =
    info.from === 'page'
      ? 'read from the listing page'
      : info.checking
        ? 'from the search result; checking the listing page…'
        : 'from the search result only';
  replace(
    root,
    h(
      'div',
      {
        class: 'cs',
        attrs: { 'data-from': info.from, 'data-kind': info.kind, 'data-state': info.hit?.status ?? '' },
      },
      h(
        'button',
        { class: 'pill', attrs: { type: 'button', 'aria-describedby': tipId, title: `counterscan: ${label}` } },
        authorised ? '✓ authorised' : `⚠ ${score}`,
        state ? h('span', { class: 'st' }, state) : null,
        info.sellerBlacklisted ? h('span', { class: 'bl' }, 'blacklisted') : null,
      ),
      h(
        'div',
        { class: 'tip', attrs: { role: 'tooltip', id: tipId } },
        h('div', { class: 'item' }, match.itemTitle),
        authorised
          ? h('div', { class: 'line' }, `Authorised: ${info.authorisedBy ?? 'an authorised seller'} — not a suspect.`)
          : null,
        info.hit ? h('div', { class: 'line' }, `Hit #${info.hit.id}: ${state}`) : null,
        info.sellerBlacklisted ? h('div', { class: 'line blk' }, 'The seller is on the blacklist.') : null,
        h('div', { class: 'meta' }, `Score ${score} · ${read}`),
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
    name: info.kind === 'authorised' ? AUTHORISED_TAG : BADGE_TAG,
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
    kind: info.kind,
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
