/**
 * The signed-in holder's catalogue, synced from the review API and cached in
 * storage.local so pages are badged offline too; and the Matcher built from
 * it, kept in memory while the service worker lives.
 */
import { Matcher, type MatchResult } from '../../../shared/match';
import { authorisedFor, bestWithPhotos, type ListingImageMatch } from '../../../shared/match/image-signal';
import type { CatalogueItem } from '../../../shared/model';
import { ApiClient } from '../../utils/api-client';
import { marksOf } from '../../utils/match-marks';
import type { ListingLite, MatchView } from '../../utils/messages';
import { catalogueItem, getSettings, settingsItem, syncErrorItem, type CatalogueCache } from '../../utils/settings';

const MAX_ITEMS = 100_000;

export async function syncCatalogue(): Promise<CatalogueCache> {
  const s = await getSettings();
  if (!s.apiUrl || !s.token) throw new Error('Set the API URL and token in the options first.');
  const api = new ApiClient(s.apiUrl, s.token);
  try {
    const me = await api.me();
    const items: CatalogueItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.items(cursor, me.role === 'holder' ? (me.holderId ?? undefined) : undefined);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < MAX_ITEMS);
    const cache: CatalogueCache = { apiUrl: api.baseUrl, me, items, syncedAt: new Date().toISOString() };
    await catalogueItem.setValue(cache);
    await syncErrorItem.setValue(null);
    return cache;
  } catch (e) {
    await syncErrorItem.setValue(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

interface Built {
  matcher: Matcher;
  items: Map<string, CatalogueItem>;
  threshold: number;
  verifyListings: boolean;
  /** Who may sell what, for photo matches (made on the first one). */
  authorised?: ReturnType<typeof authorisedFor>;
}
let built: Promise<Built | undefined> | undefined;

/** A new catalogue or threshold rebuilds the matcher on next use. */
export function watchCatalogue(): void {
  catalogueItem.watch(() => (built = undefined));
  settingsItem.watch(() => (built = undefined));
}

async function build(): Promise<Built | undefined> {
  const [cache, settings] = await Promise.all([catalogueItem.getValue(), getSettings()]);
  if (!cache || cache.items.length === 0) return undefined;
  const matcher = new Matcher(cache.items, { threshold: settings.threshold });
  // The first match pays for lazy set-up (look-alike tables); do it now, not on a page.
  matcher.match({ title: cache.items[0]?.title ?? 'warm-up' });
  return {
    matcher,
    items: new Map(cache.items.map((i) => [i.id, i])),
    threshold: settings.threshold,
    verifyListings: settings.verifyListings,
  };
}

async function current(): Promise<Built | undefined> {
  built ??= build().catch((e: unknown) => {
    built = undefined;
    throw e;
  });
  return built;
}

/** Build the matcher ahead of the first page (service worker start, after a sync). */
export function warmMatcher(): void {
  void current().catch(() => undefined);
}

function view(b: Built, r: MatchResult): MatchView {
  const item = b.items.get(r.itemId);
  const v: MatchView = {
    itemId: r.itemId,
    itemTitle: item?.title ?? r.itemId,
    holder: item?.holder ?? '',
    score: r.score,
    signals: r.signals,
    marks: marksOf(r.signals),
  };
  return r.outcome ? { ...v, outcome: r.outcome } : v;
}

export interface MatchAnswer {
  results: (MatchView | null)[];
  threshold: number;
  catalogueItems: number;
  verifyListings: boolean;
}

/** Best match of each listing (null when nothing scored above zero), with the settings the content script needs. */
export async function matchListings(listings: ListingLite[]): Promise<MatchAnswer> {
  const b = await current();
  if (!b) return { results: listings.map(() => null), threshold: 0.5, catalogueItems: 0, verifyListings: false };
  const results = listings.map((l) => {
    const [top] = b.matcher.match(l, 1);
    return top ? view(b, top) : null;
  });
  return { results, threshold: b.threshold, catalogueItems: b.items.size, verifyListings: b.verifyListings };
}

/** Up to `limit` candidate items for a listing, best first (the flag dialog's pre-selection). */
export async function candidatesFor(listing: ListingLite, limit = 5): Promise<MatchView[]> {
  const b = await current();
  if (!b) return [];
  return b.matcher.match(listing, limit).map((r) => view(b, r));
}

/**
 * A listing's best match with its photos' matches added, as the crawler's
 * match stage makes it before the seller's standing (bestWithPhotos): the
 * same listing and photo get the same score and image_match signal. Null when
 * nothing scored above zero.
 */
export async function matchWithPhotos(listing: ListingLite, photos: ListingImageMatch[]): Promise<MatchView | null> {
  const b = await current();
  if (!b) return null;
  b.authorised ??= authorisedFor([...b.items.values()]);
  const top = bestWithPhotos(b.matcher, listing, photos, b.authorised);
  return top ? view(b, top) : null;
}
