import { createApiServer } from '../api';
import { runAlerts } from '../alerts';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { deliverDue, sendCounterNoticeReminders, smtpTransport } from '../notices';
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
  // On the embedded store, the other commands of this data dir share it through this process while it runs.
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, evidenceDir: config.evidenceDir, evidenceStore: config.evidenceStore, share: true });
  const redis = config.redisUrl ? redisConnection(config.redisUrl) : undefined;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const outbound = new OutboundPolicy({ allow: config.outboundAllow });
  const app = await createApiServer({ store, config, redis, outbound, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.apiHost, port: config.apiPort });
  logger.info({ address, docs: `${address}/docs`, store: config.databaseUrl ? 'postgresql' : 'pglite', queueDashboard: redis ? `${address}/admin/queues` : 'off (no REDIS_URL)' }, 'review API listening');
  console.log(`counterscan api: ${address}  (docs ${address}/docs)`);
  // Every 15 s: queued notices and due counter-notice reminders go out (with an SMTP relay), and due watches alert.
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  if (!transport) logger.warn('COUNTERSCAN_SMTP_URL is not set: notices stay in the outbox and email alerts wait until it is');
  let busy = false;
  const outbox = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      if (transport) {
        const r = await deliverDue(store.notices, { transport, from: config.noticeFrom });
        const reminded = await sendCounterNoticeReminders(store.counterNotices, { transport, from: config.noticeFrom });
        if (r.sent.length || r.retried.length || r.failed.length || reminded.length) logger.info({ ...r, reminded }, 'outbox');
      }
      const alerts = await runAlerts(store.watches, { transport, from: config.noticeFrom, outbound });
      if (alerts.length) logger.info({ alerts }, 'alerts');
      for (const a of alerts) if (a.refused) logger.warn({ watchId: a.watchId, detail: a.refused }, 'webhook refused by outbound policy (COUNTERSCAN_OUTBOUND_ALLOW widens it)');
    } catch (err) {
      logger.error({ err }, 'outbox run failed');
    } finally {
      busy = false;
    }
  }, 15_000);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(outbox);
  await app.close();
  redis?.disconnect();
  await store.close();
}
