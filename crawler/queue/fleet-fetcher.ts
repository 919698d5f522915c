import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { PoliteFetcher } from '../stages/polite-fetcher';

/**
 * The fetch stage for a fleet of workers: robots.txt cached in Redis and the
 * per-host caps held in Redis, so they hold across every process. Retries
 * are BullMQ's (with backoff), not the fetcher's.
 */
export function fleetFetcher(config: Config, _redis: Redis): PoliteFetcher {
  // TODO(2026-11-26): switch to RedisHostGate + RedisRobotsCache once they land (in progress).
  return new PoliteFetcher({
    userAgent: config.userAgent, timeoutMs: config.timeoutMs, hostConcurrency: config.hostConcurrency,
    hostDelayMs: config.hostDelayMs, retries: 0, retryBaseDelayMs: config.retryBaseDelayMs,
    chromiumPath: config.chromiumPath, browserPages: config.browserPages,
  });
}
