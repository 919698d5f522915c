/** Alerts: each watch's new high-scoring hits, batched to a signed webhook and/or an email. */
export { runAlerts, signBody } from './run-alerts';
