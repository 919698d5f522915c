import { serveCommand, type ServeOptions } from './serve';

/**
 * `counterscan api`: the review API and the notice outbox only, without campaign schedules or
 * verification (those run in `serve`, or in the fleet's scheduler and workers).
 */
export function apiCommand(o: ServeOptions): Promise<void> {
  return serveCommand(o, { name: 'api', sweeps: false });
}
