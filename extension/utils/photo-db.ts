/**
 * The reference photos' hashes synced from the review API, in IndexedDB (its
 * own database: ~20 KB a photo would crowd storage.local's quota), as the API
 * sent them; the background decodes them into its index.
 */
import type { ReferenceHashWire } from '../../shared/image/wire';
import { idbStore } from './idb-store';

const DB = 'counterscan-photos';
const STORE = 'references';
const KEY = 'current';

export interface ReferencePhotoSet {
  apiUrl: string;
  /** The hash function's version the server hashed them with. */
  hashVersion: number;
  images: ReferenceHashWire[];
  syncedAt: string;
}

const run = idbStore(DB, STORE);

export const photoDb = {
  put: (set: ReferencePhotoSet) => run('readwrite', (s) => s.put(set, KEY)).then(() => undefined),
  get: () =>
    run<ReferencePhotoSet | undefined>('readonly', (s) => s.get(KEY) as IDBRequest<ReferencePhotoSet | undefined>),
};
