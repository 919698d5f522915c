import { runNotifyRound, type NotifyDeps } from '../notify';

/**
 * One machine without Redis: the process that serves the API runs the
 * outbox round itself every `everyMs` (the same round the fleet's notify
 * jobs run), one round at a time. `stop()` waits for a round in flight.
 */
export function startEmbeddedNotify(deps: NotifyDeps, everyMs = 15_000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runNotifyRound(deps)
      .then(() => {})
      .catch((err: unknown) => deps.logger?.error({ err }, 'outbox run failed'))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
