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

/** The badge's view: the pill, and the tooltip with the reasons and the Flag button. */
function render(info: BadgeInfo, onFlag: (badge: BadgeInfo) => void, statusLine: HTMLElement): HTMLElement {
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
  return h(
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
  );
}

/** A badge built off the page: its host element, not placed yet. */
interface Built {
  host: HTMLElement;
  badge: Badge;
}

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
  root.append(view);
  // A content script replaced or unloaded (extension updated, disabled) takes its badges with it.
  const forget = ctx.onInvalidated(() => host.remove());
  const badge: Badge = {
    kind: info.kind,
    update(next) {
      const fresh = render(next, flag, statusLine);
      view.replaceWith(fresh);
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
  return { host, badge };
}

/** Where a badge goes: the first or the last child of its anchor. */
export interface BadgePlacement {
  anchor: Element;
  append: 'first' | 'last';
  info: BadgeInfo;
  onFlag: (info: BadgeInfo, badge: Badge) => void;
}

/**
 * Mount badges together: each is built in full off the page (shadow root, shared stylesheet, view), then all are
 * placed in one pass of inserts with no layout read between them, so the page restyles and lays out once for all of
 * them, in the same frame.
 */
export function mountBadges(ctx: ContentScriptContext, placements: readonly BadgePlacement[]): Badge[] {
  const built = placements.map((p) => build(ctx, p.info, p.onFlag));
  placements.forEach((p, i) => {
    const { host } = built[i]!;
    if (p.append === 'first') p.anchor.prepend(host);
    else p.anchor.append(host);
  });
  return built.map((b) => b.badge);
}
