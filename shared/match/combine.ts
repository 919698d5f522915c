/**
 * How evidence found after the matcher (a reused photo, a blacklisted seller) moves its score: as independent
 * evidence, `1 − (1 − score)(1 − weight)`. On its own a weight is the score it gives (a photo alone at 0.5
 * reaches the default threshold); on a strong text match it closes part of the remaining gap instead of
 * adding past 1, so a reviewer's "score ↓" still orders the strongest cases apart rather than tying them at 1.
 */
export function combineEvidence(score: number, weight: number): number {
  const s = Math.min(1, Math.max(0, score));
  const w = Math.min(1, Math.max(0, weight));
  // The matcher's own precision: four decimals.
  return Math.round((1 - (1 - s) * (1 - w)) * 10_000) / 10_000;
}
