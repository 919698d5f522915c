/**
 * The learned combiner the matcher scores with: gradient-boosted trees over
 * the signal families' features, a Platt calibration of their margin into a
 * probability, the listing word counts the IDF weights borrow, and the
 * thresholds chosen on each benchmark's training split. Trained by
 * `npm run train:matcher`; a JSON file bundled everywhere (crawler, CLI,
 * extension), never fetched.
 */
import json from './matcher-model.json' with { type: 'json' };
import { FEATURE_NAMES } from '../signals';
import type { Background } from '../text-stats';
import type { ForestJson } from './forest';

export const MODEL_FORMAT = 'counterscan-matcher';

export interface MatcherModel {
  format: typeof MODEL_FORMAT;
  /** Bumped whenever features, training data or method change. */
  version: number;
  /** Feature names in row order; must equal the code's (FEATURE_NAMES). */
  features: string[];
  forest: ForestJson;
  /** score = σ(a · margin + b), fitted on out-of-fold scores of the training splits. */
  calibration: { a: number; b: number };
  /** How many shortlisted items get the full scoring. */
  shortlist: number;
  background: Background;
  /** Thresholds chosen on each dataset's training split (out-of-fold), for the evaluation. */
  thresholds: Record<string, number>;
  /** What it was trained on, for the record. */
  training: Record<string, unknown>;
}

/** The model shipped in this checkout. */
export const DEFAULT_MODEL = json as unknown as MatcherModel;

/** Refuses a model whose features are not the ones this code computes. */
export function checkModel(model: MatcherModel): MatcherModel {
  if (model.format !== MODEL_FORMAT) throw new Error(`not a ${MODEL_FORMAT} model: ${String(model.format)}`);
  const want = FEATURE_NAMES.join(',');
  if (model.features.join(',') !== want) {
    throw new Error(`matcher model v${model.version} was trained on other features; run npm run train:matcher`);
  }
  return model;
}

export { Forest, sigmoid, type ForestJson } from './forest';
