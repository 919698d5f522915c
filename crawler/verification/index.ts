/**
 * Verification: re-fetch a noticed listing, record what it shows (removed,
 * still up, relisted), move its hit through the workflow with an audit entry,
 * and measure time to removal. What runs it: on one machine
 * crawler/runner/verification (runVerification), in a fleet the `verify`
 * queue (crawler/queue/verification: startVerifyWorker + scheduleVerification).
 */
export { verifyHit, type HitCheckResult, type VerifyContext } from './check';
export { type PageFetcher } from './observe';
export { titleSimilarity } from './similarity';
export { resolveVerifyOptions, type VerifyOptions } from './options';
export { VERIFY_OUTCOMES, type VerificationRecord } from '../store';
