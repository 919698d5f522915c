import { createApiServer } from '../api';
import { createLogger } from '../logger';
import { redisConnection } from '../queue/connection';
import { openStore } from '../store';
import { configFrom, parseNumber, type GlobalOptions } from './context';

/** `counterscan api`: serve the review API until SIGINT/SIGTERM. */
export async function apiCommand(o: GlobalOptions & { port?: string; host?: string }): Promise<void> {
  const config = configFrom(o, {
    ...(o.port !== undefined ? { apiPort: parseNumber('--port', o.port, { min: 0, max: 65_535, int: true }) } : {}),
    ...(o.host ? { apiHost: o.host } : {}),
  });
  const logger = createLogger(config, 'api');
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, evidenceDir: config.evidenceDir });
  const redis = config.redisUrl ? redisConnection(config.redisUrl) : undefined;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const app = await createApiServer({ store, config, redis, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.apiHost, port: config.apiPort });
  logger.info({ address, docs: `${address}/docs`, store: config.databaseUrl ? 'postgresql' : 'pglite', queueDashboard: redis ? `${address}/admin/queues` : 'off (no REDIS_URL)' }, 'review API listening');
  console.log(`counterscan api: ${address}  (docs ${address}/docs)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  redis?.disconnect();
  await store.close();
}
