/** The shared extractor's output, trimmed to what the background accepts. */
import type { SearchResult } from '../../../shared/extract';
import type { Listing } from '../../../shared/model';
import type { SiteAdapter } from '../../../shared/sites';
import type { ListingLite } from '../messages';

const cut = (s: string | undefined, n: number) => (s === undefined ? undefined : s.length > n ? s.slice(0, n) : s);

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function listingLite(l: Listing): ListingLite {
  return compact({
    url: l.url,
    title: cut(l.title, 2000) ?? '',
    site: l.site,
    kind: l.kind,
    description: cut(l.description, 20_000),
    price: l.price,
    currency: l.currency,
    seller: l.seller
      ? compact({
          id: cut(l.seller.id, 500),
          name: cut(l.seller.name, 500),
          url: cut(l.seller.url, 4096),
          location: cut(l.seller.location, 500),
        })
      : undefined,
    images: l.images.filter((i) => i.length <= 2000).slice(0, 50),
    durationSeconds: l.durationSeconds,
  });
}

export function cardLite(r: SearchResult, adapter: SiteAdapter): ListingLite {
  return compact({
    url: r.url,
    title: cut(r.title, 2000) ?? '',
    site: adapter.id,
    kind: adapter.kind === 'video' ? ('video' as const) : ('product' as const),
    price: r.price,
    currency: r.currency && /^[A-Z]{3}$/.test(r.currency) ? r.currency : undefined,
    // The card's seller: an authorised seller's result is then no suspect, before its page is read.
    seller: r.seller ? { name: cut(r.seller, 500) } : undefined,
  });
}
