/** Runs added tasks with at most `concurrency` in flight; `drain` waits for all, including tasks added meanwhile. */
export class TaskPool {
  private active = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  private idle: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  add(task: () => Promise<void>): void {
    this.queue.push(task);
    this.next();
  }

  drain(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private next(): void {
    while (this.active < this.concurrency && this.queue.length) {
      const task = this.queue.shift()!;
      this.active++;
      // Tasks handle their own errors; a throw here must not stop the pool.
      task()
        .catch(() => {})
        .finally(() => {
          this.active--;
          this.next();
          if (this.active === 0 && this.queue.length === 0) {
            const waiting = this.idle;
            this.idle = [];
            for (const r of waiting) r();
          }
        });
    }
  }
}
