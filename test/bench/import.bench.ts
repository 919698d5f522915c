/**
 * bench:import — a 100,000-item catalogue through `POST /v1/catalogue/import`
 * on a real API (the embedded store in a fresh data dir, as `counterscan api`
 * runs it; BENCH_DATABASE_URL for PostgreSQL), while
 * a poller in a worker thread (its own event loop, so it measures the
 * server's, not its own) asks `/health` every 10 ms. The import must not
 * stall the server: health_p99_ms is the 99th percentile of those answers
 * while the import runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApiServer } from '../../crawler/api';
import { loadConfig } from '../../crawler/config';
import { openStore } from '../../crawler/store';
import { quantile, startHealthPoller } from '../integration/helpers/health-poller';
import { syntheticCatalogue } from './synthetic-catalogue';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;

const dataDir = DATABASE_URL ? 'memory://' : await mkdtemp(join(tmpdir(), 'cs-bench-import-'));
const store = await openStore({ dataDir, databaseUrl: DATABASE_URL });
const config = { ...loadConfig({}), apiRateLimit: 1_000_000 };
const app = await createApiServer({ store, config, logger: false });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const { token } = await store.tokens.create({ name: 'bench admin', role: 'admin' });
const lastId = `bench-item-${ITEMS - 1}`;

// The upload comes from a worker thread too: encoding and sending 32 MB is the client's work,
// and here the client would otherwise share the server's event loop.
const UPLOADER =
  `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.once('message', async () => {
  const started = performance.now();
  const res = await fetch(workerData.url + '/v1/catalogue/import', { method: 'POST', headers: { authorization: ` +
  `'Bearer ' + workerData.token, 'content-type': 'application/json' }, body: workerData.body });
  const answer = await res.text();
  parentPort.postMessage({ status: res.status, answer, seconds: (performance.now() - started) / 1000 });
});
`;
/** The upload, in the uploader's hands only (the server's heap is what the import is judged by). */
function startUploader(): { uploader: Worker; bodyMb: number } {
  const body = JSON.stringify({
    items: syntheticCatalogue(ITEMS).map((item) => ({ ...item, id: `bench-${item.id}` })),
  });
  return {
    uploader: new Worker(UPLOADER, { eval: true, workerData: { url, token, body } }),
    bodyMb: body.length / 1_048_576,
  };
}
const { uploader, bodyMb } = startUploader();

// The same poll with the server idle, for scale: on a busy machine /health is slow without any import.
const idlePoller = await startHealthPoller(url, 10);
await new Promise((r) => setTimeout(r, 5_000));
const idle = await idlePoller.stop();

const poller = await startHealthPoller(url, 10);
const { status, answer, seconds } = await new Promise<{ status: number; answer: string; seconds: number }>(
  (resolve, reject) => {
    uploader.once('message', resolve);
    uploader.once('error', reject);
    uploader.postMessage('go');
  },
);
const latencies = await poller.stop();
await uploader.terminate();
if (status !== 200) throw new Error(`import answered ${status}: ${answer.slice(0, 500)}`);
const stored = (await store.catalogue.item(lastId)) !== undefined;

console.log(
  `bench:import: items=${ITEMS} seconds=${seconds.toFixed(1)} health_p99_ms=${quantile(latencies, 0.99).toFixed(0)}`,
);
console.log(
  `bench:import: store=${DATABASE_URL ? 'postgres' : 'pglite'} body_mb=${bodyMb.toFixed(1)} ` +
    `items_per_s=${(ITEMS / seconds).toFixed(0)} health_polls=${latencies.length} ` +
    `health_p50_ms=${quantile(latencies, 0.5).toFixed(0)} health_max_ms=${Math.max(...latencies).toFixed(0)} ` +
    `idle_health_p99_ms=${quantile(idle, 0.99).toFixed(0)} stored=${stored}`,
);
await app.close();
await store.close();
if (!DATABASE_URL) await rm(dataDir, { recursive: true, force: true });
