/**
 * Evidence bytes waiting to be uploaded, in IndexedDB (content-addressed by
 * SHA-256), so a flag made offline survives a browser restart with its
 * screenshot and page. storage.local keeps only the small records.
 */
const DB = 'counterscan';
const STORE = 'evidence';

export interface StoredEvidence {
  sha256: string;
  contentType: string;
  bytes: ArrayBuffer;
}

let opening: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'sha256' });
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

export const evidenceDb = {
  put: (e: StoredEvidence) => run('readwrite', (s) => s.put(e)).then(() => undefined),
  get: (sha256: string) =>
    run<StoredEvidence | undefined>('readonly', (s) => s.get(sha256) as IDBRequest<StoredEvidence | undefined>),
  delete: (sha256: string) => run('readwrite', (s) => s.delete(sha256)).then(() => undefined),
  keys: () => run<IDBValidKey[]>('readonly', (s) => s.getAllKeys()).then((keys) => keys.map(String)),
};
