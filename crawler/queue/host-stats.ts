import type { Redis } from 'ioredis';

/** Per-host request, error and block counts for the whole fleet, for `status`. */
export class HostStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** `blocked`: the host answered with a challenge, a wall or a shell (counted as a request, not an error). */
  async record(host: string, outcome: 'ok' | 'error' | 'blocked'): Promise<void> {
    await this.redis.hincrby(`${this.prefix}:hosts:${outcome}`, host, 1);
  }

  async read(): Promise<
    { host: string; requests: number; errors: number; errorRate: number; blocked: number; blockRate: number }[]
  > {
    const [ok, err, blk] = await Promise.all([
      this.redis.hgetall(`${this.prefix}:hosts:ok`),
      this.redis.hgetall(`${this.prefix}:hosts:error`),
      this.redis.hgetall(`${this.prefix}:hosts:blocked`),
    ]);
    const hosts = new Set([...Object.keys(ok), ...Object.keys(err), ...Object.keys(blk)]);
    return [...hosts].sort().map((host) => {
      const errors = Number(err[host] ?? 0);
      const blocked = Number(blk[host] ?? 0);
      const requests = Number(ok[host] ?? 0) + errors + blocked;
      return {
        host,
        requests,
        errors,
        errorRate: requests ? errors / requests : 0,
        blocked,
        blockRate: requests ? blocked / requests : 0,
      };
    });
  }
}
