/**
 * Reference photos after a change of hash function, against the real store
 * (PGlite and PostgreSQL): rows hashed by an older HASH_VERSION are left out
 * of matching (never compared with current hashes), then hashed again — an
 * uploaded photo from the bytes the evidence store kept, a URL's photo
 * fetched again through the fetch stage — with the bits a fresh hash gives;
 * current rows are not touched, and an upload whose bytes are gone is marked
 * failed with the reason.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, loadReferenceImageIndex } from '../../crawler/image';
import { refreshStaleReferences } from '../../crawler/pipeline';
import type { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type Store } from '../../crawler/store';
import { hashImage, hashReference, toHex, windowList, type ReferenceHash } from '../../shared/image';
import { HASH_VERSION } from '../../shared/image/image-hash';
import { CatalogueSchema } from '../../shared/model';
import { syntheticPhoto } from '../fixtures/images/synthetic';
import { toPng } from '../fixtures/images/transforms';
import { createTestDatabase, type TestDatabase } from './helpers/fleet';
import { loopbackFetcher } from './helpers/outbound';

/** A hash as an older hash function would have left it: another version, and bits that are not today's. */
function olderHash(h: ReferenceHash): ReferenceHash {
  const flip = (b: Uint32Array) => b.map((w) => ~w >>> 0);
  return {
    whole: {
      version: HASH_VERSION - 1,
      views: h.whole.views.map((v) => ({ ...v, bits: flip(v.bits), mirror: flip(v.mirror) })),
    },
    windows: { ...h.windows, bits: flip(h.windows.bits) },
  };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const wholeHex = (h: ReferenceHash) => h.whole.views.map((v) => toHex(v.bits));

let server: Server;
let origin: string;
const requests: string[] = [];
let photoPng: Buffer;
let uploadPng: Buffer;

beforeAll(async () => {
  photoPng = await toPng(syntheticPhoto(21));
  uploadPng = await toPng(syntheticPhoto(22));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (req.url === '/bag.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(photoPng);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe.each(['pglite', 'postgres'] as const)('reference photos of an older hash version on %s', (kind) => {
  let db: TestDatabase | undefined;
  let root: string;
  let store: Store;
  let fetcher: PoliteFetcher;
  const catalogue = () =>
    CatalogueSchema.parse({
      holders: [{ id: 'velora', name: 'Velora' }],
      items: [
        {
          id: 'velora-bag',
          holder: 'velora',
          ipType: 'trademark',
          title: 'Velora Aurelia Tote',
          brandTerms: ['Velora'],
          imageUrls: [`${origin}/bag.png`],
        },
      ],
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cs-rehash-'));
    if (kind === 'postgres') db = await createTestDatabase();
    store = await openStore({
      dataDir: kind === 'postgres' ? root : `memory://rehash-${process.pid}`,
      databaseUrl: db?.url,
      evidenceDir: join(root, 'evidence'),
    });
    await store.catalogue.upsert(catalogue());
    fetcher = loopbackFetcher({
      userAgent: 'counterscan-rehash/1.0 (+loopback test)',
      timeoutMs: 10_000,
      hostConcurrency: 2,
      retries: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await fetcher?.close();
    await store?.close();
    await db?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('leaves old hashes out of matching, then hashes uploads from their bytes, fetches URL photos again', async () => {
    const uploadSha = await store.evidence.save(uploadPng, {
      kind: 'reference_image',
      contentType: 'image/png',
      capturedAt: new Date().toISOString(),
    });
    const uploadPixels = await decodeImage(uploadPng);
    const photoPixels = await decodeImage(photoPng);
    const old = (url: string, sha: string, hash: ReferenceHash) =>
      store.images.saveReference({ itemId: 'velora-bag', url, sha256: sha, width: 1, height: 1, hash });
    await old(`upload:${uploadSha}`, uploadSha, olderHash(hashReference(uploadPixels)));
    await old(`${origin}/bag.png`, sha256(photoPng), olderHash(hashReference(photoPixels)));
    // A photo uploaded before whose bytes the evidence store no longer has.
    const goneSha = sha256(new TextEncoder().encode('gone'));
    await old(`upload:${goneSha}`, goneSha, olderHash(hashReference(uploadPixels)));

    // Never compared across versions: the old rows are not in the index, so neither photo matches.
    const before = await loadReferenceImageIndex(store);
    expect(before.size).toBe(0);
    expect(before.lookup(hashImage(uploadPixels))).toEqual([]);

    requests.length = 0;
    const r = await refreshStaleReferences(store, catalogue().items, fetcher);
    expect(r).toMatchObject({ rehashed: 1, hashed: 1, failed: 1 });
    expect(requests.filter((u) => u === '/bag.png')).toHaveLength(1);

    const refs = new Map((await store.images.references(HASH_VERSION)).map((x) => [x.url, x]));
    expect([...refs.keys()].sort()).toEqual([`${origin}/bag.png`, `upload:${uploadSha}`].sort());
    expect(wholeHex(refs.get(`upload:${uploadSha}`)!.hash)).toEqual(wholeHex(hashReference(uploadPixels)));
    expect(wholeHex(refs.get(`${origin}/bag.png`)!.hash)).toEqual(wholeHex(hashReference(photoPixels)));
    const windows = windowList(refs.get(`upload:${uploadSha}`)!.hash.windows).map((w) => toHex(w.bits));
    expect(windows).toEqual(windowList(hashReference(uploadPixels).windows).map((w) => toHex(w.bits)));

    const after = await loadReferenceImageIndex(store);
    expect(after.lookup(hashImage(uploadPixels))[0]).toMatchObject({
      referenceUrl: `upload:${uploadSha}`,
      kind: 'whole',
      distance: 0,
    });

    const states = new Map((await store.images.referenceStates()).map((s) => [s.url, s]));
    expect(states.get(`upload:${goneSha}`)).toMatchObject({ status: 'failed' });
    expect(states.get(`upload:${goneSha}`)!.error).toMatch(/re-hashing: .*gone: upload the photo again/);
    // Both re-hashed photos keep a thumbnail for the reviewer's pair.
    for (const url of [`upload:${uploadSha}`, `${origin}/bag.png`]) {
      const thumb = await store.images.referenceThumb('velora-bag', url);
      expect((await store.evidence.read(thumb!))?.contentType).toBe('image/jpeg');
    }
  });

  it('touches nothing current or new: a second pass re-hashes, fetches and drops nothing', async () => {
    requests.length = 0;
    const r = await refreshStaleReferences(store, catalogue().items, fetcher);
    // Only the upload whose bytes are gone is tried again (no network); it fails again.
    expect(r).toMatchObject({ rehashed: 0, hashed: 0, failed: 1 });
    expect(requests).toEqual([]);
    // An item that now lists another photo: the new one waits for a sweep's refresh, the old row stays.
    const [item] = catalogue().items;
    await refreshStaleReferences(store, [{ ...item!, imageUrls: [`${origin}/new.png`] }], fetcher);
    expect(requests).toEqual([]);
    expect((await store.images.references(HASH_VERSION)).map((x) => x.url)).toContain(`${origin}/bag.png`);
  });

  it('without a fetch stage, only the uploads are re-hashed', async () => {
    const sha = await store.evidence.save(photoPng, {
      kind: 'reference_image',
      contentType: 'image/png',
      capturedAt: new Date().toISOString(),
    });
    await store.images.saveReference({
      itemId: 'velora-bag',
      url: `upload:${sha}`,
      sha256: sha,
      width: 1,
      height: 1,
      hash: olderHash(hashReference(await decodeImage(photoPng))),
    });
    requests.length = 0;
    expect(await refreshStaleReferences(store, catalogue().items)).toMatchObject({ rehashed: 1, hashed: 0 });
    expect(requests).toEqual([]);
    const row = (await store.images.references(HASH_VERSION)).find((x) => x.url === `upload:${sha}`);
    expect(row?.hash.whole.version).toBe(HASH_VERSION);
  });
});
