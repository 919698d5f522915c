/** Alerts: each watch's new high-scoring hits, batched to a signed webhook and/or an email. */
export { runAlerts, signBody, type AlertOptions, type AlertRun } from './run-alerts';
export type { AlertHit, Watch, WatchRepository } from '../store';
