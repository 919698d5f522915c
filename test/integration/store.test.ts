/**
 * The store over a real PGlite folder: migrations, catalogue, listings with
 * versions, hits, evidence files and the hit filters. One store for the file
 * (reopened once, to show migrations are not re-applied).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../crawler/store';
import type { Catalogue, CatalogueItem, Listing, Signal } from '../../shared/model';
import { exampleCatalogue } from '../../demo/generate';

let dataDir: string;
let store: Store;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'counterscan-store-'));
  store = await openStore({ dataDir });
}, 60_000);

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await store.db.query<T>(sql, params)).rows;
const count = async (table: string, where = 'true', params: unknown[] = []) =>
  (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0]!.n;
const byId = <T extends { id: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const catalogue = exampleCatalogue();
const item = (i: number): CatalogueItem => catalogue.items[i]!;
const signals: Signal[] = [{ name: 'brand_term', weight: 0.2, evidence: 'ACME' }];
const listing = (url: string, over: Partial<Listing> = {}): Listing => ({
  url,
  site: 'demo-market',
  kind: 'product',
  title: `Listing at ${url}`,
  price: 10,
  currency: 'CNY',
  seller: { id: 's1', name: 'Seller One' },
  images: [],
  fetchedAt: '2025-01-02T03:04:05.000Z',
  contentHash: createHash('sha256').update(url).digest('hex'),
  ...over,
});

describe('PGlite store', () => {
  it('applies each migration once and records it', async () => {
    const files = (await readdir(new URL('../../crawler/store/migrations/', import.meta.url)))
      .filter((f) => /^\d+_.+\.sql$/.test(f))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const recorded = await rows<{ version: number; name: string; applied_at: string }>(
      'SELECT version, name, applied_at::text FROM schema_migrations ORDER BY version',
    );
    expect(recorded.map((r) => r.name)).toEqual(files);
    expect(recorded.map((r) => r.version)).toEqual(files.map((f) => Number.parseInt(f, 10)));

    expect(await migrate(store.db)).toEqual([]);
    // Reopening the same folder runs migrate again: nothing applied, nothing re-recorded.
    await store.close();
    store = await openStore({ dataDir });
    expect(await migrate(store.db)).toEqual([]);
    expect(await rows('SELECT version, name, applied_at::text FROM schema_migrations ORDER BY version')).toEqual(
      recorded,
    );
  });

  it('stores a catalogue and reads back exactly what went in', async () => {
    expect(await store.catalogue.upsert(catalogue)).toEqual({
      holders: catalogue.holders.length,
      items: catalogue.items.length,
    });
    expect(byId(await store.catalogue.items())).toEqual(byId(catalogue.items));
    expect(byId(await store.catalogue.holders())).toEqual(byId(catalogue.holders));
    const holder = catalogue.holders[0]!.id;
    expect(byId(await store.catalogue.items({ holder }))).toEqual(
      byId(catalogue.items.filter((i) => i.holder === holder)),
    );

    // Upserting again changes nothing and adds nothing.
    await store.catalogue.upsert(catalogue);
    expect(await count('items')).toBe(catalogue.items.length);
    expect(await count('holders')).toBe(catalogue.holders.length);
    expect(byId(await store.catalogue.items())).toEqual(byId(catalogue.items));
  });

  it('keeps one row per listing URL and a version per new content hash', async () => {
    const url = 'http://127.0.0.1:1/item/1.html';
    const v1 = listing(url, { contentHash: 'a'.repeat(64) });
    await store.listings.upsert(v1);
    await store.listings.upsert({ ...v1, fetchedAt: '2025-01-03T00:00:00.000Z' });
    expect(await count('listings', 'url = $1', [url])).toBe(1);
    expect(await count('listing_versions', 'listing_url = $1', [url])).toBe(1);

    const v2 = listing(url, {
      contentHash: 'b'.repeat(64),
      price: 7.5,
      title: 'Cheaper now',
      fetchedAt: '2025-01-04T00:00:00.000Z',
    });
    await store.listings.upsert(v2);
    expect(await count('listings', 'url = $1', [url])).toBe(1);
    expect(
      await rows('SELECT content_hash FROM listing_versions WHERE listing_url = $1 ORDER BY fetched_at', [url]),
    ).toEqual([{ content_hash: 'a'.repeat(64) }, { content_hash: 'b'.repeat(64) }]);
    expect(await store.listings.get(url)).toEqual(v2);
    expect(await rows('SELECT fetch_count, title, price::float8 AS price FROM listings WHERE url = $1', [url])).toEqual(
      [{ fetch_count: 3, title: 'Cheaper now', price: 7.5 }],
    );

    // Back to an earlier version: still one row, no new version.
    await store.listings.upsert(v1);
    expect(await count('listing_versions', 'listing_url = $1', [url])).toBe(2);
    // Without a content hash there is no version to keep.
    const bare = listing('http://127.0.0.1:1/item/2.html', { contentHash: undefined });
    await store.listings.upsert(bare);
    expect(await count('listing_versions', 'listing_url = $1', [bare.url])).toBe(0);
    expect(await store.listings.get('http://127.0.0.1:1/item/none.html')).toBeUndefined();
  });

  it('writes evidence under <dir>/<2 hex>/<sha256>, named by the hash of its bytes', async () => {
    const bytes = new TextEncoder().encode('<!DOCTYPE html><title>evidence 证据</title>');
    const sha = await store.evidence.save(bytes, {
      kind: 'html',
      contentType: 'text/html',
      listingUrl: 'http://127.0.0.1:1/item/1.html',
      capturedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
    const file = join(dataDir, 'evidence', sha.slice(0, 2), sha);
    const stored = await readFile(file);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha);
    expect(new Uint8Array(stored)).toEqual(bytes);
    expect(await rows('SELECT kind, content_type, size, storage_path FROM evidence WHERE sha256 = $1', [sha])).toEqual([
      { kind: 'html', content_type: 'text/html', size: bytes.byteLength, storage_path: `files:${sha}` },
    ]);
    // The same capture again: same name, one row.
    expect(
      await store.evidence.save(bytes, {
        kind: 'html',
        contentType: 'text/html',
        capturedAt: '2025-02-01T00:00:00.000Z',
      }),
    ).toBe(sha);
    expect(await count('evidence', 'sha256 = $1', [sha])).toBe(1);
    expect(await readdir(join(dataDir, 'evidence', sha.slice(0, 2)))).toEqual([sha]);
  });

  it('upserts a hit once per listing × item and never resets its status', async () => {
    await store.sweeps.start({ id: 'sweep-hit-1', site: 'demo-market', origin: 'http://127.0.0.1:1' });
    await store.sweeps.start({ id: 'sweep-hit-2', site: 'demo-market', origin: 'http://127.0.0.1:1' });
    const url = 'http://127.0.0.1:1/item/10.html';
    await store.listings.upsert(listing(url));
    const evidence = await store.evidence.save(new TextEncoder().encode('page 10'), {
      kind: 'html',
      contentType: 'text/html',
      capturedAt: '2025-01-01T00:00:00Z',
    });
    const id = await store.hits.upsert({
      listingUrl: url,
      itemId: item(0).id,
      score: 0.6,
      signals,
      sweepId: 'sweep-hit-1',
      evidenceSha256: evidence,
    });
    expect(
      await store.hits.upsert({ listingUrl: url, itemId: item(0).id, score: 0.6, signals, sweepId: 'sweep-hit-1' }),
    ).toBe(id);
    expect(await count('hits', 'listing_url = $1', [url])).toBe(1);

    await rows(`UPDATE hits SET status = 'confirmed' WHERE id = $1`, [id]);
    const newer: Signal[] = [...signals, { name: 'counterfeit_words', weight: 0.25, evidence: '1:1' }];
    expect(
      await store.hits.upsert({
        listingUrl: url,
        itemId: item(0).id,
        score: 0.85,
        signals: newer,
        sweepId: 'sweep-hit-2',
      }),
    ).toBe(id);
    const [hit] = await store.hits.list({ sweepIds: ['sweep-hit-2'] });
    expect(hit).toMatchObject({
      id,
      listingUrl: url,
      itemId: item(0).id,
      score: 0.85,
      signals: newer,
      status: 'confirmed',
      sweepId: 'sweep-hit-2',
      evidenceSha256: evidence,
    });
    expect(hit!.itemTitle).toBe(item(0).title);
    expect(await count('hits', 'listing_url = $1', [url])).toBe(1);

    // Another item for the same listing is a second hit.
    const other = await store.hits.upsert({
      listingUrl: url,
      itemId: item(1).id,
      score: 0.5,
      signals,
      sweepId: 'sweep-hit-2',
    });
    expect(other).not.toBe(id);
    expect(await count('hits', 'listing_url = $1', [url])).toBe(2);
    await rows('DELETE FROM hits WHERE listing_url = $1', [url]);
  });

  it('filters hits by status, minimum score and sweep, best first', async () => {
    await store.sweeps.start({ id: 'sweep-a', site: 'demo-market', origin: 'http://127.0.0.1:2' });
    await store.sweeps.start({ id: 'sweep-b', site: 'demo-market', origin: 'http://127.0.0.1:2' });
    const specs = [
      { n: 1, score: 0.95, sweep: 'sweep-a', status: 'new' },
      { n: 2, score: 0.7, sweep: 'sweep-a', status: 'confirmed' },
      { n: 3, score: 0.55, sweep: 'sweep-b', status: 'new' },
      { n: 4, score: 0.3, sweep: 'sweep-b', status: 'dismissed' },
    ] as const;
    const url = (n: number) => `http://127.0.0.1:2/item/${n}.html`;
    for (const s of specs) {
      await store.listings.upsert(listing(url(s.n)));
      const id = await store.hits.upsert({
        listingUrl: url(s.n),
        itemId: item(s.n).id,
        score: s.score,
        signals,
        sweepId: s.sweep,
      });
      if (s.status !== 'new') await rows('UPDATE hits SET status = $2 WHERE id = $1', [id, s.status]);
    }
    const urls = async (filter: Parameters<Store['hits']['list']>[0]) =>
      (await store.hits.list(filter)).map((h) => h.listingUrl);
    const mine = { sweepIds: ['sweep-a', 'sweep-b'] };
    expect(await urls(mine)).toEqual([url(1), url(2), url(3), url(4)]);
    expect(await urls({ sweepIds: ['sweep-b'] })).toEqual([url(3), url(4)]);
    expect(await urls({ ...mine, status: 'new' })).toEqual([url(1), url(3)]);
    expect(await urls({ status: 'dismissed' })).toEqual([url(4)]);
    expect(await urls({ ...mine, minScore: 0.55 })).toEqual([url(1), url(2), url(3)]);
    expect(await urls({ ...mine, minScore: 0.6, status: 'new' })).toEqual([url(1)]);
    // "At least": a hit scoring exactly the minimum is in (scores are stored as float4).
    expect(await urls({ ...mine, minScore: 0.7 })).toEqual([url(1), url(2)]);
    expect(await urls({ ...mine, minScore: 0.95 })).toEqual([url(1)]);
    expect(await urls({ ...mine, minScore: 0.3 })).toEqual([url(1), url(2), url(3), url(4)]);
    expect(await urls({ ...mine, limit: 2 })).toEqual([url(1), url(2)]);
    expect(await urls({ sweepIds: ['no-such-sweep'] })).toEqual([]);
    const all = await store.hits.list(mine);
    expect(all.map((h) => h.score)).toEqual([0.95, 0.7, 0.55, 0.3]);
    expect(all[0]).toMatchObject({
      site: 'demo-market',
      kind: 'product',
      price: 10,
      currency: 'CNY',
      sellerId: 's1',
      sellerName: 'Seller One',
      holderId: item(1).holder,
    });
    expect(all[0]!.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('leaves the store as it was when a catalogue upsert fails half-way', async () => {
    const snapshot = async () => ({
      holders: await rows('SELECT id, name, data FROM holders ORDER BY id'),
      items: await rows('SELECT id, holder_id, ip_type, title, data FROM items ORDER BY id'),
    });
    const before = await snapshot();
    const renamed = { ...catalogue.holders[0]!, name: 'Renamed Holder' };
    const retitled = { ...item(0), title: 'Retitled item' };
    const fresh: CatalogueItem = { ...item(1), id: 'fresh-item', holder: 'fresh-holder' };
    // Valid by the model (a non-empty string), refused by PostgreSQL: text cannot hold NUL.
    const poisoned: CatalogueItem = { ...item(2), id: 'poisoned-item', title: 'Bad\u0000title' };
    const bad: Catalogue = { holders: [renamed], items: [retitled, fresh, poisoned] };
    await expect(store.catalogue.upsert(bad)).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
    expect(await count('holders', 'id = $1', ['fresh-holder'])).toBe(0);

    // The transaction helper itself: a throw after writes rolls them back.
    await expect(
      store.db.transaction(async (tx) => {
        await tx.query(`UPDATE items SET title = 'changed' WHERE id = $1`, [item(0).id]);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await snapshot()).toEqual(before);
    // And the store still works afterwards.
    await store.catalogue.upsert({ holders: [], items: [retitled] });
    expect((await store.catalogue.items()).find((i) => i.id === item(0).id)?.title).toBe('Retitled item');
    await store.catalogue.upsert({ holders: [], items: [item(0)] });
  });
});
