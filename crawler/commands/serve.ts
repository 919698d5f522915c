import type { Logger } from 'pino';
import { Matcher } from '../../shared/match';
import { createApiServer } from '../api';
import type { Config } from '../config';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { createLogger } from '../logger';
import { refreshSellers } from '../sellers';
import { startCampaignScheduler } from '../queue/campaigns';
import { redisConnection } from '../queue/connection';
import { createNotifyQueue, scheduleNotify } from '../queue/notify';
import { Queues } from '../queue/queues';
import { startCampaignRunner } from '../runner/campaign-runner';
import { startEmbeddedNotify } from '../runner/notify-scheduler';
import { startEmbeddedVerification } from '../runner/verification';
import { refreshStaleReferences } from '../pipeline';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import { openStore, type Store } from '../store';
import { formatEvery } from '../queue/campaigns';
import { configFrom, parseNumber, type GlobalOptions } from './context';
import { notifyDeps } from './notify-deps';
import { politeFetcher } from './sweep-setup';

export interface ServeOptions extends GlobalOptions {
  port?: string;
  host?: string;
}

/** What a serving process runs besides the API; `api` is the API and the outbox only. */
interface Parts {
  name: 'serve' | 'api';
  /** Campaign schedules and verification (embedded: here; fleet: the campaign tick worker). */
  sweeps: boolean;
}

type Stop = () => Promise<void>;

/**
 * `counterscan serve`: the one process of a machine. It owns the embedded store (and shares it
 * with the other commands of its data dir over an owner-only socket), serves the review API, and
 * runs the outbox, campaign schedules and verification. With REDIS_URL the outbox is a job on the
 * `notify` queue and campaign ticks are worked here and swept by the fleet's workers.
 */
export async function serveCommand(o: ServeOptions, parts: Parts = { name: 'serve', sweeps: true }): Promise<void> {
  const config = configFrom(o, {
    ...(o.port !== undefined ? { apiPort: parseNumber('--port', o.port, { min: 0, max: 65_535, int: true }) } : {}),
    ...(o.host ? { apiHost: o.host } : {}),
  });
  const logger = createLogger(config, parts.name);
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    evidenceDir: config.evidenceDir,
    evidenceStore: config.evidenceStore,
    share: true,
  });
  const stops: Stop[] = [() => store.close()];
  try {
    const redis = config.redisUrl ? redisConnection(config.redisUrl) : undefined;
    if (redis) {
      redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
      stops.unshift(async () => redis.disconnect());
    }
    const outbound = new OutboundPolicy({ allow: config.outboundAllow });
    const app = await createApiServer({ store, config, redis, outbound, logger: { level: config.logLevel } });
    stops.unshift(() => app.close());
    const address = await app.listen({ host: config.apiHost, port: config.apiPort });
    const lines = [`counterscan ${parts.name}: ${address}  (docs ${address}/docs)`];
    lines.push(
      config.databaseUrl
        ? '  store: PostgreSQL (DATABASE_URL)'
        : `  store: embedded in ${config.dataDir}; other commands of this data dir use it through this process`,
    );
    const started: { stops: Stop[]; lines: string[]; fetcher?: PoliteFetcher } = redis
      ? await startFleetParts(config, store, redis, parts, logger)
      : startEmbeddedParts(config, store, parts, logger);
    stops.unshift(...started.stops);
    lines.push(...started.lines);
    rehashStaleReferences(store, started.fetcher, logger);
    console.log(lines.join('\n'));
    logger.info({ address, store: config.databaseUrl ? 'postgresql' : 'pglite' }, `${parts.name} listening`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  } finally {
    // Last started, first stopped: the timers finish their round before the API and the store close.
    for (const stop of stops) await stop().catch((err: unknown) => logger.error({ err }, 'stopping failed'));
  }
}

function outboxLine(config: Config, where: string): string {
  return config.smtpUrl
    ? `  outbox: queued notices, reminders and alerts go out ${where}`
    : '  outbox: COUNTERSCAN_SMTP_URL is not set, so notices stay queued (prepared, not sent) until it is';
}

/** One machine: the outbox, campaigns and verification on timers in this process. */
function startEmbeddedParts(
  config: Config,
  store: Store,
  parts: Parts,
  logger: Logger,
): { stops: Stop[]; lines: string[]; fetcher?: PoliteFetcher } {
  const every = formatEvery(config.notifyEveryMs);
  const notify = startEmbeddedNotify(notifyDeps(config, store, logger), config.notifyEveryMs);
  const lines = [outboxLine(config, `every ${every}`)];
  if (!parts.sweeps) return { stops: [notify.stop], lines };
  const fetcher = politeFetcher(config);
  const campaigns = startCampaignRunner({
    store,
    fetcher,
    threshold: config.threshold,
    concurrency: config.concurrency,
    logger,
    everyMs: config.campaignPollMs,
  });
  const verification = startEmbeddedVerification({
    store,
    fetcher,
    everyMs: config.verifyEveryMs,
    logger,
    loadMatcher: async () => new Matcher(await store.catalogue.items(), { threshold: config.threshold }),
    afterRun: () => refreshSellers(store).then(() => {}),
  });
  lines.push(
    '  campaigns: swept here when their schedule is due (`counterscan campaign create … --every 1d`)',
    `  verification: noticed listings re-checked when due, looked for every ${formatEvery(config.verifyEveryMs)}`,
  );
  // Stopped in this order: no new sweep or check starts, then the fetcher (it may hold a browser) closes.
  return { stops: [campaigns.stop, verification.stop, notify.stop, () => fetcher.close()], lines, fetcher };
}

/**
 * Reference photos hashed by an older hash function (after an upgrade) hashed again, in the background: uploads from
 * their bytes, and URL photos through the fetcher when this process sweeps. Until then matching leaves them out.
 */
function rehashStaleReferences(store: Store, fetcher: PoliteFetcher | undefined, logger: Logger): void {
  void store.catalogue
    .items()
    .then((items) => refreshStaleReferences(store, items, fetcher))
    .then((r) => {
      if (r.rehashed + r.hashed + r.failed > 0) logger.info(r, 'reference photos of an older hash version re-hashed');
    })
    .catch((err: unknown) => logger.warn({ err }, 're-hashing reference photos failed'));
}

/** The fleet: the outbox as a job on the notify queue, campaign ticks turned into sweeps for the workers. */
async function startFleetParts(
  config: Config,
  store: Store,
  redis: NonNullable<ReturnType<typeof redisConnection>>,
  parts: Parts,
  logger: Logger,
): Promise<{ stops: Stop[]; lines: string[] }> {
  if (!config.databaseUrl)
    logger.warn('REDIS_URL without DATABASE_URL: workers on other machines cannot reach this embedded store');
  const notifyQueue = createNotifyQueue(redis, config.queuePrefix);
  await scheduleNotify(notifyQueue);
  const stops: Stop[] = [() => notifyQueue.close()];
  const lines = [outboxLine(config, 'as jobs on the notify queue (run `counterscan worker --queues notify`)')];
  if (parts.sweeps) {
    const queues = new Queues(redis, config.queuePrefix);
    const scheduler = startCampaignScheduler({ queues, store, logger });
    stops.unshift(scheduler.close, () => queues.close());
    lines.push(
      '  campaigns: ticks turned into sweeps here; `counterscan worker` processes sweep them',
      '  verification: on the verify queue (`counterscan verify --every 6h`, workers with --queues …,verify)',
    );
  }
  return { stops, lines };
}
