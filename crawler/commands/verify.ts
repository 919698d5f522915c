import { Matcher } from '../../shared/match';
import { refreshSellers } from '../sellers';
import { parseEvery, validTimeZone, cronProblem } from '../queue/campaigns';
import { redisConnection } from '../queue/connection';
import { createVerifyQueue, scheduleVerification, unscheduleVerification } from '../queue/verification';
import { runVerification } from '../runner/verification';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

export interface VerifyCommandOptions extends GlobalOptions {
  site?: string;
  hit?: string[];
  force?: boolean;
  json?: boolean;
  every?: string;
  cron?: string;
  tz?: string;
  stop?: boolean;
}

const duration = (ms: number) => {
  const m = Math.round(ms / 60_000);
  return m < 60
    ? `${m} min`
    : m < 1440
      ? `${Math.floor(m / 60)} h ${m % 60} min`
      : `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
};

/**
 * `verify`: re-fetch noticed listings now and record removed / still up /
 * relisted; with --every/--cron, schedule that on the verify queue instead
 * (workers started with `--queues …,verify` run it).
 */
export async function verifyCommand(o: VerifyCommandOptions): Promise<void> {
  const config = configFrom(o);
  if (o.every || o.cron || o.stop) {
    if (!config.redisUrl) throw new CliError('REDIS_URL is not set: scheduled verification runs on the verify queue');
    if (o.cron && cronProblem(o.cron, o.tz)) throw new CliError(`--cron: ${cronProblem(o.cron, o.tz)}`);
    if (o.tz && !validTimeZone(o.tz)) throw new CliError(`--tz: unknown time zone "${o.tz}"`);
    const connection = redisConnection(config.redisUrl);
    const queue = createVerifyQueue(connection, config.queuePrefix);
    try {
      if (o.stop)
        console.log(
          (await unscheduleVerification(queue)) ? 'verification schedule removed' : 'no verification schedule',
        );
      else {
        const everyMs = o.every ? parseEvery(o.every) : undefined;
        if (o.every && everyMs === undefined)
          throw new CliError(`--every: expected 90s, 30m, 2h or 1d, got "${o.every}"`);
        await scheduleVerification(queue, everyMs !== undefined ? { everyMs } : { pattern: o.cron!, tz: o.tz });
        console.log(
          `verification scheduled ${o.every ? `every ${o.every}` : `on "${o.cron}"${o.tz ? ` (${o.tz})` : ''}`}; ` +
            `workers with --queues …,verify run it`,
        );
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }
    return;
  }
  const hitIds = o.hit?.map((h) => parseNumber('--hit', h, { min: 1, int: true }));
  const fetcher = politeFetcher(config);
  try {
    await withStore(config, async (store) => {
      const matcher = new Matcher(await store.catalogue.items(), { threshold: config.threshold });
      const summary = await runVerification({ store, fetcher, matcher, site: o.site, hitIds, force: o.force });
      await refreshSellers(store);
      if (o.json) return console.log(JSON.stringify(summary, null, 2));
      for (const r of summary.results) {
        console.log(
          [
            String(r.hitId).padStart(6),
            r.outcome.padEnd(9),
            `${r.statusBefore} → ${r.statusAfter}`.padEnd(28),
            r.timeToRemovalMs !== undefined ? `removed after ${duration(r.timeToRemovalMs)}` : '',
            r.relistedUrl ? `relisted at ${r.relistedUrl}` : '',
            r.error ?? '',
            r.listingUrl,
          ]
            .filter(Boolean)
            .join('  '),
        );
      }
      console.log(
        `verify: checked=${summary.checked} removed=${summary.removed} still_up=${summary.stillUp} ` +
          `relisted=${summary.relisted} errors=${summary.errors}`,
      );
    });
  } finally {
    await fetcher.close();
  }
}
