/**
 * The reference photos' hashes synced from the review API, in IndexedDB (its
 * own database: ~7 KB a photo would crowd storage.local's quota), as the API
 * sent them; the background decodes them into its index.
 */
import type { ReferenceHashWire } from '../../shared/image/wire';

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

let opening: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = undefined;
      reject(req.error ?? new Error('cannot open IndexedDB'));
    };
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const photoDb = {
  put: (set: ReferencePhotoSet) => run('readwrite', (s) => s.put(set, KEY)).then(() => undefined),
  get: () =>
    run<ReferencePhotoSet | undefined>('readonly', (s) => s.get(KEY) as IDBRequest<ReferencePhotoSet | undefined>),
};
