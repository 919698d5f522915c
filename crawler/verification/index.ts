/**
 * Verification: re-fetch a noticed listing, record what it shows (removed,
 * still up, relisted), move its hit through the workflow with an audit entry,
 * and measure time to removal. What runs it: on one machine
 * crawler/runner/verification (runVerification), in a fleet the `verify`
 * queue (crawler/queue/verification: startVerifyWorker + scheduleVerification).
 */
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
