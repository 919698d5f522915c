export { runAlerts, signBody, type AlertOptions, type AlertRun } from './run-alerts';
export { createWatchRepository, type AlertHit, type Watch, type WatchRepository } from './watch-repo';
