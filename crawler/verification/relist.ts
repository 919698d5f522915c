import { canonicalUrl, extractSearchResults } from '../../shared/extract';
import { normaliseText, type Matcher, type MatchResult } from '../../shared/match';
import type { Listing } from '../../shared/model';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { cheerioDocument } from '../fetch/cheerio-document';
import { HostBusyError } from '../fetch/errors';
import type { FetchedPage } from '../fetch/http-fetcher';
import type { DueHit, Store } from '../store';
import { observe, type PageFetcher } from './observe';
import type { ResolvedVerifyOptions } from './options';
import { titleSimilarity } from './similarity';

/** A listing found to be the removed one put up again. */
export interface Relist {
  url: string;
  listing: Listing;
  page: FetchedPage;
  similarity: number;
  /** Where the candidate came from: a listing already stored (a sweep saw it), or the seller's shop page. */
  via: 'store' | 'seller page';
  /** The matcher's result for the hit's item on the new listing, when a matcher was given. */
  match?: MatchResult;
}

export interface RelistContext {
  store: Pick<Store, 'verifications'>;
  fetcher: PageFetcher;
  adapter: SiteAdapter | undefined;
  options: ResolvedVerifyOptions;
  matcher?: Pick<Matcher, 'match'>;
  throwRetryable?: boolean;
}

interface Candidate {
  url: string;
  title: string;
  similarity: number;
  via: Relist['via'];
}

const sameName = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && normaliseText(a).replace(/\s+/g, '') === normaliseText(b).replace(/\s+/g, '');

/** The same seller: the same seller id on the site when the hit's listing had one, else the same normalised name. */
export function sameSeller(hit: Pick<DueHit, 'sellerId' | 'sellerName'>, listing: Pick<Listing, 'seller'>): boolean {
  if (hit.sellerId) return listing.seller?.id === hit.sellerId;
  return sameName(hit.sellerName, listing.seller?.name);
}

/**
 * Looks for the removed listing put up again: the same seller (same seller
 * id on the site; without one, the same normalised name) selling under
 * another URL something whose title is at least `relistSimilarity` alike
 * (and, with a matcher, still matches the hit's item). Candidates come from
 * listings stored since the notice (sweeps found them) and from the seller's
 * shop page; each is fetched, so only a listing that is up now counts.
 */
export async function findRelist(
  ctx: RelistContext,
  hit: DueHit,
  noticedAt: string | null,
  exclude: ReadonlySet<string>,
): Promise<Relist | undefined> {
  if (!hit.sellerId && !hit.sellerName) return undefined;
  const threshold = ctx.options.relistSimilarity;
  const candidates = new Map<string, Candidate>();
  const consider = (c: Candidate) => {
    if (c.url === hit.listingUrl || exclude.has(c.url) || c.similarity < threshold) return;
    const had = candidates.get(c.url);
    if (!had || had.similarity < c.similarity) candidates.set(c.url, c);
  };

  for (const r of await ctx.store.verifications.relistCandidates(hit, noticedAt))
    consider({ url: r.url, title: r.title, similarity: titleSimilarity(hit.title, r.title), via: 'store' });

  if (ctx.options.searchSellerPage && hit.sellerUrl && ctx.adapter) {
    for (const r of await sellerPageListings(ctx, hit.sellerUrl)) {
      if (r.title)
        consider({ url: r.url, title: r.title, similarity: titleSimilarity(hit.title, r.title), via: 'seller page' });
    }
  }

  const ranked = [...candidates.values()]
    .sort((a, b) => b.similarity - a.similarity || a.url.localeCompare(b.url))
    .slice(0, ctx.options.maxRelistCandidates);
  for (const c of ranked) {
    const seen = await observe(ctx.fetcher, ctx.adapter, c.url, { throwRetryable: ctx.throwRetryable });
    if (seen.state !== 'up' || !seen.listing || !seen.page) continue;
    if (seen.listing.url === hit.listingUrl || exclude.has(seen.listing.url) || !sameSeller(hit, seen.listing))
      continue;
    const similarity = titleSimilarity(hit.title, seen.listing.title);
    if (similarity < threshold) continue;
    let match: MatchResult | undefined;
    if (ctx.matcher) {
      match = ctx.matcher.match(seen.listing, 5).find((m) => m.itemId === hit.itemId);
      if (!match) continue;
    }
    // Stored under the URL the page itself declares, as sweeps store it.
    return {
      url: seen.listing.url,
      listing: seen.listing,
      page: seen.page,
      similarity,
      via: c.via,
      ...(match ? { match } : {}),
    };
  }
  return undefined;
}

/** The listings a seller's shop page links to (read with the adapter's result selectors); none if it cannot be read. */
async function sellerPageListings(ctx: RelistContext, sellerUrl: string): Promise<{ url: string; title?: string }[]> {
  try {
    const page = await ctx.fetcher.get(sellerUrl);
    return (
      extractSearchResults(cheerioDocument(page.body, page.url), ctx.adapter!).results?.map((r) => ({
        url: canonicalUrl(r.url),
        title: r.title,
      })) ?? []
    );
  } catch (err) {
    if (err instanceof HostBusyError) throw err;
    return [];
  }
}
