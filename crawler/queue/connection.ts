import { Redis } from 'ioredis';

/**
 * A Redis connection as BullMQ needs it: commands wait through a reconnect
 * (`maxRetriesPerRequest: null`) instead of failing, so a Redis restart
 * pauses the fleet rather than failing its jobs.
 */
export function redisConnection(url: string, name = 'counterscan'): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
}
