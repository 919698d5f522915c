/**
 * Reads the page with the site's adapter, asks the background to match what
 * it read, and badges the suspects. On a search page each result card is
 * matched at once; cards that name a catalogue item are then confirmed (or
 * cleared) by reading their listing pages, two at a time. Pages that change
 * (infinite scroll, client-side rendering) are scanned again, throttled.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { canonicalUrl, extractListing, extractSearchResults, type SearchResult } from '../../../shared/extract';
import type { SiteAdapter } from '../../../shared/sites';
import { liveDocument } from '../live-dom';
import type { ListingLite, MatchView, PageSnapshot, ScanReport, Suspect } from '../messages';
import { isCandidate, isSuspect } from '../verdict';
import { BADGE_TAG, mountBadge, type Badge, type BadgeInfo } from './badge';
import { matchListings, reportScan, startFlag, type MatchReply } from './bridge';
import { cardLite, listingLite } from './listing-lite';
import { serializePage } from './serialize';

const RESCAN_MS = 300;
const VERIFY_CONCURRENCY = 2;

interface Verdict {
  lite: ListingLite;
  match: MatchView | null;
  from: 'page' | 'card';
  /** Listing page being read. */
  checking: boolean;
}

interface Card {
  el: Element;
  url: string;
  badge?: Promise<Badge>;
}

export class PageScanner {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly cards = new Map<Element, Card>();
  private readonly seen = new WeakSet<Element>();
  private readonly verifyQueue: string[] = [];
  private verifying = 0;
  private threshold = 0.5;
  private verify = true;
  private catalogueItems = 0;
  private timings: ScanReport['timings'] | undefined;
  private listingBadge: { anchor: Element; badge: Promise<Badge> } | undefined;
  private rescanTimer: number | undefined;
  private observer: MutationObserver | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly adapter: SiteAdapter,
    private readonly kind: 'listing' | 'search',
    /** performance.now() when the content script started. */
    private readonly t0: number,
  ) {}

  async start(): Promise<void> {
    await this.scan();
    this.observer = new MutationObserver((records) => {
      if (records.every((r) => Array.from(r.addedNodes).every((n) => n instanceof Element && n.localName === BADGE_TAG))) return;
      this.scheduleRescan();
    });
    this.observer.observe(document.documentElement, { childList: true, subtree: true });
    this.ctx.onInvalidated(() => this.stop());
  }

  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    for (const card of this.cards.values()) void card.badge?.then((b) => b.remove());
    void this.listingBadge?.badge.then((b) => b.remove());
    this.cards.clear();
  }

  private scheduleRescan(): void {
    if (this.rescanTimer !== undefined || this.stopped) return;
    this.rescanTimer = this.ctx.setTimeout(() => {
      this.rescanTimer = undefined;
      void this.scan().catch((e: unknown) => console.debug('counterscan: rescan failed', e));
    }, RESCAN_MS);
  }

  private async match(listings: ListingLite[]): Promise<MatchReply> {
    const reply = await matchListings(listings);
    this.threshold = reply.threshold;
    this.verify = reply.verifyListings;
    this.catalogueItems = reply.catalogueItems;
    return reply;
  }

  private async scan(): Promise<void> {
    if (this.stopped) return;
    if (this.kind === 'search') await this.scanSearch();
    else await this.scanListing();
  }

  // ------------------------------------------------------------ search pages

  private linkOf(el: Element): string | undefined {
    const sel = this.adapter.results.link;
    const node = sel.selector.trim() === '' ? el : el.querySelector(sel.selector);
    const href = node?.getAttribute(sel.attr ?? 'href');
    if (!href) return undefined;
    try {
      return canonicalUrl(href, location.href);
    } catch {
      return undefined;
    }
  }

  private async scanSearch(): Promise<void> {
    const tExtract = performance.now();
    const page = extractSearchResults(liveDocument(), this.adapter);
    const results = new Map<string, SearchResult>((page.results ?? []).map((r) => [r.url, r]));
    const fresh: Card[] = [];
    for (const el of Array.from(document.querySelectorAll(this.adapter.results.item))) {
      if (this.seen.has(el)) continue;
      this.seen.add(el);
      const url = this.linkOf(el);
      if (!url || !results.has(url)) continue;
      const card: Card = { el, url };
      this.cards.set(el, card);
      fresh.push(card);
    }
    // Cards the page removed (re-rendered lists) drop their badges.
    for (const [el, card] of this.cards) {
      if (!el.isConnected) {
        void card.badge?.then((b) => b.remove());
        this.cards.delete(el);
      }
    }
    const unknown = [...new Set(fresh.map((c) => c.url))].filter((u) => !this.verdicts.has(u));
    const lites = unknown.map((u) => cardLite(results.get(u)!, this.adapter)).filter((l) => l.title !== '');
    const extractMs = performance.now() - tExtract;

    const tMatch = performance.now();
    let backgroundMs = 0;
    if (lites.length > 0) {
      const reply = await this.match(lites);
      backgroundMs = reply.backgroundMs;
      lites.forEach((lite, i) => this.verdicts.set(lite.url, { lite, match: reply.results[i] ?? null, from: 'card', checking: false }));
    }
    const matchMs = performance.now() - tMatch;

    const tRender = performance.now();
    await Promise.all(fresh.map((c) => this.applyCard(c)));
    const renderMs = performance.now() - tRender;
    this.timings ??= { firstBadgesMs: performance.now() - this.t0, extractMs, matchMs, backgroundMs, renderMs };

    for (const url of unknown) {
      const v = this.verdicts.get(url);
      if (v && this.verify && isCandidate(v.match)) {
        v.checking = true;
        this.verifyQueue.push(url);
      }
    }
    await this.report();
    this.pumpVerify();
  }

  private info(v: Verdict): BadgeInfo | undefined {
    if (!v.match || !isSuspect(v.match, v.from, this.threshold)) return undefined;
    return { match: v.match, from: v.from, checking: v.checking };
  }

  private async applyCard(card: Card): Promise<void> {
    const v = this.verdicts.get(card.url);
    const info = v ? this.info(v) : undefined;
    if (!info) {
      const old = card.badge;
      card.badge = undefined;
      if (old) (await old).remove();
      return;
    }
    if (card.badge) (await card.badge).update(info);
    else card.badge = mountBadge(this.ctx, card.el, 'first', info, (i, b) => void this.flag(v!, i, b));
  }

  private pumpVerify(): void {
    while (!this.stopped && this.verifying < VERIFY_CONCURRENCY && this.verifyQueue.length > 0) {
      const url = this.verifyQueue.shift()!;
      this.verifying++;
      void this.verifyOne(url).finally(() => {
        this.verifying--;
        this.pumpVerify();
        if (this.verifying === 0 && this.verifyQueue.length === 0) void this.report();
      });
    }
  }

  /** Read one result's listing page (same origin, the user's own session) and match the whole listing. */
  private async verifyOne(url: string): Promise<void> {
    const v = this.verdicts.get(url);
    if (!v) return;
    try {
      const res = await fetch(url, { credentials: 'same-origin', signal: this.ctx.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const listing = extractListing(liveDocument(doc, url), this.adapter, { fetchedAt: new Date().toISOString() });
      // The card's URL is the one on the page, whatever the listing calls itself.
      const lite = { ...listingLite(listing), url };
      const reply = await this.match([lite]);
      Object.assign(v, { lite, match: reply.results[0] ?? null, from: 'page', checking: false });
    } catch {
      // Unreadable listing page (JavaScript-only, gone, not a listing): the card's verdict stands.
      v.checking = false;
    }
    if (this.stopped) return;
    await Promise.all([...this.cards.values()].filter((c) => c.url === url).map((c) => this.applyCard(c)));
  }

  // ------------------------------------------------------------ listing pages

  private async scanListing(): Promise<void> {
    const tExtract = performance.now();
    let lite: ListingLite;
    try {
      lite = listingLite(extractListing(liveDocument(), this.adapter, { fetchedAt: new Date().toISOString() }));
    } catch {
      return; // nothing readable yet (a page drawn by script): the observer calls again
    }
    const extractMs = performance.now() - tExtract;
    const known = this.verdicts.get(lite.url);
    if (known && known.lite.title === lite.title && known.lite.price === lite.price) return;
    const tMatch = performance.now();
    const reply = await this.match([lite]);
    const matchMs = performance.now() - tMatch;
    const backgroundMs = reply.backgroundMs;
    const v: Verdict = { lite, match: reply.results[0] ?? null, from: 'page', checking: false };
    this.verdicts.clear();
    this.verdicts.set(lite.url, v);

    const tRender = performance.now();
    const info = this.info(v);
    const titleSel = this.adapter.fields.title?.selector;
    const anchor = (titleSel ? document.querySelector(titleSel) : null) ?? document.body;
    if (this.listingBadge && (!info || this.listingBadge.anchor !== anchor)) {
      (await this.listingBadge.badge).remove();
      this.listingBadge = undefined;
    }
    if (info) {
      if (this.listingBadge) (await this.listingBadge.badge).update(info);
      else this.listingBadge = { anchor, badge: mountBadge(this.ctx, anchor, anchor === document.body ? 'first' : 'last', info, (i, b) => void this.flag(v, i, b)) };
      await this.listingBadge.badge;
    }
    const renderMs = performance.now() - tRender;
    this.timings ??= { firstBadgesMs: performance.now() - this.t0, extractMs, matchMs, backgroundMs, renderMs };
    await this.report();
  }

  // ------------------------------------------------------------ flag, report, snapshot

  private async flag(v: Verdict, info: BadgeInfo, badge: Badge): Promise<void> {
    badge.status('Capturing evidence…');
    try {
      const r = await startFlag(v.lite, serializePage(BADGE_TAG), info.match.itemId);
      badge.status(r.screenshot ? 'Evidence captured; finish in the flag window.' : 'Page captured (no screenshot); finish in the flag window.');
    } catch (e) {
      badge.status(`Could not flag: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private suspects(): Suspect[] {
    const out = new Map<string, Suspect>();
    for (const [url, v] of this.verdicts) {
      if (this.kind === 'search' && ![...this.cards.values()].some((c) => c.url === url)) continue;
      const info = this.info(v);
      if (info) out.set(url, { url, title: v.lite.title, score: info.match.score, itemId: info.match.itemId, itemTitle: info.match.itemTitle, from: v.from });
    }
    return [...out.values()];
  }

  private async report(): Promise<void> {
    if (this.stopped || !this.timings) return;
    const listings = this.kind === 'search' ? new Set([...this.cards.values()].map((c) => c.url)).size : this.verdicts.size;
    await reportScan({
      url: location.href,
      pageKind: this.kind,
      site: this.adapter.id,
      listings,
      suspects: this.suspects(),
      pending: this.verifyQueue.length + this.verifying,
      timings: this.timings,
      catalogueItems: this.catalogueItems,
    }).catch(() => undefined);
  }

  /** The page for a flag: its HTML now, and the listing (this page's, or the search result `listingUrl`). */
  snapshot(listingUrl?: string): PageSnapshot {
    const listing = listingUrl ? this.verdicts.get(listingUrl) : this.kind === 'listing' ? [...this.verdicts.values()][0] : undefined;
    return {
      url: location.href,
      title: document.title,
      html: serializePage(BADGE_TAG),
      ...(listing ? { listing: listing.lite } : {}),
      ...(listing?.match ? { itemId: listing.match.itemId } : {}),
    };
  }
}
