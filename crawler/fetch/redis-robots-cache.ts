import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RobotsRules } from '../../shared/robots';
import { RetryableFetchError } from './errors';
import type { HostGate } from './host-gate';
import type { HttpFetcherOptions } from './http-fetcher';
import { RedisScript } from './redis-script';
import { fetchRobots, rulesFromSnapshot, type RobotsSnapshot, type RobotsSource } from './robots-source';

export interface RedisRobotsCacheOptions extends HttpFetcherOptions {
  /** How long a robots.txt is trusted (config robotsTtlSeconds). */
  ttlSeconds: number;
  /**
   * How long an unreachable, 429 or 5xx robots.txt ("disallow all") is kept, so
   * one bad minute does not stop a host for a whole TTL. Default 300 (never
   * more than ttlSeconds).
   */
  errorTtlSeconds?: number;
  /** The fetcher's lock on an origin; others take over once it lapses. Default 2 × timeout + 5 s. */
  lockMs?: number;
  /** How often the others look for the fetched file. Default 50 ms. */
  pollMs?: number;
}

/** Deletes the lock only if it is still ours. */
const UNLOCK = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseSnapshot(json: string): RobotsSnapshot | undefined {
  try {
    const v = JSON.parse(json) as Partial<RobotsSnapshot>;
    return typeof v.status === 'number' && typeof v.body === 'string' ? { status: v.status, body: v.body } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * robots.txt for a fleet: each origin's RobotsSnapshot is kept in Redis for
 * `ttlSeconds`, and on a miss one process fetches it (under a `SET NX PX`
 * lock) while the others poll for it, so a host's robots.txt is requested
 * once per TTL across all workers. The request goes through the HostGate
 * (it counts towards the host's cap). Parsed rules are kept in this process
 * until the Redis entry expires.
 *
 * Keys: `${prefix}:robots:${origin}` and `${prefix}:robots-lock:${origin}`.
 */
export class RedisRobotsCache implements RobotsSource {
  /** robots.txt requests this process sent. */
  fetches = 0;
  private readonly memo = new Map<string, { rules: Promise<RobotsRules>; expires: number }>();
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly lockMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly gate: HostGate,
    private readonly options: RedisRobotsCacheOptions,
  ) {
    this.ttlMs = Math.max(1, Math.round(options.ttlSeconds * 1000));
    this.errorTtlMs = Math.min(this.ttlMs, Math.max(1, Math.round((options.errorTtlSeconds ?? 300) * 1000)));
    this.lockMs = options.lockMs ?? 2 * (options.timeoutMs ?? 15_000) + 5_000;
    this.pollMs = options.pollMs ?? 50;
  }

  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const hit = this.memo.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    const entry = { rules: undefined as unknown as Promise<RobotsRules>, expires: Number.POSITIVE_INFINITY };
    entry.rules = this.load(origin).then(
      ({ snapshot, ttlMs }) => {
        entry.expires = Date.now() + ttlMs;
        return rulesFromSnapshot(snapshot);
      },
      (err: unknown) => {
        if (this.memo.get(origin) === entry) this.memo.delete(origin);
        throw err;
      },
    );
    this.memo.set(origin, entry);
    return entry.rules;
  }

  /** The snapshot from Redis, or fetched by this process under the lock; with the ms it stays valid. */
  private async load(origin: string): Promise<{ snapshot: RobotsSnapshot; ttlMs: number }> {
    const key = `${this.prefix}:robots:${origin}`;
    const lockKey = `${this.prefix}:robots-lock:${origin}`;
    const deadline = Date.now() + 2 * this.lockMs;
    while (Date.now() < deadline) {
      const cached = await this.read(key);
      if (cached) return cached;
      const token = randomUUID();
      if ((await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX')) === 'OK') {
        try {
          // It may have been written between our read and our lock.
          const again = await this.read(key);
          if (again) return again;
          const host = new URL(origin).host;
          const snapshot = await this.gate.run(host, () => {
            this.fetches++;
            return fetchRobots(origin, {
              userAgent: this.options.userAgent,
              timeoutMs: this.options.timeoutMs,
              maxBytes: this.options.maxBytes,
              outbound: this.options.outbound,
            });
          });
          // Unreachable, 429 or 5xx: "disallow all", but only for errorTtl.
          const failed = snapshot.status === 0 || snapshot.status === 429 || snapshot.status >= 500;
          const ttlMs = failed ? this.errorTtlMs : this.ttlMs;
          await this.redis.set(key, JSON.stringify(snapshot), 'PX', ttlMs);
          return { snapshot, ttlMs };
        } finally {
          await UNLOCK.run(this.redis, [lockKey], [token]).catch(() => undefined);
        }
      }
      await sleep(this.pollMs);
    }
    throw new RetryableFetchError(
      `robots.txt for ${origin} was not fetched by any worker in time`,
      `${origin}/robots.txt`,
    );
  }

  private async read(key: string): Promise<{ snapshot: RobotsSnapshot; ttlMs: number } | undefined> {
    const res = await this.redis.multi().get(key).pttl(key).exec();
    const json = res?.[0]?.[1] as string | null | undefined;
    const pttl = Number(res?.[1]?.[1] ?? -2);
    if (!json || pttl === -2) return undefined;
    const snapshot = parseSnapshot(json);
    if (!snapshot) return undefined;
    // -1: no expiry set (written by hand); trust it for one TTL in this process.
    return { snapshot, ttlMs: pttl >= 0 ? pttl : this.ttlMs };
  }
}
