/**
 * Evidence storage behind one interface: files on one machine, the database for a fleet.
 * Two store instances with different evidence folders stand for two machines.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../crawler/store';
import { createTestDatabase, type TestDatabase } from './helpers/fleet';

const meta = {
  kind: 'html' as const,
  contentType: 'text/html',
  capturedAt: '2026-12-01T00:00:00Z',
  listingUrl: 'https://shop.example/p/1',
};
const bytes = new TextEncoder().encode('<html><title>Rolex Submariner replica</title></html>');
const sha = createHash('sha256').update(bytes).digest('hex');

describe.each(['pglite', 'postgres'] as const)('evidence storage on %s', (kind) => {
  let db: TestDatabase | undefined;
  let root: string;
  const stores: Store[] = [];
  const open = async (evidenceStore: 'files' | 'database', machine: string) => {
    const s = await openStore({
      dataDir: kind === 'postgres' ? root : join(root, 'pglite-shared'),
      databaseUrl: db?.url,
      evidenceDir: join(root, machine),
      evidenceStore,
    });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cs-evidence-'));
    if (kind === 'postgres') db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('database: what one process captured, another reads, and no file is written', async () => {
    const a = await open('database', 'machine-a');
    expect(await a.evidence.save(bytes, meta)).toBe(sha);
    if (kind === 'pglite') {
      // PGlite is one process: the second "machine" is the same store with another folder.
      expect(Buffer.from((await a.evidence.read(sha))!.bytes).toString()).toContain('Rolex');
    } else {
      const b = await open('database', 'machine-b');
      const got = await b.evidence.read(sha);
      expect(got?.contentType).toBe('text/html');
      expect(createHash('sha256').update(got!.bytes).digest('hex')).toBe(sha);
    }
    await expect(readdir(join(root, 'machine-a'))).rejects.toThrow(/ENOENT/);
  });

  it(
    'files: bytes under <dir>/<2 hex>/<sha256>; another machine ' + 'without them reads nothing rather than failing',
    async () => {
      const other = new TextEncoder().encode('<html>another capture</html>');
      const otherSha = createHash('sha256').update(other).digest('hex');
      const c = await open('files', 'machine-c');
      await c.evidence.save(other, meta);
      expect(await readdir(join(root, 'machine-c', otherSha.slice(0, 2)))).toEqual([otherSha]);
      if (kind === 'postgres') {
        const d = await open('files', 'machine-d');
        expect(await d.evidence.read(otherSha)).toBeNull();
      }
    },
  );

  it('refuses a key that is not a SHA-256', async () => {
    const s = stores[0]!;
    expect(await s.evidence.read('../../etc/passwd')).toBeNull();
  });
});
