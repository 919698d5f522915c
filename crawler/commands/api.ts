import { createApiServer } from '../api';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { createLogger } from '../logger';
import { redisConnection } from '../queue/connection';
import { createNotifyQueue, scheduleNotify } from '../queue/notify';
import { startEmbeddedNotify } from '../runner/notify-scheduler';
import { openStore } from '../store';
import { configFrom, parseNumber, type GlobalOptions } from './context';
import { notifyDeps } from './notify-deps';

/** `counterscan api`: serve the review API until SIGINT/SIGTERM. */
export async function apiCommand(o: GlobalOptions & { port?: string; host?: string }): Promise<void> {
  const config = configFrom(o, {
    ...(o.port !== undefined ? { apiPort: parseNumber('--port', o.port, { min: 0, max: 65_535, int: true }) } : {}),
    ...(o.host ? { apiHost: o.host } : {}),
  });
  const logger = createLogger(config, 'api');
  // On the embedded store, the other commands of this data dir share it through this process while it runs.
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    evidenceDir: config.evidenceDir,
    evidenceStore: config.evidenceStore,
    share: true,
  });
  const redis = config.redisUrl ? redisConnection(config.redisUrl) : undefined;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const outbound = new OutboundPolicy({ allow: config.outboundAllow });
  const app = await createApiServer({ store, config, redis, outbound, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.apiHost, port: config.apiPort });
  logger.info(
    {
      address,
      docs: `${address}/docs`,
      store: config.databaseUrl ? 'postgresql' : 'pglite',
      queueDashboard: redis ? `${address}/admin/queues` : 'off (no REDIS_URL)',
    },
    'review API listening',
  );
  console.log(`counterscan api: ${address}  (docs ${address}/docs)`);
  // Every 15 s queued notices and due counter-notice reminders go out and due watches alert: in the fleet as
  // jobs on the notify queue (worked by `worker --queues notify`), on one machine by this process.
  const notifyQueue = redis ? createNotifyQueue(redis, config.queuePrefix) : undefined;
  if (notifyQueue) {
    await scheduleNotify(notifyQueue);
    logger.info('outbox: a job on the notify queue every 15 s; run `counterscan worker --queues notify` to work it');
  }
  const embedded = notifyQueue ? undefined : startEmbeddedNotify(notifyDeps(config, store, logger));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await embedded?.stop();
  await notifyQueue?.close();
  await app.close();
  redis?.disconnect();
  await store.close();
}
