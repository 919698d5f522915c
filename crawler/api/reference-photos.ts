import { loadReferenceImageIndex, type ReferenceImageIndex } from '../image';
import type { Store } from '../store';

/**
 * The API's index of hashed reference photos (every holder's: lookups are
 * filtered to the caller's items), built on first use like the matchers. A
 * photo uploaded through the API drops it; photos the crawler hashed are
 * picked up within `maxAgeMs`.
 */
export class ReferencePhotos {
  private entry: { at: number; value: Promise<ReferenceImageIndex> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(): Promise<ReferenceImageIndex> {
    if (this.entry && Date.now() - this.entry.at < this.maxAgeMs) return this.entry.value;
    const value = loadReferenceImageIndex(this.store);
    value.catch(() => (this.entry = undefined));
    this.entry = { at: Date.now(), value };
    return value;
  }

  invalidate(): void {
    this.entry = undefined;
  }
}
