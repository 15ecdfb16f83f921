/** Hyper-parameter flags of `classify evaluate|train`, named as scikit-learn / XGBoost name them. */
import type { Command } from 'commander';
import type { LearnerParams } from '../classify/learnerParams.js';
import { InputError } from '../data/errors.js';

export interface LearnerOptions {
  rounds?: string;
  maxDepth?: string;
  maxLeaves?: string;
  learningRate?: string;
  maxBins?: string;
  subsample?: string;
  colsample?: string;
  minSamplesLeaf?: string;
  minChildWeight?: string;
  l2?: string;
  earlyStopping?: string;
}

export function addLearnerOptions(command: Command): Command {
  return command
    .option('--rounds <n>', 'same as --trees: trees of the forest, or (most) boosting rounds')
    .option('--max-depth <n>', 'deepest level of a tree (root = 0), or "none" (forest default none; gbdt default 12)')
    .option('--max-leaves <n>', 'gbdt: most leaves per tree, 0 = no limit (depth-wise trees; default 31)')
    .option('--learning-rate <x>', 'gbdt: shrinkage of each tree (default 0.1)')
    .option('--max-bins <n>', 'quantile bins per feature, 2-256 (gbdt default 128, forest 256)')
    .option('--subsample <share>', 'rows per tree: gbdt draws without replacement (default 0.7); forest bootstrap size (default 1)')
    .option('--colsample <share>', 'features per tree (gbdt, default 0.5) or per node (forest, default sqrt of the features)')
    .option('--min-samples-leaf <n>', 'fewest training tracks in a leaf (forest default 1; gbdt default 20)')
    .option('--min-child-weight <x>', 'gbdt: least hessian sum in a leaf (default 0.1; hessian 2p(1-p), as XGBoost)')
    .option('--l2 <x>', 'gbdt: L2 penalty on leaf values (default 20)')
    .option(
      '--early-stopping <on|off>',
      'gbdt: stop on a validation slice of the training tracks (on, default) or boost every round (off)',
    );
}

function number(flag: string, text: string | undefined, check: (x: number) => boolean, expected: string): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !check(x))
    throw new InputError(`--${flag} must be ${expected}, got ${JSON.stringify(text)}.`);
  return x;
}

const whole = (min: number) => (x: number) => Number.isInteger(x) && x >= min;
const share = (x: number) => x > 0 && x <= 1;

/** The flags given, as library hyper-parameters (unset flags stay unset: each learner's defaults). */
export function learnerParamsFromOptions(options: LearnerOptions & { trees?: string }): LearnerParams {
  if (options.rounds !== undefined && options.trees !== undefined && options.rounds !== options.trees)
    throw new InputError('--rounds and --trees are the same setting; give one of them.');
  const out: LearnerParams = {};
  const set = <K extends keyof LearnerParams>(key: K, value: LearnerParams[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('rounds', number('rounds', options.rounds ?? options.trees, whole(1), 'a whole number >= 1'));
  if (options.maxDepth !== undefined && ['none', '0'].includes(options.maxDepth.trim().toLowerCase()))
    out.maxDepth = Number.POSITIVE_INFINITY;
  else set('maxDepth', number('max-depth', options.maxDepth, whole(1), 'a whole number >= 1 or "none"'));
  set(
    'maxLeaves',
    number('max-leaves', options.maxLeaves, (x) => whole(0)(x) && x !== 1, '0 (no limit) or a whole number >= 2'),
  );
  set(
    'learningRate',
    number('learning-rate', options.learningRate, (x) => x > 0, 'a number > 0'),
  );
  set(
    'maxBins',
    number('max-bins', options.maxBins, (x) => whole(2)(x) && x <= 256, 'a whole number from 2 to 256'),
  );
  set('subsample', number('subsample', options.subsample, share, 'a share in (0, 1]'));
  set('colsample', number('colsample', options.colsample, share, 'a share in (0, 1]'));
  set('minSamplesLeaf', number('min-samples-leaf', options.minSamplesLeaf, whole(1), 'a whole number >= 1'));
  set(
    'minChildWeight',
    number('min-child-weight', options.minChildWeight, (x) => x >= 0, 'a number >= 0'),
  );
  set(
    'l2',
    number('l2', options.l2, (x) => x >= 0, 'a number >= 0'),
  );
  if (options.earlyStopping !== undefined) {
    const v = options.earlyStopping.trim().toLowerCase();
    if (v !== 'on' && v !== 'off')
      throw new InputError(`--early-stopping must be on or off, got ${JSON.stringify(options.earlyStopping)}.`);
    out.earlyStopping = v === 'on';
  }
  return out;
}
