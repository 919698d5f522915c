import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HostBusyError } from './errors';
import type { HostGate } from './host-gate';
import { RedisScript } from './redis-script';

export interface RedisHostGateOptions {
  /** Requests in flight at once to one host, across the fleet. */
  concurrency: number;
  /** Least time between two request starts to one host, across the fleet, in ms. */
  delayMs: number;
  /**
   * A slot not released within this many ms frees itself (a crashed worker's). Default 60 000; keep it above the fetch
   * timeout.
   */
  leaseMs?: number;
  /**
   * Waits up to this long are slept inline and the slot asked for again; longer ones throw HostBusyError. Default 250.
   */
  maxInlineWaitMs?: number;
  /** Inline tries before giving up with HostBusyError. Default 10. */
  maxInlineTries?: number;
}

/**
 * KEYS: inflight (zset lease id -> expiry ms), next (next allowed start, ms), delays (hash host -> delay ms).
 * ARGV: host, lease id, concurrency, delay ms (the configured delay, or this process's larger one), lease ms.
 * Returns 0 when the slot is taken, else ms to wait before asking again.
 * Time is the Redis server's (TIME), so workers' clocks do not matter.
 */
const ACQUIRE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local concurrency = tonumber(ARGV[3])
local delay = math.max(tonumber(ARGV[4]), tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') or 0)
local leaseMs = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local nextWait = math.max(0, nextStart - now)
if redis.call('ZCARD', KEYS[1]) >= concurrency then
  -- No way to know when a slot frees; poll about once per delay (at least 25 ms),
  -- but no later than the oldest lease expires.
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local expiryWait = tonumber(first[2]) - now
  return math.ceil(math.max(1, nextWait, math.min(math.max(delay, 25), expiryWait)))
end
if nextWait > 0 then return math.ceil(nextWait) end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[2])
redis.call('PEXPIRE', KEYS[1], leaseMs)
redis.call('SET', KEYS[2], now + delay, 'PX', math.ceil(delay) + 1000)
return 0
`);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The per-host cap for a fleet of workers, kept in Redis: at most
 * `concurrency` requests in flight and starts at least `delayMs` apart per
 * host, whichever worker sends them. A slot is a lease that expires after
 * `leaseMs`, so a crashed worker cannot hold a host forever. Short waits are
 * slept inline; a longer wait throws HostBusyError so the queue can delay the
 * job instead of holding a worker.
 *
 * Keys: `${prefix}:host:${host}:inflight`, `${prefix}:host:${host}:next`,
 * `${prefix}:host-delays` (robots.txt Crawl-delays, seen by every worker).
 */
export class RedisHostGate implements HostGate {
  private readonly leaseMs: number;
  private readonly maxInlineWaitMs: number;
  private readonly maxInlineTries: number;
  /** Crawl-delays set by this process, also used when the Redis write failed. */
  private readonly localDelays = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: RedisHostGateOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 250;
    this.maxInlineTries = options.maxInlineTries ?? 10;
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const leaseId = randomUUID();
    for (let tries = 1; ; tries++) {
      const wait = await this.tryAcquire(host, leaseId);
      if (wait === 0) break;
      if (wait > this.maxInlineWaitMs || tries >= this.maxInlineTries) throw new HostBusyError(host, wait);
      // Wake a little after the slot opens, never before (timers vs Redis TIME),
      // and spread out so waiting workers do not all ask in the same ms.
      await sleep(wait + 5 + Math.random() * 20);
    }
    try {
      return await task();
    } finally {
      await this.release(host, leaseId);
    }
  }

  /**
   * Asks for a slot once: 0 means the lease `leaseId` now holds one (release
   * it with `release`), otherwise the ms to wait before asking again.
   */
  async tryAcquire(host: string, leaseId: string = randomUUID()): Promise<number> {
    // A few percent of headroom: requests spaced exactly `delayMs` apart at
    // the gate can arrive closer together at the site, after scheduling and
    // network jitter, and it is the site's count of requests that matters.
    const delay = Math.ceil(Math.max(this.options.delayMs, this.localDelays.get(host) ?? 0) * 1.05);
    const keys = [this.key(host, 'inflight'), this.key(host, 'next'), this.delaysKey()];
    const out = await ACQUIRE.run(this.redis, keys, [host, leaseId, this.options.concurrency, delay, this.leaseMs]);
    return Number(out);
  }

  /** Frees the slot. A failure is not thrown: the lease expires by itself. */
  async release(host: string, leaseId: string): Promise<void> {
    try {
      await this.redis.zrem(this.key(host, 'inflight'), leaseId);
    } catch {
      // Redis unreachable: the lease frees itself after leaseMs.
    }
  }

  /**
   * Sets the host's delay for the whole fleet (never below the configured
   * delay). The returned promise (ignored through HostGate) never rejects; if
   * Redis cannot be written, at least this process keeps the delay.
   */
  setDelay(host: string, delayMs: number): Promise<void> {
    const delay = Math.max(this.options.delayMs, Math.ceil(delayMs));
    this.localDelays.set(host, delay);
    return this.redis.hset(this.delaysKey(), host, String(delay)).then(
      () => undefined,
      () => undefined,
    );
  }

  /** The host's delay as the fleet sees it now. */
  async delayFor(host: string): Promise<number> {
    const stored = Number((await this.redis.hget(this.delaysKey(), host)) ?? 0);
    return Math.max(this.options.delayMs, this.localDelays.get(host) ?? 0, Number.isFinite(stored) ? stored : 0);
  }

  /** Requests in flight to the host now, fleet-wide (expired leases not counted). */
  async inFlight(host: string): Promise<number> {
    const [sec, micro] = await this.redis.time();
    const now = Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
    return this.redis.zcount(this.key(host, 'inflight'), `(${now}`, '+inf');
  }

  private key(host: string, what: 'inflight' | 'next'): string {
    return `${this.prefix}:host:${host}:${what}`;
  }

  private delaysKey(): string {
    return `${this.prefix}:host-delays`;
  }
}
