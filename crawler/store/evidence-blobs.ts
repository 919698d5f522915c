import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from './db';

/**
 * Where evidence bytes live, by SHA-256. The evidence table says what a capture is;
 * a blob store only keeps its bytes. Callers pass hashes they computed themselves.
 */
export interface EvidenceBlobs {
  /** `files` (one machine's disk) or `database` (shared by every process on one PostgreSQL). */
  readonly kind: EvidenceStorageKind;
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  get(sha256: string): Promise<Uint8Array | null>;
}

export type EvidenceStorageKind = 'files' | 'database';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Only a 64-hex name ever becomes a path or a key, whatever the database holds. */
function checked(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return sha256;
}

const pathIn = (dir: string, sha256: string) => join(dir, checked(sha256).slice(0, 2), sha256);
/** A file's temporary name while it is written: a reader never sees half a file under a valid hash. */
const tmpOf = (path: string) => `${path}.${randomBytes(6).toString('hex')}.tmp`;

/**
 * `put` of `fileEvidenceBlobs(dir)`, blocking: for the embedded store's thread (pglite-worker.ts),
 * which writes the files of the store it runs so the caller's thread spends no time on them.
 */
export function putBlobFileSync(dir: string, sha256: string, bytes: Uint8Array): void {
  const path = pathIn(dir, sha256);
  const tmp = tmpOf(path);
  try {
    writeFileSync(tmp, bytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
    writeFileSync(tmp, bytes);
  }
  renameSync(tmp, path);
}

/** `<dir>/<first two hex>/<sha256>`: fine for one machine, invisible to the rest of a fleet. */
export function fileEvidenceBlobs(
  dir: string,
  put?: (sha256: string, bytes: Uint8Array) => Promise<void>,
): EvidenceBlobs {
  const pathOf = (sha256: string) => pathIn(dir, sha256);
  return {
    kind: 'files',
    put:
      put ??
      (async (sha256, bytes) => {
        const path = pathOf(sha256);
        // Write then rename, so a reader never sees half a file under a valid hash.
        const tmp = tmpOf(path);
        try {
          await writeFile(tmp, bytes);
        } catch (err) {
          // The folder is made when a write first needs it, not before every write.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
          await writeFile(tmp, bytes);
        }
        await rename(tmp, path);
      }),
    async get(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/**
 * Bytes in the store's own database (`evidence_blobs`), so every worker and API process of a
 * fleet reads what any of them captured, and a backup of the database is a backup of the evidence.
 */
export function databaseEvidenceBlobs(db: Queryable): EvidenceBlobs {
  return {
    kind: 'database',
    async put(sha256, bytes) {
      await db.query('INSERT INTO evidence_blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [
        checked(sha256),
        bytes,
      ]);
    },
    async get(sha256) {
      const { rows } = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM evidence_blobs WHERE sha256 = $1', [
        checked(sha256),
      ]);
      return rows[0]?.bytes ?? null;
    },
  };
}
