import type { Logger } from 'pino';
import type { Config } from '../config';
import { redisConnection } from '../queue/connection';
import { fleetFetcher } from '../queue/fleet-fetcher';
import { Queues } from '../queue/queues';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import { openStore, type Store } from '../store';
import { CliError } from './context';

export interface Fleet {
  queues: Queues;
  fetcher: PoliteFetcher;
  store?: Store;
  close(): Promise<void>;
}

/**
 * What every distributed process opens: Redis (required), the queues, the fleet-wide polite fetcher, and optionally the
 * store.
 */
export async function openFleet(config: Config, o: { withStore: boolean; logger?: Logger }): Promise<Fleet> {
  if (!config.redisUrl)
    throw new CliError(
      'REDIS_URL is not set: the distributed runner keeps its queues in Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)',
    );
  if (o.withStore && !config.databaseUrl) {
    o.logger?.warn('DATABASE_URL is not set: using the embedded PGlite store, which only one process may open');
  }
  const connection = redisConnection(config.redisUrl);
  connection.on('error', (err) => o.logger?.warn({ err: err.message }, 'redis connection error'));
  const queues = new Queues(connection, config.queuePrefix, { retryBaseDelayMs: config.retryBaseDelayMs });
  // The queues share `connection`, whose errors are logged above; without a listener BullMQ prints each one with
  // console.error.
  for (const q of Object.values(queues.queues))
    q.on('error', (err) => o.logger?.debug({ queue: q.name, err: err.message }, 'queue error'));
  const fetcher = fleetFetcher(config, connection);
  const store = o.withStore
    ? await openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        evidenceDir: config.evidenceDir,
        evidenceStore: config.evidenceStore,
      })
    : undefined;
  return {
    queues,
    fetcher,
    store,
    async close() {
      await fetcher.close();
      await queues.close();
      await store?.close();
      connection.disconnect();
    },
  };
}
