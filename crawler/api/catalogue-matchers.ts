import { Matcher } from '../../shared/match';
import type { CatalogueItem } from '../../shared/model';
import type { Store } from '../store';

/**
 * The API's matchers, one per holder (and one over every holder), built on
 * first use. A catalogue change through the API drops them all; a change made
 * elsewhere (CLI import) is picked up within `maxAgeMs`.
 */
export class CatalogueMatchers {
  private entries = new Map<string, { at: number; value: Promise<{ items: CatalogueItem[]; matcher: Matcher }> }>();

  constructor(
    private readonly store: Store,
    private readonly threshold: number,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(holderId: string | null): Promise<{ items: CatalogueItem[]; matcher: Matcher }> {
    const key = holderId ?? '*';
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.value;
    const value = this.store.catalogue
      .items(holderId ? { holder: holderId } : {})
      .then((items) => ({ items, matcher: new Matcher(items, { threshold: this.threshold }) }));
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
