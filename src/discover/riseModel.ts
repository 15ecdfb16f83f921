/**
 * "Likely to rise": a logistic model of P(popularity rises by >= threshold points) fitted on earlier
 * snapshot pairs with only what was known at the earlier date: the earlier popularity, the release age
 * then, the years until the later measurement, the 9 audio features and the genres (one column each).
 * Numeric columns are standardized over the training pairs (StandardScaler), genre columns stay 0/1;
 * L2 penalty as scikit-learn's C.
 * Applied to today's catalogue, today's popularity stands in for the earlier one (hence the column name
 * "starting popularity").
 */
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';
import { fitLogistic } from './hitLikeness.js';
import type { SnapshotPairs } from './snapshotJoin.js';

export interface RiseModelOptions {
  /** A rise is now - earlier >= threshold points; default 10. */
  threshold?: number;
  /** Train on pairs whose earlier popularity is in this window (inclusive); default 40-70. */
  minPopularity?: number;
  maxPopularity?: number;
  /** Inverse L2 strength, as scikit-learn's C; default 1. */
  C?: number;
}

export interface RiseModel {
  threshold: number;
  window: { minPopularity: number; maxPopularity: number };
  C: number;
  /** Column names: earlier popularity, release age, years between, the audio features, genre:<name>. */
  columns: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  intercept: number;
  /** Release age (years) given to tracks whose release date is unknown: the training median. */
  releaseAgeFill: number;
  trainSize: number;
  positives: number;
  iterations: number;
}

/** What the model sees of one track: its catalogue index, a popularity to start from, the release age and the horizon. */
export interface RiseInputs {
  tracks: Int32Array;
  popularity: Float64Array;
  /** Years since release at the starting popularity; NaN when unknown. */
  releaseAge: Float64Array;
  years: Float64Array;
}

const BASE_COLUMNS = ['starting popularity', 'release age (years)', 'years between', ...AUDIO_FEATURES];

export function riseColumns(catalog: Catalog): string[] {
  return [...BASE_COLUMNS, ...catalog.genreNames.map((g) => `genre:${g}`)];
}

/** Unstandardized design matrix, row-major; unknown release ages take `fill`. */
function design(catalog: Catalog, inputs: RiseInputs, fill: number): Float64Array {
  const p = BASE_COLUMNS.length + catalog.genreNames.length;
  const n = inputs.tracks.length;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const t = inputs.tracks[i] as number;
    const row = i * p;
    x[row] = inputs.popularity[i] as number;
    const age = inputs.releaseAge[i] as number;
    x[row + 1] = Number.isNaN(age) ? fill : age;
    x[row + 2] = inputs.years[i] as number;
    AUDIO_FEATURES.forEach((feature, j) => {
      x[row + 3 + j] = catalog.numeric[feature][t] as number;
    });
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
      x[row + BASE_COLUMNS.length + (catalog.genreCodes[k] as number)] = 1;
    }
  }
  return x;
}

/** The model inputs of snapshot pairs: the earlier popularity, the release age at the earlier date (>= 0), the years between. */
export function pairInputs(pairs: SnapshotPairs, which: Int32Array): RiseInputs {
  return {
    tracks: Int32Array.from(which, (i) => pairs.track[i] as number),
    popularity: Float64Array.from(which, (i) => pairs.earlier[i] as number),
    releaseAge: Float64Array.from(which, (i) => Math.max(0, (pairs.earlierDate[i] as number) - (pairs.releaseDate[i] as number))),
    years: Float64Array.from(which, (i) => pairs.years[i] as number),
  };
}

/** Pairs usable for training: dated, with the earlier popularity in the window. */
export function trainablePairs(pairs: SnapshotPairs, minPopularity: number, maxPopularity: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < pairs.size; i++) {
    const p = pairs.earlier[i] as number;
    if (p >= minPopularity && p <= maxPopularity && Number.isFinite(pairs.years[i] as number)) out.push(i);
  }
  return Int32Array.from(out);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Fits the model on the given pairs (default: every trainable pair). */
export function fitRiseModel(catalog: Catalog, pairs: SnapshotPairs, options: RiseModelOptions = {}, which?: Int32Array): RiseModel {
  const threshold = options.threshold ?? 10;
  const minPopularity = options.minPopularity ?? 40;
  const maxPopularity = options.maxPopularity ?? 70;
  const C = options.C ?? 1;
  const train = which ?? trainablePairs(pairs, minPopularity, maxPopularity);
  const labels = Uint8Array.from(train, (i) => ((pairs.now[i] as number) - (pairs.earlier[i] as number) >= threshold ? 1 : 0));
  const positives = labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === train.length) {
    throw new InputError(
      `the snapshots give ${train.length} pairs with earlier popularity ${minPopularity}-${maxPopularity}, ${positives} of which rose by ${threshold}+ points: both outcomes are needed to fit the rise model`,
    );
  }
  const inputs = pairInputs(pairs, train);
  const releaseAgeFill = median(Array.from(inputs.releaseAge).filter((a) => !Number.isNaN(a)));
  const x = design(catalog, inputs, releaseAgeFill);
  const columns = riseColumns(catalog);
  const p = columns.length;
  const n = train.length;
  const mean: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < p; j++) {
    // Genre indicators stay 0/1: standardized, a genre seen on a handful of pairs would get a huge
    // z-value and escape the penalty (one such genre took over the forecast).
    if (j >= BASE_COLUMNS.length) {
      mean.push(0);
      scale.push(1);
      continue;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i * p + j] as number;
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((x[i * p + j] as number) - m) ** 2;
    const sd = Math.sqrt(squares / n);
    mean.push(m);
    scale.push(sd > 0 ? sd : 1);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) x[i * p + j] = ((x[i * p + j] as number) - (mean[j] as number)) / (scale[j] as number);
  const fit = fitLogistic(x, labels, n, p, C);
  return {
    threshold,
    window: { minPopularity, maxPopularity },
    C,
    columns,
    mean,
    scale,
    weights: Array.from(fit.weights),
    intercept: fit.intercept,
    releaseAgeFill,
    trainSize: n,
    positives,
    iterations: fit.iterations,
  };
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Log-odds contribution of each column for each input row (row-major n x columns) and the probabilities. */
export function predictRise(
  model: RiseModel,
  catalog: Catalog,
  inputs: RiseInputs,
): { probability: Float64Array; contributions: Float64Array } {
  const x = design(catalog, inputs, model.releaseAgeFill);
  const p = model.columns.length;
  const n = inputs.tracks.length;
  const probability = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let logit = model.intercept;
    for (let j = 0; j < p; j++) {
      const c = ((model.weights[j] as number) * ((x[i * p + j] as number) - (model.mean[j] as number))) / (model.scale[j] as number);
      x[i * p + j] = c;
      logit += c;
    }
    probability[i] = sigmoid(logit);
  }
  return { probability, contributions: x };
}
