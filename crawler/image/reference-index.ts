import { ReferenceImageIndex } from '../../shared/image/reference-index';
import { HASH_VERSION } from '../../shared/image/image-hash';
import type { Store } from '../store';

export { ReferenceImageIndex } from '../../shared/image/reference-index';

/** The index over every reference photo the store has hashed with the current hash function. */
export async function loadReferenceImageIndex(store: Pick<Store, 'images'>): Promise<ReferenceImageIndex> {
  return new ReferenceImageIndex(await store.images.references(HASH_VERSION));
}
