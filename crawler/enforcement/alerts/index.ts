export { runAlerts, signBody, type AlertOptions } from './run-alerts';
export { createWatchRepository, type AlertHit, type Watch, type WatchRepository } from './watch-repo';
