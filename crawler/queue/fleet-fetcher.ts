import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { RedisHostGate } from '../fetch/redis-host-gate';
import { RedisRobotsCache } from '../fetch/redis-robots-cache';
import { PoliteFetcher } from '../stages/polite-fetcher';

/**
 * The fetch stage for a fleet of workers: robots.txt cached in Redis (one
 * request per host per TTL for the whole fleet) and the per-host caps held in
 * Redis, so they hold across every process. A host at its cap raises
 * HostBusyError and the job is delayed; retries are BullMQ's, not the fetcher's.
 */
export function fleetFetcher(config: Config, redis: Redis): PoliteFetcher {
  const gate = new RedisHostGate(redis, config.queuePrefix, {
    concurrency: config.hostConcurrency,
    delayMs: config.hostDelayMs,
    // A lease outlives any fetch (browser pages included), so it only frees a dead worker's slot.
    leaseMs: Math.max(60_000, config.timeoutMs * 3),
  });
  const outbound = new OutboundPolicy({ allow: config.outboundAllow });
  const robots = new RedisRobotsCache(redis, config.queuePrefix, gate, {
    outbound,
    userAgent: config.userAgent,
    timeoutMs: config.timeoutMs,
    ttlSeconds: config.robotsTtlSeconds,
  });
  return new PoliteFetcher({
    userAgent: config.userAgent,
    timeoutMs: config.timeoutMs,
    hostConcurrency: config.hostConcurrency,
    hostDelayMs: config.hostDelayMs,
    retries: 0,
    retryBaseDelayMs: config.retryBaseDelayMs,
    chromiumPath: config.chromiumPath,
    browserPages: config.browserPages,
    browserScreenshots: config.screenshotMinScore <= 1,
    gate,
    robots,
    outbound,
  });
}
