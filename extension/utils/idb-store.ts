/**
 * One IndexedDB object store of the extension's, opened once per context and used one request per
 * transaction (evidence captures, reference photo hashes).
 */
export function idbStore(db: string, store: string, options?: IDBObjectStoreParameters) {
  let opening: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> =>
    (opening ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(db, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store, options);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        // A failed open is tried again by the next call.
        opening = undefined;
        reject(req.error ?? new Error('cannot open IndexedDB'));
      };
    }));
  return async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const database = await open();
    return new Promise((resolve, reject) => {
      const tx = database.transaction(store, mode);
      const req = fn(tx.objectStore(store));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  };
}
