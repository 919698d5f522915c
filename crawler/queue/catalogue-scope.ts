import { Matcher } from '../../shared/match';
import { loadReferenceImageIndex, type ReferenceImageIndex } from '../image';
import { loadSellerBoostIndex } from '../sellers';
import type { SellerBoostIndex } from '../pipeline';
import type { CatalogueItem } from '../../shared/model';
import type { Store } from '../store';
import type { CatalogueScope } from './registry';

export function inScope(item: CatalogueItem, scope: CatalogueScope): boolean {
  if (scope.holders?.length && !scope.holders.includes(item.holder)) return false;
  if (scope.items?.length && !scope.items.includes(item.id)) return false;
  if (scope.categories?.length && !(item.category && scope.categories.includes(item.category))) return false;
  return true;
}

/**
 * One matcher per catalogue scope per worker, built on first use and rebuilt
 * after `maxAgeMs`, so catalogue edits reach running workers without a
 * restart while the costly index is not rebuilt per job.
 */
export class MatcherCache {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<{ items: CatalogueItem[]; matcher: Matcher }> }
  >();

  constructor(
    private readonly store: Store,
    private readonly threshold: number,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  private sellerIndex?: { at: number; value: Promise<SellerBoostIndex> };

  /** The blacklisted sellers whose new listings score higher, reloaded after `maxAgeMs` like the matchers. */
  sellers(): Promise<SellerBoostIndex> {
    if (this.sellerIndex && Date.now() - this.sellerIndex.at < this.maxAgeMs) return this.sellerIndex.value;
    const value = loadSellerBoostIndex(this.store);
    value.catch(() => (this.sellerIndex = undefined));
    this.sellerIndex = { at: Date.now(), value };
    return value;
  }

  private imageIndex?: { at: number; value: Promise<ReferenceImageIndex> };

  /** The catalogue's hashed photos, reloaded after `maxAgeMs` (or `forgetImages`) like the matchers. */
  images(): Promise<ReferenceImageIndex> {
    if (this.imageIndex && Date.now() - this.imageIndex.at < this.maxAgeMs) return this.imageIndex.value;
    const value = loadReferenceImageIndex(this.store);
    value.catch(() => (this.imageIndex = undefined));
    this.imageIndex = { at: Date.now(), value };
    return value;
  }

  /** The photos changed (a refresh hashed some): the next listing loads them again. */
  forgetImages(): void {
    this.imageIndex = undefined;
  }

  get(scope: CatalogueScope): Promise<{ items: CatalogueItem[]; matcher: Matcher }> {
    const key = JSON.stringify([scope.holders ?? [], scope.items ?? [], scope.categories ?? []]);
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.value;
    const value = this.store.catalogue.items().then((all) => {
      const items = all.filter((i) => inScope(i, scope));
      return { items, matcher: new Matcher(items, { threshold: this.threshold }) };
    });
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }
}
