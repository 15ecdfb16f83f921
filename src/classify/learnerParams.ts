/**
 * Hyper-parameters shared by both learners, named as scikit-learn and XGBoost name them, mapped onto
 * each learner's own parameters. A setting a learner does not have is an error, not silently ignored.
 *
 *   name            forest (RandomForestClassifier)     boosting (XGBoost / HistGradientBoosting)
 *   rounds          n_estimators (trees)                n_estimators / max_iter (most rounds)
 *   maxDepth        max_depth                           max_depth (Infinity: no limit)
 *   maxLeaves       -                                   max_leaves (0: no limit, depth-wise trees)
 *   learningRate    -                                   learning_rate
 *   maxBins         bins of the split search            max_bin
 *   subsample       max_samples (bootstrap size share)  subsample (rows per tree)
 *   colsample       max_features as a share             colsample_bytree
 *   minSamplesLeaf  min_samples_leaf                    min_samples_leaf
 *   minChildWeight  -                                   min_child_weight (hessian)
 *   l2              -                                   reg_lambda / l2_regularization
 *   earlyStopping   -                                   early stopping on a validation slice
 */
import { InputError } from '../data/errors.js';
import type { ForestParams } from './forest.js';
import type { BoostingParams } from './gbdt.js';

export interface LearnerParams {
  rounds?: number;
  maxDepth?: number;
  maxLeaves?: number;
  learningRate?: number;
  maxBins?: number;
  subsample?: number;
  colsample?: number;
  minSamplesLeaf?: number;
  minChildWeight?: number;
  l2?: number;
  earlyStopping?: boolean;
}

/** Boosting-only settings, with the words used for them in messages. */
const BOOSTING_ONLY: [keyof LearnerParams, string][] = [
  ['maxLeaves', 'max leaves'],
  ['learningRate', 'learning rate'],
  ['minChildWeight', 'min child weight'],
  ['l2', 'l2'],
  ['earlyStopping', 'early stopping'],
];

const share = (name: string, x: number | undefined) => {
  if (x !== undefined && !(x > 0 && x <= 1)) throw new InputError(`${name} must be a share in (0, 1], got ${x}`);
  return x;
};

export function forestParamsOf(p: LearnerParams): Partial<ForestParams> {
  for (const [key, words] of BOOSTING_ONLY)
    if (p[key] !== undefined) throw new InputError(`${words} applies to gradient boosting only, not to the random forest`);
  const out: Partial<ForestParams> = {};
  if (p.rounds !== undefined) out.nEstimators = p.rounds;
  if (p.maxDepth !== undefined) out.maxDepth = p.maxDepth;
  if (p.minSamplesLeaf !== undefined) out.minSamplesLeaf = p.minSamplesLeaf;
  if (p.maxBins !== undefined) out.maxBins = p.maxBins;
  const subsample = share('subsample', p.subsample);
  if (subsample !== undefined) out.maxSamples = subsample;
  const colsample = share('colsample', p.colsample);
  if (colsample !== undefined) out.maxFeatures = { share: colsample };
  return out;
}

export function boostingParamsOf(p: LearnerParams): Partial<BoostingParams> {
  const out: Partial<BoostingParams> = {};
  if (p.rounds !== undefined) out.maxIterations = p.rounds;
  if (p.maxDepth !== undefined) out.maxDepth = p.maxDepth;
  if (p.maxLeaves !== undefined) out.maxLeaves = p.maxLeaves;
  if (p.learningRate !== undefined) out.learningRate = p.learningRate;
  if (p.maxBins !== undefined) out.maxBins = p.maxBins;
  if (p.subsample !== undefined) out.subsample = p.subsample;
  if (p.colsample !== undefined) out.colsample = p.colsample;
  if (p.minSamplesLeaf !== undefined) out.minSamplesLeaf = p.minSamplesLeaf;
  if (p.minChildWeight !== undefined) out.minChildWeight = p.minChildWeight;
  if (p.l2 !== undefined) out.l2 = p.l2;
  if (p.earlyStopping === false) out.validationFraction = 0;
  return out;
}

/** The learner's own parameters for these settings (throws for a setting the learner lacks). */
export function learnerParamsFor(kind: 'rf' | 'gbdt', p: LearnerParams): Partial<ForestParams> | Partial<BoostingParams> {
  return kind === 'rf' ? forestParamsOf(p) : boostingParamsOf(p);
}
