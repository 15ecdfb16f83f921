/**
 * Honest evaluation of a genre classifier on a catalogue, as the reference notebook does it and more:
 * one row per track (the Catalog), label = primary genre, a seeded stratified 80/20 split by track (no
 * track on both sides) or stratified k-fold, then scikit-learn's classification report, top-3/top-5
 * accuracy, any-genre accuracy (right if the prediction is any of the track's genres), the confusion
 * pairs, best and worst genres, and feature importances (impurity/gain, optionally permutation).
 */
import type { Catalog } from '../data/catalog.js';
import { seededRandom, shuffleInPlace } from '../stats/random.js';
import {
  catalogMatrix,
  EXTENDED_LEAK_NOTE,
  type FeatureMatrix,
  type FeatureSetName,
  featureSetNames,
  genreLabels,
  selectLabels,
  selectRows,
} from './features.js';
import { oobScore } from './forest.js';
import { evaluateFamilies, type FamilyEvaluation, familyOfClasses, GENRE_FAMILIES } from './genreFamilies.js';
import type { LearnerParams } from './learnerParams.js';
import {
  anyLabelAccuracy,
  argmaxRows,
  type ClassScores,
  type ConfusedPair,
  classificationReport,
  confusionMatrix,
  mostConfusedPairs,
  topKAccuracy,
} from './metrics.js';
import { fitModel, type GenreModel, type ModelKind, predictProba, predictProbaParallel } from './model.js';
import { songGroups } from './songGroups.js';
import { foldSplit, groupedStratifiedFolds, groupedStratifiedSplit, type Split, stratifiedFolds, stratifiedSplit } from './split.js';

/**
 * "track": no track on both sides (the notebook's split); "song": no song on both sides (versions and
 * re-releases of one recording stay together; see songGroups).
 */
export type SplitKind = 'track' | 'song';
export const SPLIT_KINDS: readonly SplitKind[] = ['track', 'song'];

export interface EvaluateOptions {
  model: ModelKind;
  features: FeatureSetName;
  seed: number;
  /** Default "track". */
  split?: SplitKind;
  trees?: number;
  /** Gradient boosting: refit on every training track after early stopping. */
  refit?: boolean;
  /** Hyper-parameters (see learnerParams); unset ones keep each learner's defaults. */
  params?: LearnerParams;
  threads?: number;
  testFraction?: number;
  /** Stratified k-fold cross-validation instead of one split. */
  folds?: number;
  /** Permutation importance repeats on the test rows (0 = skip). */
  permutationRepeats?: number;
  onProgress?: (label: string, done: number, total: number) => void;
}

export interface FeatureImportance {
  feature: string;
  /** Mean decrease in impurity (forest) or share of split gain (boosting), summing to 1. */
  importance: number;
  /** Mean drop in test accuracy when the feature's test values are shuffled (when asked for). */
  permutation?: number;
}

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  accuracy: number;
  macroF1: number;
  top5Accuracy: number;
}

export interface Evaluation {
  model: ModelKind;
  features: FeatureSetName;
  featureNames: string[];
  seed: number;
  classes: number;
  trainRows: number;
  testRows: number;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  weightedPrecision: number;
  weightedRecall: number;
  weightedF1: number;
  top3Accuracy: number;
  top5Accuracy: number;
  anyGenreAccuracy: number;
  split: SplitKind;
  /**
   * Test tracks whose song (another version or release of it) is in the training set, and the accuracy
   * on them and on the other test tracks: what a split by track lets a model memorize.
   */
  songOverlap: { testTracks: number; accuracy: number; otherAccuracy: number };
  /** Accuracy of always answering the most frequent training genre. */
  chanceAccuracy: number;
  /**
   * Family-level accuracy (GENRE_FAMILIES) beside its chance level, the largest family's share; absent
   * when the catalogue has genres outside the families.
   */
  families?: FamilyEvaluation;
  perGenre: ClassScores[];
  bestGenres: ClassScores[];
  worstGenres: ClassScores[];
  confusedPairs: ConfusedPair[];
  importances: FeatureImportance[];
  trainSeconds: number;
  predictSeconds: number;
  /** The learner's parameters as fitted (defaults filled in). */
  params: Record<string, unknown>;
  /** Out-of-bag accuracy on the training rows (random forest). */
  oobAccuracy?: number;
  /** Boosting rounds kept by early stopping. */
  iterations?: number;
  folds?: FoldResult[];
  note?: string;
}

interface FoldOutcome {
  split: Split;
  model: GenreModel;
  proba: Float64Array;
  trainSeconds: number;
  predictSeconds: number;
}

async function runSplit(
  matrix: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
  split: Split,
  options: EvaluateOptions,
  label: string,
  groups: Int32Array | undefined,
): Promise<FoldOutcome> {
  const started = performance.now();
  const model = await fitModel(
    selectRows(matrix, split.train),
    selectLabels(labels, split.train),
    classNames,
    {
      kind: options.model,
      seed: options.seed,
      ...(options.trees ? { trees: options.trees } : {}),
      ...(options.refit ? { boosting: { refit: true } } : {}),
      ...(options.params ? { params: options.params } : {}),
    },
    {
      ...(options.threads ? { threads: options.threads } : {}),
      ...(groups ? { groups: selectLabels(groups, split.train) } : {}),
      onProgress: (done, total) => options.onProgress?.(label, done, total),
    },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const predictStarted = performance.now();
  const proba = await predictProbaParallel(model, selectRows(matrix, split.test), options.threads);
  return { split, model, proba, trainSeconds, predictSeconds: (performance.now() - predictStarted) / 1000 };
}

export async function evaluateGenres(catalog: Catalog, options: EvaluateOptions): Promise<Evaluation> {
  const featureNames = [...featureSetNames(options.features)];
  const matrix = catalogMatrix(catalog, featureNames);
  const { labels, classNames } = genreLabels(catalog);
  const classes = classNames.length;
  const classOfGenre = new Map(catalog.genreNames.map((name, g) => [g, classNames.indexOf(name)]));

  const groups = songGroups(catalog);
  const bySong = options.split === 'song';
  const fitGroups = bySong ? groups : undefined; // boosting's early-stopping slice follows the split
  const outcomes: FoldOutcome[] = [];
  if (options.folds) {
    const fold = bySong
      ? groupedStratifiedFolds(labels, groups, options.folds, options.seed)
      : stratifiedFolds(labels, options.folds, options.seed);
    for (let k = 0; k < options.folds; k++) {
      outcomes.push(await runSplit(matrix, labels, classNames, foldSplit(fold, k), options, `fold ${k + 1}/${options.folds}`, fitGroups));
    }
  } else {
    const fraction = options.testFraction ?? 0.2;
    const split = bySong ? groupedStratifiedSplit(labels, groups, fraction, options.seed) : stratifiedSplit(labels, fraction, options.seed);
    outcomes.push(await runSplit(matrix, labels, classNames, split, options, 'training', fitGroups));
  }

  // Pool the test predictions of every fold (with one split: its test rows).
  const testRows = outcomes.reduce((n, o) => n + o.split.test.length, 0);
  const tracks = new Int32Array(testRows);
  const proba = new Float64Array(testRows * classes);
  const songInTrain = new Uint8Array(testRows);
  let at = 0;
  for (const o of outcomes) {
    tracks.set(o.split.test, at);
    proba.set(o.proba, at * classes);
    const trainedSongs = new Set(Array.from(o.split.train, (t) => groups[t] as number));
    o.split.test.forEach((t, j) => {
      songInTrain[at + j] = trainedSongs.has(groups[t] as number) ? 1 : 0;
    });
    at += o.split.test.length;
  }
  const truth = selectLabels(labels, tracks);
  const predicted = argmaxRows(proba, classes);
  const report = classificationReport(truth, predicted, classNames);
  const anyGenre = anyLabelAccuracy(predicted, (row) => {
    const t = tracks[row] as number;
    const out: number[] = [];
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
      out.push(classOfGenre.get(catalog.genreCodes[k] as number) ?? -1);
    }
    return out;
  });
  const first = outcomes[0] as FoldOutcome;
  const trainCounts = new Float64Array(classes);
  for (const t of first.split.train) trainCounts[labels[t] as number] = (trainCounts[labels[t] as number] as number) + 1;
  const majority = trainCounts.indexOf(Math.max(...trainCounts));
  const ranked = [...report.perClass].sort((a, b) => b.f1 - a.f1 || a.genre.localeCompare(b.genre));

  const importances: FeatureImportance[] = featureNames.map((feature, f) => ({
    feature,
    importance: outcomes.reduce((s, o) => s + (o.model.importances[f] as number), 0) / outcomes.length,
  }));
  const repeats = options.permutationRepeats ?? 0;
  if (repeats > 0) {
    const test = selectRows(matrix, first.split.test);
    const drops = permutationImportance(first.model, test, selectLabels(labels, first.split.test), repeats, options.seed);
    importances.forEach((imp, f) => {
      imp.permutation = drops[f] as number;
    });
  }

  const overlapHits = [0, 0]; // right answers on [other, overlapping] test tracks
  const overlapTracks = [0, 0];
  for (let j = 0; j < testRows; j++) {
    const o = songInTrain[j] as number;
    overlapTracks[o] = (overlapTracks[o] as number) + 1;
    if (predicted[j] === truth[j]) overlapHits[o] = (overlapHits[o] as number) + 1;
  }
  const share = (o: number) => ((overlapTracks[o] as number) ? (overlapHits[o] as number) / (overlapTracks[o] as number) : 0);

  const evaluation: Evaluation = {
    model: options.model,
    features: options.features,
    featureNames,
    seed: options.seed,
    classes,
    trainRows: first.split.train.length,
    testRows: first.split.test.length,
    accuracy: report.accuracy,
    macroPrecision: report.macro.precision,
    macroRecall: report.macro.recall,
    macroF1: report.macro.f1,
    weightedPrecision: report.weighted.precision,
    weightedRecall: report.weighted.recall,
    weightedF1: report.weighted.f1,
    top3Accuracy: topKAccuracy(proba, classes, truth, 3),
    top5Accuracy: topKAccuracy(proba, classes, truth, 5),
    anyGenreAccuracy: anyGenre,
    split: options.split ?? 'track',
    songOverlap: { testTracks: overlapTracks[1] as number, accuracy: share(1), otherAccuracy: share(0) },
    chanceAccuracy: truth.filter((t) => t === majority).length / truth.length,
    perGenre: report.perClass,
    bestGenres: ranked.slice(0, 5),
    worstGenres: ranked.slice(-5).reverse(),
    confusedPairs: mostConfusedPairs(confusionMatrix(truth, predicted, classes), classNames),
    importances,
    trainSeconds: outcomes.reduce((s, o) => s + o.trainSeconds, 0) / outcomes.length,
    predictSeconds: outcomes.reduce((s, o) => s + o.predictSeconds, 0) / outcomes.length,
    params: { ...first.model.params },
  };
  const familyOf = familyOfClasses(classNames);
  if (familyOf) evaluation.families = evaluateFamilies(truth, proba, classes, familyOf, GENRE_FAMILIES);
  if (first.model.kind === 'rf') {
    evaluation.oobAccuracy = oobScore(first.model, selectRows(matrix, first.split.train), selectLabels(labels, first.split.train)).accuracy;
  } else {
    evaluation.iterations = first.model.iterations;
  }
  if (options.folds) {
    evaluation.folds = outcomes.map((o, k) => {
      const foldTruth = selectLabels(labels, o.split.test);
      const foldReport = classificationReport(foldTruth, argmaxRows(o.proba, classes), classNames);
      return {
        fold: k + 1,
        trainRows: o.split.train.length,
        testRows: o.split.test.length,
        accuracy: foldReport.accuracy,
        macroF1: foldReport.macro.f1,
        top5Accuracy: topKAccuracy(o.proba, classes, foldTruth, 5),
      };
    });
  }
  if (options.features === 'extended') evaluation.note = EXTENDED_LEAK_NOTE;
  return evaluation;
}

/**
 * Permutation importance (scikit-learn permutation_importance with accuracy): for each feature, the
 * mean drop in accuracy over `repeats` seeded shuffles of that feature's test column.
 */
export function permutationImportance(
  model: GenreModel,
  test: FeatureMatrix,
  truth: Int32Array,
  repeats: number,
  seed: number,
): Float64Array {
  const classes = model.classNames.length;
  const accuracyOf = (m: FeatureMatrix) => {
    const predicted = argmaxRows(predictProba(model, m), classes);
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
    return hits / truth.length;
  };
  const baseline = accuracyOf(test);
  const random = seededRandom(seed);
  const d = test.names.length;
  const drops = new Float64Array(d);
  const values = Float64Array.from(test.values);
  const shuffled: FeatureMatrix = { ...test, values };
  for (let f = 0; f < d; f++) {
    const column = values.subarray(f * test.rows, (f + 1) * test.rows);
    for (let r = 0; r < repeats; r++) {
      column.set(test.values.subarray(f * test.rows, (f + 1) * test.rows));
      shuffleInPlace(column, random);
      drops[f] = (drops[f] as number) + (baseline - accuracyOf(shuffled)) / repeats;
    }
    column.set(test.values.subarray(f * test.rows, (f + 1) * test.rows));
  }
  return drops;
}
