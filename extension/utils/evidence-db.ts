/**
 * Evidence bytes waiting to be uploaded, in IndexedDB (content-addressed by
 * SHA-256), so a flag made offline survives a browser restart with its
 * screenshot and page. storage.local keeps only the small records.
 */
import { idbStore } from './idb-store';

const DB = 'counterscan';
const STORE = 'evidence';

export interface StoredEvidence {
  sha256: string;
  contentType: string;
  bytes: ArrayBuffer;
}

const run = idbStore(DB, STORE, { keyPath: 'sha256' });

export const evidenceDb = {
  put: (e: StoredEvidence) => run('readwrite', (s) => s.put(e)).then(() => undefined),
  get: (sha256: string) =>
    run<StoredEvidence | undefined>('readonly', (s) => s.get(sha256) as IDBRequest<StoredEvidence | undefined>),
  delete: (sha256: string) => run('readwrite', (s) => s.delete(sha256)).then(() => undefined),
  keys: () => run<IDBValidKey[]>('readonly', (s) => s.getAllKeys()).then((keys) => keys.map(String)),
};
