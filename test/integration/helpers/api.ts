/**
 * A real review API on loopback for tests: PGlite in memory or a throwaway
 * PostgreSQL database, the example catalogue, and one token per role.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createApiServer, type ApiConfig } from '../../../crawler/api';
import { loadConfig } from '../../../crawler/config';
import { RdapClient } from '../../../crawler/blocking/rdap';
import { openStore, type Store } from '../../../crawler/store';
import type { Catalogue } from '../../../shared/model';
import { exampleCatalogue } from '../../../demo/generate';
import { createTestDatabase, type TestDatabase } from './fleet';
import { loopbackOutbound } from './outbound';

export type StoreKind = 'pglite' | 'postgres';

export interface TestApi {
  url: string;
  app: FastifyInstance;
  store: Store;
  evidenceDir: string;
  /** The throwaway PostgreSQL database's URL (store 'postgres'), for processes that share it. */
  databaseUrl?: string;
  tokens: { admin: string; reviewer: string; holderA: string; holderB: string };
  tokenIds: { admin: string; reviewer: string; holderA: string; holderB: string };
  holderIds: { a: string; b: string };
  close(): Promise<void>;
}

export interface TestApiOptions {
  store?: StoreKind;
  origins?: string[];
  catalogue?: Catalogue;
  /** Overrides of the API settings (rate limit, body and evidence caps). */
  config?: Partial<ApiConfig>;
  /** RDAP client (pointed at the fixture server); default: the configured one. */
  rdap?: RdapClient;
  /** Listen on this port (default: any free one). */
  port?: number;
  /** Figure and seller reads at once before 503 (the API's default otherwise). */
  heavyReads?: number;
}

export async function startTestApi(o: TestApiOptions = {}): Promise<TestApi> {
  const root = await mkdtemp(join(tmpdir(), 'cs-api-'));
  const evidenceDir = join(root, 'evidence');
  let database: TestDatabase | undefined;
  if (o.store === 'postgres') database = await createTestDatabase();
  const store = await openStore({ dataDir: database ? root : 'memory://', databaseUrl: database?.url, evidenceDir });
  const catalogue = o.catalogue ?? exampleCatalogue();
  await store.catalogue.upsert(catalogue);
  const holders = [...new Set(catalogue.items.map((i) => i.holder))].sort();
  const holderIds = { a: holders[0]!, b: holders[1]! };
  const make = async (role: 'admin' | 'reviewer' | 'holder', holderId?: string) =>
    await store.tokens.create({ name: `test ${role} ${holderId ?? ''}`.trim(), role, holderId });
  const made = {
    admin: await make('admin'),
    reviewer: await make('reviewer'),
    holderA: await make('holder', holderIds.a),
    holderB: await make('holder', holderIds.b),
  };
  const config = {
    ...loadConfig({}),
    apiOrigins: o.origins ?? [],
    apiRateLimit: 100_000,
    apiAuthFailureLimit: 100_000,
    ...o.config,
  };
  const app = await createApiServer({
    store,
    config,
    heavyReads: o.heavyReads,
    logger: process.env.API_TEST_LOG ? { level: 'error' } : false,
    // Never the real IANA: a closed loopback port unless a test brings its RDAP fixture.
    rdap:
      o.rdap ??
      new RdapClient({ bootstrapBaseUrl: 'http://127.0.0.1:9/rdap/', timeoutMs: 500, outbound: loopbackOutbound }),
  });
  const url = await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  return {
    url,
    app,
    store,
    evidenceDir,
    databaseUrl: database?.url,
    tokens: {
      admin: made.admin.token,
      reviewer: made.reviewer.token,
      holderA: made.holderA.token,
      holderB: made.holderB.token,
    },
    tokenIds: {
      admin: made.admin.record.tokenId,
      reviewer: made.reviewer.record.tokenId,
      holderA: made.holderA.record.tokenId,
      holderB: made.holderB.record.tokenId,
    },
    holderIds,
    async close() {
      await app.close();
      await store.close();
      await database?.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Stores `perItem` crawler-style hits (listing + hit) for each of the first `items` items of each holder. */
export async function seedHits(
  store: Store,
  holderIds: string[],
  o: { items?: number; perItem?: number } = {},
): Promise<Map<string, number[]>> {
  const byHolder = new Map<string, number[]>();
  for (const holder of holderIds) {
    const items = (await store.catalogue.items({ holder })).slice(0, o.items ?? 2);
    const ids: number[] = [];
    for (const item of items) {
      for (let n = 0; n < (o.perItem ?? 3); n++) {
        const url = `http://127.0.0.1:8401/item/${item.id}-${n}`;
        await store.listings.upsert({
          url,
          site: 'demo-market',
          kind: 'product',
          title: `${item.title} replica ${n}`,
          price: 10 + n,
          currency: 'USD',
          images: [],
          seller: { id: `seller-${holder}-${n}`, name: `Seller ${n}` },
          fetchedAt: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
        });
        ids.push(
          await store.hits.upsert({
            listingUrl: url,
            itemId: item.id,
            score: 0.5 + n / 10,
            signals: [{ name: 'brand_term', weight: 0.4, evidence: item.title }],
          }),
        );
      }
    }
    byHolder.set(holder, ids);
  }
  return byHolder;
}

export const sha256Of = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const sha = sha256Of;

export function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Buffer },
): InjectOptions {
  const boundary = `----cs${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ` +
        `${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    method: 'POST',
    url: '/v1/evidence',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  };
}
/** A multipart evidence upload, fields first, with the bytes' real SHA-256 unless overridden. */
export const evidenceUpload = (
  bytes: Buffer,
  over: Record<string, string> = {},
  name = 'page.html',
  type = 'text/html',
) =>
  multipart({ sha256: sha(bytes), kind: 'html', capturedAt: '2026-11-26T10:00:00Z', ...over }, { name, type, bytes });
