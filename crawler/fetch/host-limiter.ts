import type { HostGate } from './host-gate';

/** TSDoc defaults: 2 requests in flight per host, 250 ms between request starts. */
export interface HostLimits {
  /** Requests in flight at once to one host. Default 2. */
  concurrency: number;
  /** Least time between two request starts to one host, in ms. Default 250. */
  delayMs: number;
}

interface HostState {
  active: number;
  nextStart: number;
  waiting: (() => void)[];
}

/**
 * Per-host politeness inside one process: at most `concurrency` requests in
 * flight and request starts at least `delayMs` apart, per host. A host's
 * robots.txt Crawl-delay raises its delay (`setDelay`).
 */
export class HostLimiter implements HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly delays = new Map<string, number>();

  constructor(private readonly limits: HostLimits = { concurrency: 2, delayMs: 250 }) {}

  setDelay(host: string, delayMs: number): void {
    this.delays.set(host, Math.max(this.limits.delayMs, delayMs));
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    while (state.active >= this.limits.concurrency) await new Promise<void>((r) => state.waiting.push(r));
    state.active++;
    try {
      // Reserve the next start slot before waiting, so concurrent callers space out.
      const now = Date.now();
      const start = Math.max(now, state.nextStart);
      state.nextStart = start + (this.delays.get(host) ?? this.limits.delayMs);
      if (start > now) await new Promise((r) => setTimeout(r, start - now));
      return await task();
    } finally {
      state.active--;
      state.waiting.shift()?.();
    }
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) this.hosts.set(host, (s = { active: 0, nextStart: 0, waiting: [] }));
    return s;
  }
}
