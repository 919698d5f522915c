import type { Redis } from 'ioredis';

/** Per-host request and error counts for the whole fleet, for `status`. */
export class HostStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async record(host: string, outcome: 'ok' | 'error'): Promise<void> {
    await this.redis.hincrby(`${this.prefix}:hosts:${outcome}`, host, 1);
  }

  async read(): Promise<{ host: string; requests: number; errors: number; errorRate: number }[]> {
    const [ok, err] = await Promise.all([this.redis.hgetall(`${this.prefix}:hosts:ok`), this.redis.hgetall(`${this.prefix}:hosts:error`)]);
    const hosts = new Set([...Object.keys(ok), ...Object.keys(err)]);
    return [...hosts].sort().map((host) => {
      const errors = Number(err[host] ?? 0);
      const requests = Number(ok[host] ?? 0) + errors;
      return { host, requests, errors, errorRate: requests ? errors / requests : 0 };
    });
  }
}
