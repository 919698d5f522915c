/**
 * The record stage's rows, written a statement per page (migration 080), on both stores: the
 * listing and its version, the page as evidence, the hit, the WARC capture and the screenshot,
 * what a second sweep of an unchanged page reuses, and what a changed page adds.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchedPage } from '../../crawler/fetch/http-fetcher';
import { recordListing } from '../../crawler/pipeline/record';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import type { Listing } from '../../shared/model';
import { createTestDatabase, type TestDatabase } from './helpers/fleet';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const catalogue = exampleCatalogue();
const itemId = catalogue.items[0]!.id;
const signals = [{ name: 'brand_term', weight: 1.5, evidence: 'ACME' }];

function fetched(url: string, html: string, over: Partial<FetchedPage> = {}): FetchedPage {
  const bytes = new TextEncoder().encode(html);
  return {
    url,
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: html,
    bytes,
    sha256: sha256(bytes),
    fetchedAt: '2026-03-04T05:06:07.890Z',
    headers: { 'content-type': 'text/html; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] },
    ...over,
  };
}

function listingOf(page: FetchedPage, over: Partial<Listing> = {}): Listing {
  return {
    url: page.url,
    site: 'demo-market',
    kind: 'product',
    title: 'ACME bag replica 高仿',
    price: 19.5,
    currency: 'CNY',
    seller: { id: 's-9', name: 'Shop Nine' },
    images: [],
    fetchedAt: page.fetchedAt,
    contentHash: page.sha256,
    ...over,
  };
}

describe.each(['pglite', 'postgres'] as const)('the record stage on %s', (kind) => {
  let db: TestDatabase | undefined;
  let root: string;
  let store: Store;
  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await store.db.query<T>(sql, params)).rows;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cs-record-'));
    if (kind === 'postgres') db = await createTestDatabase();
    store = await openStore({ dataDir: root, databaseUrl: db?.url });
    await store.catalogue.upsert(catalogue);
    await store.sweeps.start({ id: 'sweep-1', site: 'demo-market', origin: 'http://127.0.0.1:1' });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('a listing that is no hit: its row and its version, nothing else', async () => {
    const page = fetched('http://127.0.0.1:1/item/plain.html', '<html>plain</html>');
    await recordListing(store, listingOf(page, { price: undefined, seller: undefined }), page, undefined);
    expect(
      await rows(
        `SELECT site, kind, title, price, currency, seller_id, seller_name, content_hash, fetch_count, crawled,
                data->>'title' AS data_title
           FROM listings WHERE url = $1`,
        [page.url],
      ),
    ).toEqual([
      {
        site: 'demo-market',
        kind: 'product',
        title: 'ACME bag replica 高仿',
        price: null,
        currency: 'CNY',
        seller_id: null,
        seller_name: null,
        content_hash: page.sha256,
        fetch_count: 1,
        crawled: true,
        data_title: 'ACME bag replica 高仿',
      },
    ]);
    expect(
      await rows('SELECT content_hash, data->>$2 AS title FROM listing_versions WHERE listing_url = $1', [
        page.url,
        'title',
      ]),
    ).toEqual([{ content_hash: page.sha256, title: 'ACME bag replica 高仿' }]);
    expect(await rows('SELECT 1 FROM hits WHERE listing_url = $1', [page.url])).toEqual([]);
    expect(await rows('SELECT 1 FROM evidence WHERE listing_url = $1', [page.url])).toEqual([]);
  });

  it('a hit: listing, page evidence, hit, WARC capture and a screenshot due; files named by their hash', async () => {
    const screenshot = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const page = fetched('http://127.0.0.1:1/item/hit.html', '<html>ACME replica</html>', {
      served: new TextEncoder().encode('<html><div id=app></div></html>'),
      screenshot,
    });
    const listing = listingOf(page);
    await recordListing(store, listing, page, { itemId, score: 0.91, signals }, { sweepId: 'sweep-1' });

    expect(
      await rows(`SELECT price::float8 AS price, seller_id, seller_name FROM listings WHERE url = $1`, [page.url]),
    ).toEqual([{ price: 19.5, seller_id: 's-9', seller_name: 'Shop Nine' }]);
    const [hit] = await rows<{ id: number; score: number; signals: unknown; sweep_id: string; evidence: string }>(
      `SELECT id::int AS id, score::numeric::float8 AS score, signals, sweep_id, evidence_sha256 AS evidence,
              status, holder_id, site
         FROM hits WHERE listing_url = $1`,
      [page.url],
    );
    expect(hit).toMatchObject({
      score: 0.91,
      signals,
      sweep_id: 'sweep-1',
      evidence: page.sha256,
      status: 'new',
      holder_id: catalogue.items[0]!.holder,
      site: 'demo-market',
    });
    const evidence = await rows<{ sha256: string; kind: string; size: number; storage_path: string }>(
      `SELECT sha256, kind, content_type, size, storage_path FROM evidence WHERE listing_url = $1 ORDER BY kind`,
      [page.url],
    );
    expect(evidence.map((e) => e.kind)).toEqual(['html', 'screenshot', 'warc']);
    expect(evidence[0]).toMatchObject({ sha256: page.sha256, content_type: 'text/html; charset=utf-8' });
    expect(evidence[1]).toMatchObject({ sha256: sha256(screenshot), content_type: 'image/png', size: 7 });
    expect(evidence[2]).toMatchObject({ content_type: 'application/warc' });
    for (const e of evidence) {
      expect(e.storage_path).toBe(`files:${e.sha256}`);
      const bytes = await readFile(join(root, 'evidence', e.sha256.slice(0, 2), e.sha256));
      expect(sha256(bytes)).toBe(e.sha256);
      expect(bytes.byteLength).toBe(e.size);
    }
    const warc = evidence[2]!.sha256;
    expect(
      await rows(
        `SELECT warc_sha256, html_sha256, screenshot_sha256, url, listing_url, status, headers, rendered
           FROM page_captures WHERE listing_url = $1`,
        [page.url],
      ),
    ).toEqual([
      {
        warc_sha256: warc,
        html_sha256: page.sha256,
        screenshot_sha256: sha256(screenshot),
        url: page.url,
        listing_url: page.url,
        status: 200,
        headers: page.headers,
        rendered: true,
      },
    ]);
    expect(
      (await rows<{ sha256: string }>('SELECT sha256 FROM hit_evidence WHERE hit_id = $1', [hit!.id]))
        .map((r) => r.sha256)
        .sort(),
    ).toEqual([warc, sha256(screenshot)].sort());
  });

  it('the same page again keeps its capture; a changed page adds a version and a capture, same hit', async () => {
    const url = 'http://127.0.0.1:1/item/again.html';
    const first = fetched(url, '<html>ACME replica v1</html>');
    await recordListing(store, listingOf(first), first, { itemId, score: 0.8, signals }, { sweepId: 'sweep-1' });
    const again = { ...first, fetchedAt: '2026-03-05T00:00:00.000Z' };
    await recordListing(store, listingOf(again), again, { itemId, score: 0.85, signals }, { sweepId: 'sweep-1' });
    const captures = async () =>
      rows<{ warc: string; html: string }>(
        'SELECT warc_sha256 AS warc, html_sha256 AS html FROM page_captures WHERE listing_url = $1 ORDER BY fetched_at',
        [url],
      );
    expect(await captures()).toHaveLength(1);
    expect(await rows('SELECT fetch_count FROM listings WHERE url = $1', [url])).toEqual([{ fetch_count: 2 }]);
    expect(await rows('SELECT count(*)::int AS n FROM listing_versions WHERE listing_url = $1', [url])).toEqual([
      { n: 1 },
    ]);

    const changed = fetched(url, '<html>ACME replica v2, cheaper</html>', { fetchedAt: '2026-03-06T00:00:00.000Z' });
    await recordListing(store, listingOf(changed, { price: 9 }), changed, { itemId, score: 0.9, signals });
    const all = await captures();
    expect(all.map((c) => c.html)).toEqual([first.sha256, changed.sha256]);
    const hits = await rows<{ id: number; score: number; evidence: string }>(
      `SELECT id::int AS id, score::numeric::float8 AS score, evidence_sha256 AS evidence FROM hits
        WHERE listing_url = $1`,
      [url],
    );
    expect(hits).toMatchObject([{ score: 0.9, evidence: changed.sha256 }]);
    // The hit cites both captures' WARC files; the versions keep both prices.
    expect(
      (await rows<{ sha256: string }>('SELECT sha256 FROM hit_evidence WHERE hit_id = $1', [hits[0]!.id]))
        .map((r) => r.sha256)
        .sort(),
    ).toEqual(all.map((c) => c.warc).sort());
    expect(
      await rows(
        `SELECT (data->>'price')::float8 AS price FROM listing_versions WHERE listing_url = $1 ORDER BY fetched_at`,
        [url],
      ),
    ).toEqual([{ price: 19.5 }, { price: 9 }]);
  });
});
