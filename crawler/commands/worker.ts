import { createLogger } from '../logger';
import { MatcherCache } from '../queue/catalogue-scope';
import { WORK_QUEUES } from '../queue/registry';
import { createNotifyQueue, scheduleNotify, startNotifyWorker } from '../queue/notify';
import { createVerifyQueue, startVerifyWorker } from '../queue/verification';
import { startWorkers } from '../queue/worker-runtime';
import { CliError, configFrom, parseNumber, type GlobalOptions } from './context';
import { openFleet } from './fleet';
import { notifyDeps } from './notify-deps';

export interface WorkerOptions extends GlobalOptions {
  concurrency?: string;
  queues?: string;
  lockMs?: string;
}

/**
 * `worker`: works the sweep, discover and listing queues (and verify, notify when asked) until SIGTERM/SIGINT, then
 * lets in-flight jobs finish.
 */
export async function workerCommand(opts: WorkerOptions): Promise<void> {
  const config = configFrom(opts);
  const concurrency = opts.concurrency
    ? parseNumber('--concurrency', opts.concurrency, { min: 1, max: 500, int: true })
    : config.concurrency;
  const lockMs = opts.lockMs ? parseNumber('--lock-ms', opts.lockMs, { min: 1000, int: true }) : undefined;
  const asked = opts.queues ? opts.queues.split(',').map((s) => s.trim()) : [...WORK_QUEUES];
  const known = [...WORK_QUEUES, 'verify', 'notify'];
  const unknown = asked.filter((n) => !known.includes(n));
  if (unknown.length) throw new CliError(`--queues: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const names = asked.filter((n): n is (typeof WORK_QUEUES)[number] => (WORK_QUEUES as readonly string[]).includes(n));
  const logger = createLogger(config, 'worker');
  const fleet = await openFleet(config, { withStore: true, logger });
  const runtime = startWorkers({
    config,
    queues: fleet.queues,
    store: fleet.store!,
    fetcher: fleet.fetcher,
    logger,
    names,
    concurrency,
    lockMs,
  });
  // Re-fetching noticed listings: its own queue, fed by the scheduler `verify --every` sets up.
  const verify = asked.includes('verify')
    ? startVerifyWorker({
        connection: fleet.queues.connection,
        prefix: config.queuePrefix,
        queue: createVerifyQueue(fleet.queues.connection, config.queuePrefix),
        store: fleet.store!,
        fetcher: fleet.fetcher,
        matcher: (await new MatcherCache(fleet.store!, config.threshold).get({})).matcher,
        logger,
      })
    : undefined;
  // The outbox (notices, reminders, alerts): the job scheduler is upserted here too, so it runs without the API.
  const notifyQueue = asked.includes('notify')
    ? createNotifyQueue(fleet.queues.connection, config.queuePrefix)
    : undefined;
  if (notifyQueue) await scheduleNotify(notifyQueue);
  const notify = notifyQueue
    ? startNotifyWorker({
        ...notifyDeps(config, fleet.store!, logger),
        connection: fleet.queues.connection,
        prefix: config.queuePrefix,
      })
    : undefined;
  logger.info({ queues: asked, concurrency, lockMs }, 'worker started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await verify?.close();
  await notify?.close();
  await notifyQueue?.close();
  await runtime.close();
  await fleet.close();
  logger.info('worker stopped');
}
