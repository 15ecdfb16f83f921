/**
 * Random forest classifier (scikit-learn RandomForestClassifier semantics): bootstrap samples drawn as
 * per-row counts used as sample weights, class_weight "balanced" = n / (classes * bincount(y)) times the
 * bootstrap counts, sqrt(features) candidates per node, fully grown trees by default, probabilities
 * averaged over trees. Tree t draws from its own seed stream, so any thread count gives the same forest.
 */
import { InputError } from '../data/errors.js';
import { sharedCopy } from '../data/sharedMemory.js';
import { type Bins, binMatrix, fitBins, MAX_BINS } from './binning.js';
import type { FeatureMatrix } from './features.js';
import { streamRandom } from './random.js';
import { type BinnedSet, leafOf, type Tree, TreeGrower, type TreeParams } from './tree.js';
import { defaultThreads, WorkerPool } from './workers.js';

export type ClassWeight = 'balanced' | 'none';

export interface ForestParams {
  nEstimators: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** 'sqrt' (default), 'log2', 'all', a count, or a share of the features (scikit-learn's float). */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number | { share: number };
  bootstrap: boolean;
  /** Bootstrap draws per tree as a share of the rows (scikit-learn's max_samples; default 1). */
  maxSamples: number;
  /** Quantile bins per feature for the split search (at most 256). */
  maxBins: number;
  classWeight: ClassWeight;
  seed: number;
}

export const DEFAULT_FOREST_PARAMS: ForestParams = {
  nEstimators: 100,
  maxDepth: Number.POSITIVE_INFINITY,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxSamples: 1,
  maxBins: MAX_BINS,
  classWeight: 'balanced',
  seed: 42,
};

export interface FitOptions {
  /** Worker threads (default: all cores); 1 trains in this thread. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * A group id per training row (songGroups): boosting's early-stopping slice then holds whole groups,
   * so versions of one song are not on both sides of it either. The forest has no such slice.
   */
  groups?: Int32Array;
}

/** Lets pending I/O run between units of work done in this thread. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A trained forest: every tree's nodes concatenated (child and value indexes are absolute). */
export interface ForestModel {
  kind: 'rf';
  featureNames: string[];
  classNames: string[];
  bins: Bins;
  params: ForestParams;
  /** Nodes of tree t: treeStart[t] .. treeStart[t + 1]. */
  treeStart: Int32Array;
  feature: Int16Array;
  threshold: Uint8Array;
  right: Int32Array;
  valueStart: Int32Array;
  valueCount: Uint16Array;
  valueClass: Uint16Array;
  valueProb: Float32Array;
  /** Weighted samples reaching each node, for TreeSHAP. */
  cover: Float32Array;
  /** Mean decrease in impurity per feature, normalized to sum 1 (scikit-learn feature_importances_). */
  importances: Float64Array;
}

/** scikit-learn's compute_class_weight("balanced"): n_samples / (n_classes * bincount(y)). */
export function balancedClassWeights(labels: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    counts[c] = (counts[c] as number) + 1;
  }
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
}

export function resolveMaxFeatures(maxFeatures: ForestParams['maxFeatures'], features: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(features)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(features)));
  if (maxFeatures === 'all') return features;
  if (typeof maxFeatures === 'object') {
    if (!(maxFeatures.share > 0 && maxFeatures.share <= 1))
      throw new InputError(`the share of features must be in (0, 1], got ${maxFeatures.share}`);
    return Math.max(1, Math.floor(maxFeatures.share * features)); // scikit-learn: int(max_features * n_features)
  }
  if (!Number.isInteger(maxFeatures) || maxFeatures < 1)
    throw new InputError(`maxFeatures must be a whole number >= 1, got ${maxFeatures}`);
  return Math.min(features, maxFeatures);
}

/** How many times each row is drawn into tree t's bootstrap sample (`draws` draws with replacement, default n). */
export function bootstrapCounts(rows: number, seed: number, tree: number, draws = rows): Float64Array {
  const random = streamRandom(seed, tree, 0);
  const counts = new Float64Array(rows);
  for (let k = 0; k < draws; k++) {
    const row = Math.floor(random() * rows);
    counts[row] = (counts[row] as number) + 1;
  }
  return counts;
}

/** What a worker (or this thread) needs to grow trees. */
export interface ForestJob {
  kind: 'forest';
  set: BinnedSet;
  classWeights: Float64Array;
  treeParams: TreeParams;
  bootstrap: boolean;
  /** Bootstrap draws per tree. */
  draws: number;
  seed: number;
}

/** scikit-learn's _get_n_samples_bootstrap: max(round(n * max_samples), 1). */
export function bootstrapDraws(rows: number, maxSamples: number): number {
  return Math.max(1, Math.round(rows * maxSamples));
}

export function growForestTree(job: ForestJob, grower: TreeGrower, tree: number): Tree {
  const { set, classWeights } = job;
  const weight = job.bootstrap ? bootstrapCounts(set.rows, job.seed, tree, job.draws) : new Float64Array(set.rows).fill(1);
  for (let i = 0; i < set.rows; i++) weight[i] = (weight[i] as number) * (classWeights[set.labels[i] as number] as number);
  return grower.grow(weight, job.treeParams, streamRandom(job.seed, tree, 1));
}

function checkParams(params: ForestParams): void {
  if (!Number.isInteger(params.nEstimators) || params.nEstimators < 1)
    throw new InputError(`the number of trees must be a whole number >= 1, got ${params.nEstimators}`);
  if (!(params.maxDepth >= 1)) throw new InputError(`maxDepth must be >= 1, got ${params.maxDepth}`);
  if (!Number.isInteger(params.minSamplesLeaf) || params.minSamplesLeaf < 1) throw new InputError('minSamplesLeaf must be >= 1');
  if (!Number.isInteger(params.minSamplesSplit) || params.minSamplesSplit < 2) throw new InputError('minSamplesSplit must be >= 2');
  if (!(params.maxSamples > 0 && params.maxSamples <= 1))
    throw new InputError(`maxSamples must be a share in (0, 1], got ${params.maxSamples}`);
  if (!Number.isInteger(params.maxBins) || params.maxBins < 2 || params.maxBins > MAX_BINS)
    throw new InputError(`maxBins must be a whole number from 2 to ${MAX_BINS}, got ${params.maxBins}`);
}

/** Labels must be class indexes 0..classNames.length-1. */
export async function fitForest(
  matrix: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
  params: Partial<ForestParams> = {},
  options: FitOptions = {},
): Promise<ForestModel> {
  const p: ForestParams = { ...DEFAULT_FOREST_PARAMS, ...params };
  checkParams(p);
  if (matrix.rows === 0) throw new InputError('no training rows');
  const bins = fitBins(matrix, p.maxBins);
  const set: BinnedSet = {
    codes: binMatrix(bins, matrix),
    rows: matrix.rows,
    features: matrix.names.length,
    labels,
    classes: classNames.length,
  };
  const job: ForestJob = {
    kind: 'forest',
    set,
    classWeights: p.classWeight === 'balanced' ? balancedClassWeights(labels, set.classes) : new Float64Array(set.classes).fill(1),
    treeParams: {
      maxDepth: p.maxDepth,
      minSamplesSplit: p.minSamplesSplit,
      minSamplesLeaf: p.minSamplesLeaf,
      maxFeatures: resolveMaxFeatures(p.maxFeatures, set.features),
    },
    bootstrap: p.bootstrap,
    draws: bootstrapDraws(matrix.rows, p.maxSamples),
    seed: p.seed,
  };
  const indexes = Array.from({ length: p.nEstimators }, (_, t) => t);
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), p.nEstimators));
  let trees: Tree[];
  if (threads === 1) {
    const grower = new TreeGrower(set);
    trees = [];
    for (const t of indexes) {
      trees.push(growForestTree(job, grower, t));
      options.onProgress?.(t + 1, p.nEstimators);
      await yieldToEventLoop(); // a server training in the background keeps answering
    }
  } else {
    const sharedJob: ForestJob = { ...job, set: { ...set, codes: sharedCopy(set.codes), labels: sharedCopy(set.labels) } };
    const pool = WorkerPool.open(threads, sharedJob);
    try {
      trees = await pool.run<Tree>(indexes, (done) => options.onProgress?.(done, p.nEstimators));
    } finally {
      await pool.close();
    }
  }
  return packForest(trees, matrix.names, classNames, bins, p);
}

function packForest(trees: Tree[], featureNames: readonly string[], classNames: string[], bins: Bins, params: ForestParams): ForestModel {
  const treeStart = new Int32Array(trees.length + 1);
  let values = 0;
  trees.forEach((tree, t) => {
    treeStart[t + 1] = (treeStart[t] as number) + tree.feature.length;
    values += tree.valueClass.length;
  });
  const nodes = treeStart[trees.length] as number;
  const model: ForestModel = {
    kind: 'rf',
    featureNames: [...featureNames],
    classNames,
    bins,
    params,
    treeStart,
    feature: new Int16Array(nodes),
    threshold: new Uint8Array(nodes),
    right: new Int32Array(nodes),
    valueStart: new Int32Array(nodes),
    valueCount: new Uint16Array(nodes),
    valueClass: new Uint16Array(values),
    valueProb: new Float32Array(values),
    cover: new Float32Array(nodes),
    importances: new Float64Array(featureNames.length),
  };
  let valueOffset = 0;
  trees.forEach((tree, t) => {
    const offset = treeStart[t] as number;
    model.feature.set(tree.feature, offset);
    model.threshold.set(tree.threshold, offset);
    model.valueCount.set(tree.valueCount, offset);
    model.cover.set(tree.cover, offset);
    for (let k = 0; k < tree.feature.length; k++) {
      model.right[offset + k] = (tree.right[k] as number) + offset;
      model.valueStart[offset + k] = (tree.valueStart[k] as number) + valueOffset;
    }
    model.valueClass.set(tree.valueClass, valueOffset);
    model.valueProb.set(tree.valueProb, valueOffset);
    valueOffset += tree.valueClass.length;
    // Each tree's importances normalized, averaged over trees, normalized again (as scikit-learn).
    const sum = tree.importance.reduce((a, b) => a + b, 0);
    if (sum > 0)
      for (let f = 0; f < featureNames.length; f++)
        model.importances[f] = (model.importances[f] as number) + (tree.importance[f] as number) / sum;
  });
  const total = model.importances.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < featureNames.length; f++) model.importances[f] = (model.importances[f] as number) / total;
  return model;
}

/** Adds tree t's leaf probabilities for `row` into proba (row-major, one row of `classes`). */
export function addTreeProba(
  model: ForestModel,
  t: number,
  codes: Uint8Array,
  rows: number,
  row: number,
  proba: Float64Array,
  at: number,
): void {
  const leaf = leafOf(model, codes, rows, row, model.treeStart[t] as number);
  const start = model.valueStart[leaf] as number;
  const end = start + (model.valueCount[leaf] as number);
  for (let k = start; k < end; k++) {
    const c = at + (model.valueClass[k] as number);
    proba[c] = (proba[c] as number) + (model.valueProb[k] as number);
  }
}

/** Class probabilities for binned rows, row-major: proba[i * classes + c]. */
export function forestProbaCodes(model: ForestModel, codes: Uint8Array, rows: number): Float64Array {
  const classes = model.classNames.length;
  const trees = model.treeStart.length - 1;
  const proba = new Float64Array(rows * classes);
  for (let t = 0; t < trees; t++) for (let i = 0; i < rows; i++) addTreeProba(model, t, codes, rows, i, proba, i * classes);
  const scale = 1 / trees;
  for (let k = 0; k < proba.length; k++) proba[k] = (proba[k] as number) * scale;
  return proba;
}

export function forestProba(model: ForestModel, matrix: FeatureMatrix): Float64Array {
  return forestProbaCodes(model, binMatrix(model.bins, matrix), matrix.rows);
}

/**
 * Out-of-bag accuracy on the training rows the forest was fitted on (as scikit-learn's oob_score_):
 * each row is predicted by the trees whose bootstrap sample left it out; rows never left out are skipped.
 */
export function oobScore(model: ForestModel, matrix: FeatureMatrix, labels: Int32Array): { accuracy: number; rows: number } {
  const { proba, voted } = oobProba(model, matrix);
  const classes = model.classNames.length;
  let correct = 0;
  let counted = 0;
  for (let i = 0; i < matrix.rows; i++) {
    if (!voted[i]) continue;
    counted++;
    let best = 0;
    for (let c = 1; c < classes; c++) if ((proba[i * classes + c] as number) > (proba[i * classes + best] as number)) best = c;
    if (best === labels[i]) correct++;
  }
  return { accuracy: counted ? correct / counted : Number.NaN, rows: counted };
}

/**
 * Out-of-bag class probabilities of the training rows (row-major; each row averaged over the trees
 * whose bootstrap left it out; `voted` is 0 for rows no tree left out, whose probabilities are 0).
 */
export function oobProba(model: ForestModel, matrix: FeatureMatrix): { proba: Float64Array; voted: Uint8Array } {
  if (!model.params.bootstrap) throw new InputError('out-of-bag score needs bootstrap');
  const codes = binMatrix(model.bins, matrix);
  const rows = matrix.rows;
  const classes = model.classNames.length;
  const proba = new Float64Array(rows * classes);
  const voted = new Uint8Array(rows);
  const trees = new Float64Array(rows);
  for (let t = 0; t < model.treeStart.length - 1; t++) {
    const counts = bootstrapCounts(rows, model.params.seed, t, bootstrapDraws(rows, model.params.maxSamples));
    for (let i = 0; i < rows; i++) {
      if ((counts[i] as number) > 0) continue;
      voted[i] = 1;
      trees[i] = (trees[i] as number) + 1;
      addTreeProba(model, t, codes, rows, i, proba, i * classes);
    }
  }
  for (let i = 0; i < rows; i++) {
    const n = trees[i] as number;
    if (n > 0) for (let c = 0; c < classes; c++) proba[i * classes + c] = (proba[i * classes + c] as number) / n;
  }
  return { proba, voted };
}
