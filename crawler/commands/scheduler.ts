import { createLogger } from '../logger';
import { startCampaignScheduler } from '../queue/campaigns';
import { openCampaignFleet } from './campaign';
import { configFrom, parseNumber, type GlobalOptions } from './context';

/**
 * `scheduler`: works the `campaign` queue until SIGTERM/SIGINT. Each tick a
 * campaign's job scheduler fires becomes a sweep (fresh id) for the workers;
 * ticks after a campaign's end or stop are refused. Several schedulers may
 * run: a tick is one BullMQ job, taken by one of them.
 */
export async function schedulerCommand(opts: GlobalOptions & { concurrency?: string }): Promise<void> {
  const config = configFrom(opts);
  const concurrency = opts.concurrency
    ? parseNumber('--concurrency', opts.concurrency, { min: 1, max: 64, int: true })
    : 2;
  const logger = createLogger(config, 'scheduler');
  const fleet = await openCampaignFleet(config, logger);
  const scheduler = startCampaignScheduler({ queues: fleet.queues, store: fleet.store, logger, concurrency });
  logger.info({ pid: process.pid, concurrency }, 'scheduler started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'scheduler stopping: finishing ticks in flight');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await scheduler.close();
  await fleet.close();
  logger.info('scheduler stopped');
}
