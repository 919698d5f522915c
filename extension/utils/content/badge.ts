/**
 * The badge next to a listing: a suspect's score, with the review side's
 * state of it when it is a known hit (new, confirmed, noticed, removed…) and
 * a mark when its seller is blacklisted; or, for an authorised seller's or
 * the official site's listing, a neutral "authorised" badge. On hover or
 * focus: the matched item, the reasons with their weights, and a Flag button.
 * It lives in a closed shadow root, so the page's CSS cannot reach it, its
 * CSS cannot leak into the page, and the page's scripts cannot read which
 * catalogue item it names; keys typed in it stay in it. All text goes in as
 * text. A page's badges are mounted together (`mountBadges`): every badge
 * built off the page, then every one placed, in one batch of DOM writes.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { formatWeight, h } from '../dom';
import type { HitStatus } from '../api-schemas';
import type { MatchView } from '../messages';
import { styleBadgeRoot } from './badge-style';

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

/** What the pill and the tooltip say of a badge's verdict. */
function wording(info: BadgeInfo) {
  const score = info.match.score.toFixed(2);
  const authorised = info.kind === 'authorised';
  const state = info.hit ? STATE_LABEL[info.hit.status] : undefined;
  const label = [
    authorised ? 'authorised' : `suspect (${score})`,
    ...(state ? [state] : []),
    ...(info.sellerBlacklisted ? ['seller blacklisted'] : []),
  ].join(' · ');
  return { score, authorised, state, label };
}

const TIP_ID = 'tip';

/** The tooltip's content: the matched item, the reasons with their weights, the Flag button and the status line. */
function tipContent(info: BadgeInfo, onFlag: (badge: BadgeInfo) => void, statusLine: HTMLElement): HTMLElement[] {
  const { match } = info;
  const { score, authorised, state } = wording(info);
  const read =
    info.from === 'page'
      ? 'read from the listing page'
      : info.checking
        ? 'from the search result; checking the listing page…'
        : 'from the search result only';
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
  const flag = h(
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
  );
  return [
    h('div', { class: 'item' }, match.itemTitle),
    ...(authorised
      ? [h('div', { class: 'line' }, `Authorised: ${info.authorisedBy ?? 'an authorised seller'} — not a suspect.`)]
      : []),
    ...(info.hit ? [h('div', { class: 'line' }, `Hit #${info.hit.id}: ${state}`)] : []),
    ...(info.sellerBlacklisted ? [h('div', { class: 'line blk' }, 'The seller is on the blacklist.')] : []),
    h('div', { class: 'meta' }, `Score ${score} · ${read}`),
    reasons,
    flag,
    statusLine,
  ];
}

interface View {
  el: HTMLElement;
  /** Build the tooltip's content (once). */
  fill(): void;
  /** Whether it is built. */
  filled(): boolean;
}

/**
 * The badge's view: the pill, and the tooltip, whose content is built when it is first wanted (the badge hovered or
 * focused) or in idle time after the badges are up, whichever comes first: most of a badge's elements are in its
 * tooltip, and a page's badges should show without waiting for them.
 */
function render(info: BadgeInfo, onFlag: (badge: BadgeInfo) => void, statusLine: HTMLElement): View {
  const { score, authorised, state, label } = wording(info);
  const tip = h('div', { class: 'tip', attrs: { role: 'tooltip', id: TIP_ID } });
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    tip.append(...tipContent(info, onFlag, statusLine));
  };
  const el = h(
    'div',
    {
      class: 'cs',
      attrs: { 'data-from': info.from, 'data-kind': info.kind, 'data-state': info.hit?.status ?? '' },
      // Before the hover or focus styles apply (same task, so the tooltip never shows empty).
      on: { pointerenter: fill, focusin: fill },
    },
    h(
      'button',
      { class: 'pill', attrs: { type: 'button', 'aria-describedby': TIP_ID, title: `counterscan: ${label}` } },
      authorised ? '✓ authorised' : `⚠ ${score}`,
      state ? h('span', { class: 'st' }, state) : null,
      info.sellerBlacklisted ? h('span', { class: 'bl' }, 'blacklisted') : null,
    ),
    tip,
  );
  return { el, fill, filled: () => filled };
}

/** A badge built off the page: its host element, not placed yet, and its tooltip's filling. */
interface Built {
  host: HTMLElement;
  badge: Badge;
  fillTip(): void;
}

/** How long tooltips wait for the page to be idle before they are built anyway. */
const TIP_IDLE_TIMEOUT_MS = 1000;

/** Keys typed in the badge stay in the badge: the page's shortcuts do not see them. */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

function build(ctx: ContentScriptContext, info: BadgeInfo, onFlag: (info: BadgeInfo, badge: Badge) => void): Built {
  const host = document.createElement(info.kind === 'authorised' ? AUTHORISED_TAG : BADGE_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  styleBadgeRoot(root);
  for (const type of ISOLATED_EVENTS) root.addEventListener(type, (e) => e.stopPropagation());
  const statusLine = h('div', { class: 'status', attrs: { 'aria-live': 'polite' } });
  const flag = (i: BadgeInfo) => onFlag(i, badge);
  let view = render(info, flag, statusLine);
  let shown = info;
  root.append(view.el);
  // A content script replaced or unloaded (extension updated, disabled) takes its badges with it.
  const forget = ctx.onInvalidated(() => host.remove());
  const badge: Badge = {
    kind: info.kind,
    update(next) {
      // The review API's answer re-badges every listing it was asked about, most of them unchanged.
      if (JSON.stringify(next) === JSON.stringify(shown)) return;
      shown = next;
      const fresh = render(next, flag, statusLine);
      // A tooltip already built may be on screen: its successor is built at once. One not built yet is left for the
      // hover, focus or idle time that builds it (the review API's answer and the listing pages read re-badge a
      // whole page of these).
      if (view.filled()) fresh.fill();
      view.el.replaceWith(fresh.el);
      view = fresh;
    },
    remove() {
      forget();
      host.remove();
    },
    status(text) {
      statusLine.textContent = text;
    },
  };
  return { host, badge, fillTip: () => view.fill() };
}

/** Where a badge goes: the first or the last child of its anchor. */
export interface BadgePlacement {
  anchor: Element;
  append: 'first' | 'last';
  info: BadgeInfo;
  onFlag: (info: BadgeInfo, badge: Badge) => void;
}

/**
 * Mount badges together: each is built off the page (shadow root, shared stylesheet, pill), then all are placed in
 * one pass of inserts with no layout read between them, so the page restyles and lays out once for all of them, in
 * the same frame. Their tooltips are filled in idle time after that.
 */
export function mountBadges(ctx: ContentScriptContext, placements: readonly BadgePlacement[]): Badge[] {
  const built = placements.map((p) => build(ctx, p.info, p.onFlag));
  placements.forEach((p, i) => {
    const { host } = built[i]!;
    if (p.append === 'first') p.anchor.prepend(host);
    else p.anchor.append(host);
  });
  fillInIdle(
    ctx,
    built.map((b) => b.fillTip),
  );
  return built.map((b) => b.badge);
}

/** Run `fills` in idle time, a few per idle period; all at once if the page stays busy for a second. */
function fillInIdle(ctx: ContentScriptContext, fills: (() => void)[]): void {
  let next = 0;
  const step = (deadline: IdleDeadline) => {
    while (next < fills.length && (deadline.didTimeout || deadline.timeRemaining() > 1)) fills[next++]!();
    if (next < fills.length) ctx.requestIdleCallback(step, { timeout: TIP_IDLE_TIMEOUT_MS });
  };
  if (fills.length > 0) ctx.requestIdleCallback(step, { timeout: TIP_IDLE_TIMEOUT_MS });
}
