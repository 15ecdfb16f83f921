/** One face over both learners: fit, predict probabilities, top-k genres. */
import { InputError } from '../data/errors.js';
import type { FeatureMatrix } from './features.js';
import { type FitOptions, type ForestModel, type ForestParams, fitForest, forestProba } from './forest.js';
import { type BoostingModel, type BoostingParams, boostingProba, fitBoosting } from './gbdt.js';
import { boostingParamsOf, forestParamsOf, type LearnerParams } from './learnerParams.js';
import { topClasses } from './metrics.js';
import { boostingProbaParallel } from './packedTrees.js';

export type GenreModel = ForestModel | BoostingModel;
export type ModelKind = GenreModel['kind'];
export const MODEL_KINDS: readonly ModelKind[] = ['rf', 'gbdt'];

export interface ModelSettings {
  kind: ModelKind;
  seed: number;
  /** Trees of the forest, or the most boosting rounds. Default: 100 trees / 400 rounds. */
  trees?: number;
  /** Hyper-parameters named as scikit-learn / XGBoost name them (see learnerParams). */
  params?: LearnerParams;
  forest?: Partial<ForestParams>;
  boosting?: Partial<BoostingParams>;
}

export function parseModelKind(text: string): ModelKind {
  if (!MODEL_KINDS.includes(text as ModelKind)) throw new InputError(`model must be one of ${MODEL_KINDS.join(', ')}, got "${text}".`);
  return text as ModelKind;
}

export function fitModel(
  matrix: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
  settings: ModelSettings,
  options: FitOptions = {},
): Promise<GenreModel> {
  if (settings.kind === 'rf') {
    return fitForest(
      matrix,
      labels,
      classNames,
      {
        ...settings.forest,
        ...forestParamsOf(settings.params ?? {}),
        seed: settings.seed,
        ...(settings.trees ? { nEstimators: settings.trees } : {}),
      },
      options,
    );
  }
  return fitBoosting(
    matrix,
    labels,
    classNames,
    {
      ...settings.boosting,
      ...boostingParamsOf(settings.params ?? {}),
      seed: settings.seed,
      ...(settings.trees ? { maxIterations: settings.trees } : {}),
    },
    options,
  );
}

/** Row-major class probabilities for the matrix's rows (columns must be the model's features, in order). */
export function predictProba(model: GenreModel, matrix: FeatureMatrix): Float64Array {
  if (matrix.names.join() !== model.featureNames.join())
    throw new InputError(`the model expects features ${model.featureNames.join(', ')}; got ${matrix.names.join(', ')}`);
  return model.kind === 'rf' ? forestProba(model, matrix) : boostingProba(model, matrix);
}

/**
 * predictProba for large inputs: boosting walks its trees over `threads` workers (default: all cores),
 * with the same numbers as predictProba; the forest, fast enough alone, predicts in this thread.
 */
export async function predictProbaParallel(model: GenreModel, matrix: FeatureMatrix, threads?: number): Promise<Float64Array> {
  if (model.kind === 'rf') return predictProba(model, matrix);
  if (matrix.names.join() !== model.featureNames.join()) return predictProba(model, matrix); // its error
  return boostingProbaParallel(model, matrix, threads);
}

export interface GenreGuess {
  genre: string;
  probability: number;
}

/** The k most likely genres of each row. */
export function topGenres(model: GenreModel, proba: Float64Array, k: number): GenreGuess[][] {
  const classes = model.classNames.length;
  const rows = proba.length / classes;
  const out: GenreGuess[][] = [];
  for (let i = 0; i < rows; i++) {
    out.push(
      topClasses(proba, classes, i, k).map((c) => ({
        genre: model.classNames[c] as string,
        probability: proba[i * classes + c] as number,
      })),
    );
  }
  return out;
}

export function describeModel(model: GenreModel): string {
  if (model.kind === 'rf') return `random forest, ${model.treeStart.length - 1} trees`;
  return `gradient boosting, ${model.iterations} rounds x ${model.classNames.length} classes`;
}
