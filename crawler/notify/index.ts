/** The outbox round (notice delivery, counter-notice reminders, alerts), run as a job or by the embedded scheduler. */
export { runNotifyRound, type NotifyDeps } from './round';
