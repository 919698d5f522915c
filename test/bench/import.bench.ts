/**
 * bench:import — a 100,000-item catalogue through `POST /v1/catalogue/import`
 * on a real API (PGlite in memory; BENCH_DATABASE_URL for PostgreSQL), while
 * a poller in a worker thread (its own event loop, so it measures the
 * server's, not its own) asks `/health` every 10 ms. The import must not
 * stall the server: health_p99_ms is the 99th percentile of those answers
 * while the import runs.
 */
import { createApiServer } from '../../crawler/api';
import { loadConfig } from '../../crawler/config';
import { openStore } from '../../crawler/store';
import { quantile, startHealthPoller } from '../integration/helpers/health-poller';
import { syntheticCatalogue } from './synthetic-catalogue';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;

const store = await openStore({ dataDir: 'memory://', databaseUrl: DATABASE_URL });
const config = { ...loadConfig({}), apiRateLimit: 1_000_000 };
const app = await createApiServer({ store, config, logger: false });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const { token } = await store.tokens.create({ name: 'bench admin', role: 'admin' });
// Only the body is kept: the server's heap, not the client's, is what the import should be judged by.
const body = JSON.stringify({ items: syntheticCatalogue(ITEMS).map((item) => ({ ...item, id: `bench-${item.id}` })) });
const lastId = `bench-item-${ITEMS - 1}`;

const poller = await startHealthPoller(url, 10);
const started = performance.now();
const res = await fetch(`${url}/v1/catalogue/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
const answer = await res.text();
const seconds = (performance.now() - started) / 1000;
const latencies = await poller.stop();
if (res.status !== 200) throw new Error(`import answered ${res.status}: ${answer.slice(0, 500)}`);
const stored = (await store.catalogue.item(lastId)) !== undefined;

console.log(`bench:import: items=${ITEMS} seconds=${seconds.toFixed(1)} health_p99_ms=${quantile(latencies, 0.99).toFixed(0)}`);
console.log(
  `bench:import: store=${DATABASE_URL ? 'postgres' : 'pglite'} body_mb=${(body.length / 1_048_576).toFixed(1)} items_per_s=${(ITEMS / seconds).toFixed(0)} health_polls=${latencies.length} health_p50_ms=${quantile(latencies, 0.5).toFixed(0)} health_max_ms=${Math.max(...latencies).toFixed(0)} stored=${stored}`,
);
await app.close();
await store.close();
