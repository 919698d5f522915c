/**
 * The per-host politeness cap the fetch stage runs every request through:
 * in-process (HostLimiter) for the embedded runner, in Redis
 * (RedisHostGate) for a fleet of queue workers.
 */
export interface HostGate {
  /**
   * Runs `task` once the host has a free slot. A fleet gate may instead
   * throw HostBusyError ("try again in N ms") rather than wait long.
   */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Raises the host's least time between request starts (robots.txt Crawl-delay); never below the configured delay. */
  setDelay(host: string, delayMs: number): void;
}
