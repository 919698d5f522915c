/**
 * Reads the page with the site's adapter (the same interpreter the crawler
 * runs: the site's embedded state, selectors and code over structured data),
 * asks the background to match what it read, and badges the suspects. On a
 * search page each result is matched at once, with the seller its card names
 * (an authorised seller's result is not a suspect); results that name a
 * catalogue item are then confirmed (or cleared) by reading their listing
 * pages, two at a time. A result is badged on its card (the adapter's
 * `results.item`), else beside its link on the page. Pages that change
 * (infinite scroll, client-side rendering) are scanned again, throttled.
 * With no adapter ("scan this page" elsewhere) the generic extractor reads
 * the page as one listing. Alongside the matching, the review API is asked
 * once per page which listings are known hits (their status shows on the
 * badge) and which sellers are blacklisted; an authorised seller's listing
 * gets a neutral badge instead of none.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { canonicalUrl, type SearchResult } from '../../../shared/extract';
import { extractSiteListing, extractSiteSearch } from '../../../shared/extract/site-page';
import { LISTING_PAGE_TYPES, type PageType, type SiteAdapter } from '../../../shared/sites';
import { liveDocument } from '../live-dom';
import type { HitLookup } from '../api-schemas';
import type { ListingLite, LookupListing, MatchView, PageSnapshot, ScanReport, Suspect } from '../messages';
import { authorisedBy, isAuthorised, isCandidate, isSuspect } from '../verdict';
import { OWN_SELECTOR, mountBadges, type Badge, type BadgeInfo, type BadgePlacement } from './badge';
import { lookupListings, matchListings, matchPhotos, reportScan, startFlag, type MatchReply } from './bridge';
import { ResultLinks } from './result-links';
import { cardImage } from './card-image';
import { cardLite, listingLite } from './listing-lite';
import { serializePage } from './serialize';

const RESCAN_MS = 300;

function canonical(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return canonicalUrl(href, location.href);
  } catch {
    return undefined;
  }
}
const VERIFY_CONCURRENCY = 2;

/** The result card (one of `items`) around a link: one walk up the tree, not a search of every card. */
function cardOf(a: Element, selector: string, items: ReadonlySet<Element>): Element | undefined {
  if (items.size === 0) return undefined;
  try {
    const el = a.closest(selector);
    return el && items.has(el) ? el : undefined;
  } catch {
    return undefined; // a selector only the crawler's engine knows
  }
}

interface Verdict {
  lite: ListingLite;
  match: MatchView | null;
  from: 'page' | 'card';
  /** Listing page being read. */
  checking: boolean;
}

type KnownHit = HitLookup['hits'][number];

/** A listing as the review API is asked about it: its URL, and its seller on its site. */
function lookupOf(l: ListingLite): LookupListing {
  const seller = l.seller && (l.seller.id || l.seller.name) ? l.seller : undefined;
  return {
    url: l.url,
    ...(l.site ? { site: l.site } : {}),
    ...(seller
      ? { seller: { ...(seller.id ? { id: seller.id } : {}), ...(seller.name ? { name: seller.name } : {}) } }
      : {}),
  };
}

/** The seller's key as the store keys it: its id on the site, else its name. */
function sellerKeyOf(l: ListingLite): string | undefined {
  if (!l.site) return undefined;
  const key = l.seller?.id ? l.seller.id : l.seller?.name ? `name:${l.seller.name}` : undefined;
  return key && `${l.site}/${key}`;
}

interface Card {
  el: Element;
  url: string;
  badge?: Badge;
}

export class PageScanner {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly cards = new Map<Element, Card>();
  private readonly seen = new WeakSet<Element>();
  private readonly verifyQueue: string[] = [];
  private readonly verifyAsked = new Set<string>();
  private verifying = 0;
  /** Known hits by listing URL (one per item), and blacklisted sellers (`site/key`), from the review API. */
  private readonly known = new Map<string, KnownHit[]>();
  private readonly blacklisted = new Set<string>();
  private readonly lookedUp = new Set<string>();
  private lookups = 0;
  /** Photo matches asked of the background and not answered yet. */
  private photoLookups = 0;
  private threshold = 0.5;
  private verify = true;
  private catalogueItems = 0;
  private timings: ScanReport['timings'] | undefined;
  private listingBadge: { anchor: Element; badge: Badge } | undefined;
  private rescanTimer: number | undefined;
  private observer: MutationObserver | undefined;
  private stopped = false;
  private firstScan = true;
  private readonly kind: 'listing' | 'search';

  constructor(
    private readonly ctx: ContentScriptContext,
    /** The site's adapter; undefined: the generic extractor reads the page as a listing. */
    private readonly adapter: SiteAdapter | undefined,
    private readonly type: PageType | 'generic',
    /** performance.now() when the content script started. */
    private readonly t0: number,
  ) {
    this.kind = type === 'generic' || LISTING_PAGE_TYPES.includes(type) ? 'listing' : 'search';
  }

  async start(): Promise<void> {
    await this.scan();
    this.observer = new MutationObserver((records) => {
      if (records.every((r) => Array.from(r.addedNodes).every((n) => n instanceof Element && n.matches(OWN_SELECTOR))))
        return;
      this.scheduleRescan();
    });
    this.observer.observe(document.documentElement, { childList: true, subtree: true });
    this.ctx.onInvalidated(() => this.stop());
  }

  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    for (const card of this.cards.values()) card.badge?.remove();
    this.listingBadge?.badge.remove();
    this.listingBadge = undefined;
    this.cards.clear();
  }

  private scheduleRescan(): void {
    if (this.rescanTimer !== undefined || this.stopped) return;
    this.rescanTimer = this.ctx.setTimeout(() => {
      this.rescanTimer = undefined;
      void this.scan().catch((e: unknown) => console.debug('counterscan: rescan failed', e));
    }, RESCAN_MS);
  }

  /** Where a scan's own work began: the content script's start for the first scan (it includes finding the page's
   * adapter), the scan's start after that (the wait between them is not the script's work). */
  private workSince(scanStart: number): number {
    const since = this.firstScan ? this.t0 : scanStart;
    this.firstScan = false;
    return since;
  }

  /**
   * The first pass's timings, once: its own work is the reading before the background was asked (`readMs`) and
   * everything from its answer (`tAnswer`) to now.
   */
  private firstBadges(
    t: Pick<ScanReport['timings'], 'extractMs' | 'matchMs' | 'backgroundMs'> & {
      readMs: number;
      tExtract: number;
      tAnswer: number;
      tRender: number;
    },
  ) {
    const { readMs, tExtract, tAnswer, tRender, ...parts } = t;
    const now = performance.now();
    this.timings ??= {
      firstBadgesMs: now - this.t0,
      scriptMs: readMs + (now - tAnswer),
      startMs: tExtract - this.t0,
      renderMs: now - tRender,
      ...parts,
    };
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

  private linkOf(el: Element, adapter: SiteAdapter, links: ResultLinks): string | undefined {
    const sel = adapter.results.link;
    let node: Element | null = el;
    if (sel.selector.trim() !== '') {
      try {
        node = el.querySelector(sel.selector);
      } catch {
        return undefined; // a selector only the crawler's engine knows
      }
    }
    const href = canonical(node?.getAttribute(sel.attr ?? 'href'));
    return href === undefined ? undefined : links.resultOf(href);
  }

  /**
   * Where each result shows on the page: its card (the adapter's
   * `results.item` whose link is the result's), else the element around a
   * link to it — results read from the page's state (Walmart, YouTube) may be
   * drawn by markup the adapter's selectors do not know.
   */
  private placesOf(results: Map<string, SearchResult>, adapter: SiteAdapter): Map<Element, string> {
    const out = new Map<Element, string>();
    const placed = new Set<string>();
    const links = new ResultLinks(new Set(results.keys()));
    let items: Element[] = [];
    try {
      items = Array.from(document.querySelectorAll(adapter.results.item));
    } catch {
      items = [];
    }
    for (const el of items) {
      const url = this.linkOf(el, adapter, links);
      if (!url) continue;
      out.set(el, url);
      placed.add(url);
    }
    if (placed.size >= results.size) return out;
    const itemSet = new Set(items);
    for (const a of Array.from(document.querySelectorAll('a[href]'))) {
      if (a.closest(OWN_SELECTOR)) continue;
      const href = canonical(a.getAttribute('href'));
      const url = href === undefined ? undefined : links.resultOf(href);
      if (!url || placed.has(url)) continue;
      const el = cardOf(a, adapter.results.item, itemSet) ?? a.parentElement ?? a;
      if (out.has(el)) continue;
      out.set(el, url);
      placed.add(url);
    }
    return out;
  }

  private async scanSearch(): Promise<void> {
    const adapter = this.adapter!;
    const tExtract = performance.now();
    const page = extractSiteSearch(liveDocument(), adapter, this.type as PageType);
    const results = new Map<string, SearchResult>((page.results ?? []).map((r) => [r.url, r]));
    // Every result not matched yet goes to the background at once, in one message; the cards are found on the
    // page while it matches (a result whose card appears later, by infinite scroll, is known by then).
    const lites = [...results.values()]
      .filter((r) => !this.verdicts.has(r.url))
      .map((r) => cardLite(r, adapter))
      .filter((l) => l.title !== '');
    const tMatch = performance.now();
    const asked = lites.length > 0 ? this.match(lites) : undefined;
    this.lookup(lites);

    const fresh: Card[] = [];
    for (const [el, url] of this.placesOf(results, adapter)) {
      if (this.seen.has(el)) continue;
      this.seen.add(el);
      const card: Card = { el, url };
      this.cards.set(el, card);
      fresh.push(card);
    }
    // Cards the page removed (re-rendered lists) drop their badges.
    for (const [el, card] of this.cards) {
      if (!el.isConnected) {
        card.badge?.remove();
        this.cards.delete(el);
      }
    }
    const extractMs = performance.now() - tExtract;
    const readMs = performance.now() - this.workSince(tExtract);

    let backgroundMs = 0;
    let tAnswer = performance.now();
    if (asked) {
      const reply = await asked;
      tAnswer = performance.now();
      backgroundMs = reply.backgroundMs;
      lites.forEach((lite, i) =>
        this.verdicts.set(lite.url, { lite, match: reply.results[i] ?? null, from: 'card', checking: false }),
      );
    }
    const matchMs = performance.now() - tMatch;

    const tRender = performance.now();
    this.applyCards(fresh);
    this.firstBadges({ readMs, tExtract, tAnswer, tRender, extractMs, matchMs, backgroundMs });
    this.matchCardPhotos(fresh);

    // Results shown on a card that name a catalogue item: read their listing pages, once each.
    for (const url of new Set(fresh.map((c) => c.url))) {
      const v = this.verdicts.get(url);
      if (!v || this.verifyAsked.has(url) || !this.verify || !isCandidate(v.match)) continue;
      this.verifyAsked.add(url);
      v.checking = true;
      this.verifyQueue.push(url);
    }
    await this.report();
    this.pumpVerify();
  }

  /** The known hit on a listing: the one for the item the matcher chose, else the first the API gave. */
  private hitOf(v: Verdict): KnownHit | undefined {
    const hits = this.known.get(v.lite.url);
    return hits?.find((h) => h.itemId === v.match?.itemId) ?? hits?.[0];
  }

  /**
   * What a listing's badge shows, if any. The reviewers' word comes first: a known hit is badged with its
   * state (a dismissed one only where the matcher would badge it anyway); then an authorised listing gets the
   * neutral badge; then the matcher's suspects.
   */
  private info(v: Verdict): BadgeInfo | undefined {
    const hit = this.hitOf(v);
    const key = sellerKeyOf(v.lite);
    const sellerBlacklisted = (hit?.sellerBlacklisted ?? false) || (key !== undefined && this.blacklisted.has(key));
    const base = {
      from: v.from,
      checking: v.checking,
      ...(hit ? { hit: { id: hit.id, status: hit.status } } : {}),
      ...(sellerBlacklisted ? { sellerBlacklisted } : {}),
    };
    const suspect = !!v.match && isSuspect(v.match, v.from, this.threshold);
    if (hit && (hit.status !== 'dismissed' || suspect)) {
      const match = v.match && !isAuthorised(v.match) ? v.match : undefined;
      return {
        kind: 'suspect',
        match: match ?? {
          itemId: hit.itemId,
          itemTitle: hit.itemTitle,
          holder: '',
          score: hit.score,
          signals: [],
          marks: { infringement: false, identifies: false },
        },
        ...base,
      };
    }
    if (v.match && isAuthorised(v.match)) {
      const by = authorisedBy(v.match);
      return { kind: 'authorised', match: v.match, ...(by ? { authorisedBy: by } : {}), ...base };
    }
    return suspect ? { kind: 'suspect', match: v.match!, ...base } : undefined;
  }

  /** Ask the review API about listings not asked about yet (one request for all of them); re-badge on the answer. */
  private lookup(lites: ListingLite[]): void {
    const fresh = lites.filter((l) => !this.lookedUp.has(l.url));
    if (fresh.length === 0) return;
    for (const l of fresh) this.lookedUp.add(l.url);
    this.lookups++;
    void lookupListings(fresh.map(lookupOf))
      .then((r) => {
        if (this.stopped || !r.known) return;
        for (const hit of r.hits) this.known.set(hit.url, [...(this.known.get(hit.url) ?? []), hit]);
        for (const s of r.blacklistedSellers) this.blacklisted.add(`${s.site}/${s.key}`);
        this.rebadge(new Set(fresh.map((l) => l.url)));
      })
      .catch(() => undefined) // no server, offline: the matcher's badges stand
      .finally(() => {
        this.lookups--;
        void this.report();
      });
  }

  private rebadge(urls: ReadonlySet<string>): void {
    if (this.kind === 'listing') {
      const v = [...this.verdicts.values()][0];
      if (v && urls.has(v.lite.url)) this.applyListing(v);
      return;
    }
    this.applyCards([...this.cards.values()].filter((c) => urls.has(c.url)));
  }

  /** Bring the cards' badges up to date: changed ones updated or removed, and every new one mounted in one batch. */
  private applyCards(cards: readonly Card[]): void {
    const mounting: Card[] = [];
    const placements: BadgePlacement[] = [];
    for (const card of cards) {
      const v = this.verdicts.get(card.url);
      const info = v ? this.info(v) : undefined;
      if (card.badge && (!info || card.badge.kind !== info.kind)) {
        card.badge.remove();
        card.badge = undefined;
      }
      if (!info) continue;
      if (card.badge) card.badge.update(info);
      else {
        mounting.push(card);
        placements.push({ anchor: card.el, append: 'first', info, onFlag: (i, b) => void this.flag(v!, i, b) });
      }
    }
    mountBadges(this.ctx, placements).forEach((badge, i) => (mounting[i]!.badge = badge));
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
      const listing = extractSiteListing(liveDocument(doc, url), this.adapter, { fetchedAt: new Date().toISOString() });
      // The card's URL is the one on the page, whatever the listing calls itself.
      const lite = { ...listingLite(listing), url };
      const reply = await this.match([lite]);
      Object.assign(v, { lite, match: reply.results[0] ?? null, from: 'page', checking: false });
      this.matchPhotos([lite]);
    } catch {
      // Unreadable listing page (JavaScript-only, gone, not a listing): the card's verdict stands.
      v.checking = false;
    }
    if (this.stopped) return;
    this.applyCards([...this.cards.values()].filter((c) => c.url === url));
  }

  // ------------------------------------------------------------ listing pages

  private async scanListing(): Promise<void> {
    const tExtract = performance.now();
    let lite: ListingLite;
    try {
      const type = this.type === 'generic' ? undefined : this.type;
      lite = listingLite(
        extractSiteListing(liveDocument(), this.adapter, { fetchedAt: new Date().toISOString() }, type),
      );
    } catch {
      this.firstScan = false; // the wait until the observer calls again is not the script's work
      return; // nothing readable yet (a page drawn by script): the observer calls again
    }
    const extractMs = performance.now() - tExtract;
    const readMs = performance.now() - this.workSince(tExtract);
    const known = this.verdicts.get(lite.url);
    if (known && known.lite.title === lite.title && known.lite.price === lite.price) return;
    const tMatch = performance.now();
    const reply = await this.match([lite]);
    const tAnswer = performance.now();
    const matchMs = tAnswer - tMatch;
    const backgroundMs = reply.backgroundMs;
    const v: Verdict = { lite, match: reply.results[0] ?? null, from: 'page', checking: false };
    this.verdicts.clear();
    this.verdicts.set(lite.url, v);
    this.lookup([lite]);

    const tRender = performance.now();
    this.applyListing(v);
    this.firstBadges({ readMs, tExtract, tAnswer, tRender, extractMs, matchMs, backgroundMs });
    this.matchPhotos([lite]);
    await this.report();
  }

  private applyListing(v: Verdict): void {
    const info = this.info(v);
    const anchor = this.titleElement() ?? document.body;
    if (
      this.listingBadge &&
      (!info || this.listingBadge.anchor !== anchor || this.listingBadge.badge.kind !== info.kind)
    ) {
      this.listingBadge.badge.remove();
      this.listingBadge = undefined;
    }
    if (!info) return;
    if (this.listingBadge) this.listingBadge.badge.update(info);
    else {
      const append = anchor === document.body ? 'first' : 'last';
      const [badge] = mountBadges(this.ctx, [{ anchor, append, info, onFlag: (i, b) => void this.flag(v, i, b) }]);
      this.listingBadge = { anchor, badge: badge! };
    }
  }

  /**
   * Where a listing page's badge goes: beside the site's title (its `select` or `fields` selector), else the page's
   * first heading.
   */
  private titleElement(): Element | null {
    const sel = this.adapter?.select?.title;
    const selectors = [
      ...(Array.isArray(sel) ? sel : sel ? [sel] : []),
      ...(this.adapter?.fields.title ? [this.adapter.fields.title] : []),
    ].map((s) => s.selector);
    for (const s of [...selectors, 'h1']) {
      try {
        const el = document.querySelector(s);
        if (el && el.localName !== 'meta' && el.localName !== 'script' && el.localName !== 'title') return el;
      } catch {
        // a selector only the crawler's engine knows
      }
    }
    return null;
  }

  // ------------------------------------------------------------ photos

  /** Fresh cards' photos (the card's own picture, when it shows one) matched against the reference photos. */
  private matchCardPhotos(fresh: Card[]): void {
    const lites: ListingLite[] = [];
    for (const c of fresh) {
      const v = this.verdicts.get(c.url);
      if (!v || v.from !== 'card' || v.lite.images?.length) continue;
      const image = cardImage(c.el);
      if (!image) continue;
      v.lite.images = [image];
      lites.push(v.lite);
    }
    this.matchPhotos(lites);
  }

  /**
   * The listings' photos matched in the background against the reference
   * photos: one that reuses a holder's photo gets the image_match signal and
   * the crawler's score for the same listing and photo. The text verdict is
   * badged first; this may only upgrade it, once the photos are fetched and
   * hashed (a listing read again since keeps its newer verdict).
   */
  private matchPhotos(lites: ListingLite[]): void {
    const asked = lites.filter((l) => l.images?.length);
    if (asked.length === 0 || this.catalogueItems === 0) return;
    this.photoLookups++;
    void matchPhotos(asked)
      .then(async (r) => {
        if (this.stopped) return;
        const changed = new Set<string>();
        asked.forEach((lite, i) => {
          const v = this.verdicts.get(lite.url);
          const m = r.results[i];
          if (!m || !v || v.lite !== lite) return;
          v.match = m;
          changed.add(lite.url);
        });
        if (changed.size > 0) await this.rebadge(changed);
      })
      .catch(() => undefined) // photos unreadable, background busy: the text verdicts stand
      .finally(() => {
        this.photoLookups--;
        void this.report();
      });
  }

  // ------------------------------------------------------------ flag, report, snapshot

  private async flag(v: Verdict, info: BadgeInfo, badge: Badge): Promise<void> {
    badge.status('Capturing evidence…');
    try {
      const r = await startFlag(v.lite, serializePage(OWN_SELECTOR), info.match.itemId);
      badge.status(
        r.screenshot
          ? 'Evidence captured; finish in the flag window.'
          : 'Page captured (no screenshot); finish in the flag window.',
      );
    } catch (e) {
      badge.status(`Could not flag: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The badges on the page: suspects (known hits included) and authorised listings. */
  private badged(): { suspects: Suspect[]; authorised: ScanReport['authorised'] } {
    const suspects: Suspect[] = [];
    const authorised: ScanReport['authorised'] = [];
    const shown = this.kind === 'search' ? new Set([...this.cards.values()].map((c) => c.url)) : undefined;
    for (const [url, v] of this.verdicts) {
      if (shown && !shown.has(url)) continue;
      const info = this.info(v);
      if (info?.kind === 'authorised') authorised.push({ url, itemId: info.match.itemId, by: info.authorisedBy ?? '' });
      else if (info)
        suspects.push({
          url,
          title: v.lite.title,
          score: info.match.score,
          itemId: info.match.itemId,
          itemTitle: info.match.itemTitle,
          from: v.from,
          ...(info.hit ? { state: info.hit.status } : {}),
          ...(info.sellerBlacklisted ? { sellerBlacklisted: true } : {}),
        });
    }
    return { suspects, authorised };
  }

  private async report(): Promise<void> {
    if (this.stopped || !this.timings) return;
    const listings =
      this.kind === 'search' ? new Set([...this.cards.values()].map((c) => c.url)).size : this.verdicts.size;
    await reportScan({
      url: location.href,
      pageKind: this.kind,
      site: this.adapter?.id ?? 'generic',
      listings,
      ...this.badged(),
      // The review API's answer counts too: a scan is complete once the badges show the hits' states.
      pending: this.verifyQueue.length + this.verifying + this.lookups + this.photoLookups,
      timings: this.timings,
      catalogueItems: this.catalogueItems,
    }).catch(() => undefined);
  }

  /** The page for a flag: its HTML now, and the listing (this page's, or the search result `listingUrl`). */
  snapshot(listingUrl?: string): PageSnapshot {
    const listing = listingUrl
      ? this.verdicts.get(listingUrl)
      : this.kind === 'listing'
        ? [...this.verdicts.values()][0]
        : undefined;
    return {
      url: location.href,
      title: document.title,
      html: serializePage(OWN_SELECTOR),
      ...(listing ? { listing: listing.lite } : {}),
      ...(listing?.match ? { itemId: listing.match.itemId } : {}),
    };
  }
}
