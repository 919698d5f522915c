export { runAlerts, signBody, type AlertOptions, type AlertRun } from './run-alerts';
