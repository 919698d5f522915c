/**
 * Verification: re-fetch noticed listings, record what they show (removed,
 * still up, relisted), move hits through the workflow with an audit entry,
 * and measure time to removal. Embedded: runVerification. Fleet: the
 * `verify` queue (startVerifyWorker + scheduleVerification).
 */
export { runVerification, type RunVerificationOptions, type VerificationSummary } from './run';
export { verifyHit, type HitCheckResult, type VerifyContext } from './check';
export { observe, type Observation, type PageFetcher } from './observe';
export { findRelist, sameSeller, type Relist } from './relist';
export { unavailableMarker, describeMarker } from './markers';
export { titleSimilarity } from './similarity';
export { resolveVerifyOptions, VERIFY_DEFAULTS, type VerifyOptions } from './options';
export {
  VERIFY_OUTCOMES,
  type CheckInput,
  type DueHit,
  type VerificationRecord,
  type VerificationRepository,
  type VerifyOutcome,
  type VerificationFigures,
  type VerificationFilter,
} from '../store';
export {
  createVerifyQueue,
  processVerifyCheck,
  processVerifyTick,
  scheduleVerification,
  startVerifyWorker,
  unscheduleVerification,
  verifyCheckJobId,
  VERIFY_CHECK_JOB_OPTIONS,
  VERIFY_JOBS,
  VERIFY_SCHEDULER_ID,
  VerifyCheckSchema,
  VerifyTickSchema,
  type VerifyCheck,
  type VerifySchedule,
  type VerifyTick,
  type VerifyWorkerDeps,
  type VerifyWorkerOptions,
} from './queue';
