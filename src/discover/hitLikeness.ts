/**
 * Hit-likeness: the probability that a track with this audio profile has popularity >= 70, from an
 * L2-regularized logistic regression on the 9 standardized audio features (scikit-learn's
 * LogisticRegression(C=1) objective: sum of log-losses + ||w||^2 / (2C), intercept not penalized),
 * fitted by Newton's method (IRLS) over typed arrays. Evaluated by ROC AUC on a held-out stratified
 * split; the model that scores tracks is the one fitted on the training part, so the AUC describes it.
 */
import { stratifiedSplit } from '../classify/split.js';
import type { Catalog } from '../data/catalog.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';

export interface HitModelOptions {
  /** Popularity at or above which a track counts as a hit; default 70. */
  threshold?: number;
  /** Inverse regularization strength, as scikit-learn's C; default 1. */
  C?: number;
  /** Held-out share for the AUC, stratified; default 0.2. */
  testFraction?: number;
  seed?: number;
}

export interface HitModel {
  features: readonly AudioFeature[];
  threshold: number;
  C: number;
  /** Standardization fitted on the training split (population SD, as StandardScaler). */
  mean: number[];
  scale: number[];
  /** Log-odds per standard deviation of each feature, and the intercept. */
  weights: number[];
  intercept: number;
  trainSize: number;
  testSize: number;
  /** Share of hits in the catalogue. */
  positiveRate: number;
  /** ROC AUC of the model on the held-out split. */
  auc: number;
  iterations: number;
  seed: number;
  testFraction: number;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export interface LogisticFit {
  weights: Float64Array;
  intercept: number;
  iterations: number;
}

/**
 * Minimizes sum_i logloss(y_i, b + z_i . w) + ||w||^2 / (2C) by Newton steps with step halving.
 * `z` is row-major n x p.
 */
export function fitLogistic(z: Float64Array, y: Uint8Array, n: number, p: number, C = 1, maxIterations = 100): LogisticFit {
  const q = p + 1; // parameter 0 is the intercept
  const theta = new Float64Array(q);
  const gradient = new Float64Array(q);
  const hessian = new Float64Array(q * q);
  const step = new Float64Array(q);
  const lambda = 1 / C;
  const objective = (parameters: Float64Array) => {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let eta = parameters[0] as number;
      for (let j = 0; j < p; j++) eta += (parameters[j + 1] as number) * (z[i * p + j] as number);
      // log(1 + e^eta) - y eta, computed without overflow
      loss += (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - (y[i] as number) * eta;
    }
    let penalty = 0;
    for (let j = 1; j < q; j++) penalty += (parameters[j] as number) ** 2;
    return loss + (lambda * penalty) / 2;
  };
  let current = objective(theta);
  let iterations = 0;
  const row = new Float64Array(q);
  for (; iterations < maxIterations; iterations++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      let eta = theta[0] as number;
      for (let j = 0; j < p; j++) {
        const v = z[i * p + j] as number;
        row[j + 1] = v;
        eta += (theta[j + 1] as number) * v;
      }
      const mu = sigmoid(eta);
      const residual = mu - (y[i] as number);
      const w = mu * (1 - mu);
      for (let a = 0; a < q; a++) {
        const ra = row[a] as number;
        gradient[a] = (gradient[a] as number) + residual * ra;
        const wa = w * ra;
        for (let b = 0; b <= a; b++) hessian[a * q + b] = (hessian[a * q + b] as number) + wa * (row[b] as number);
      }
    }
    for (let j = 1; j < q; j++) {
      gradient[j] = (gradient[j] as number) + lambda * (theta[j] as number);
      hessian[j * q + j] = (hessian[j * q + j] as number) + lambda;
    }
    for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) hessian[a * q + b] = hessian[b * q + a] as number;
    choleskySolve(hessian, gradient, step, q);
    // Newton step with halving until the objective does not increase.
    let factor = 1;
    const candidate = new Float64Array(q);
    let next = current;
    for (let halvings = 0; halvings < 30; halvings++) {
      for (let j = 0; j < q; j++) candidate[j] = (theta[j] as number) - factor * (step[j] as number);
      next = objective(candidate);
      if (next <= current) break;
      factor /= 2;
    }
    let largest = 0;
    for (let j = 0; j < q; j++) largest = Math.max(largest, Math.abs(factor * (step[j] as number)));
    theta.set(candidate);
    const improvement = current - next;
    current = next;
    if (largest < 1e-10 || improvement <= 1e-14 * Math.max(1, Math.abs(current))) {
      iterations++;
      break;
    }
  }
  return { weights: theta.slice(1), intercept: theta[0] as number, iterations };
}

/** Solves the symmetric positive definite system A x = b (A row-major q x q; inputs kept). */
function choleskySolve(a: Float64Array, b: Float64Array, x: Float64Array, q: number): void {
  const l = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * q + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * q + k] as number) * (l[j * q + k] as number);
      if (i === j) {
        if (!(s > 0)) throw new Error('logistic regression: Hessian is not positive definite');
        l[i * q + i] = Math.sqrt(s);
      } else l[i * q + j] = s / (l[j * q + j] as number);
    }
  }
  for (let i = 0; i < q; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * q + k] as number) * (x[k] as number);
    x[i] = s / (l[i * q + i] as number);
  }
  for (let i = q - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < q; k++) s -= (l[k * q + i] as number) * (x[k] as number);
    x[i] = s / (l[i * q + i] as number);
  }
}

/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random
 * negative, ties counting one half (average ranks). NaN when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k] as number]) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Standardized features of the given tracks, row-major. */
function standardizedRows(catalog: Catalog, tracks: Int32Array, mean: number[], scale: number[]): Float64Array {
  const p = AUDIO_FEATURES.length;
  const z = new Float64Array(tracks.length * p);
  AUDIO_FEATURES.forEach((feature, j) => {
    const column = catalog.numeric[feature];
    const m = mean[j] as number;
    const s = scale[j] as number;
    for (let i = 0; i < tracks.length; i++) z[i * p + j] = ((column[tracks[i] as number] as number) - m) / s;
  });
  return z;
}

export function hitLabels(catalog: Catalog, threshold = 70): Uint8Array {
  const labels = new Uint8Array(catalog.size);
  const popularity = catalog.numeric.popularity;
  for (let t = 0; t < catalog.size; t++) labels[t] = (popularity[t] as number) >= threshold ? 1 : 0;
  return labels;
}

export function trainHitModel(catalog: Catalog, options: HitModelOptions = {}): HitModel {
  const threshold = options.threshold ?? 70;
  const C = options.C ?? 1;
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  const labels = hitLabels(catalog, threshold);
  const { train, test } = stratifiedSplit(Int32Array.from(labels), testFraction, seed);
  const mean: number[] = [];
  const scale: number[] = [];
  for (const feature of AUDIO_FEATURES) {
    const column = catalog.numeric[feature];
    let sum = 0;
    for (const t of train) sum += column[t] as number;
    const m = sum / train.length;
    let squares = 0;
    for (const t of train) squares += ((column[t] as number) - m) ** 2;
    const sd = Math.sqrt(squares / train.length);
    mean.push(m);
    scale.push(sd > 0 ? sd : 1);
  }
  const p = AUDIO_FEATURES.length;
  const trainLabels = Uint8Array.from(train, (t) => labels[t] as number);
  const fit = fitLogistic(standardizedRows(catalog, train, mean, scale), trainLabels, train.length, p, C);
  let positives = 0;
  for (let t = 0; t < catalog.size; t++) positives += labels[t] as number;
  const model: HitModel = {
    features: AUDIO_FEATURES,
    threshold,
    C,
    mean,
    scale,
    weights: Array.from(fit.weights),
    intercept: fit.intercept,
    trainSize: train.length,
    testSize: test.length,
    positiveRate: positives / catalog.size,
    auc: Number.NaN,
    iterations: fit.iterations,
    seed,
    testFraction,
  };
  model.auc = rocAuc(
    hitLikeness(model, catalog, test),
    Uint8Array.from(test, (t) => labels[t] as number),
  );
  return model;
}

/** Per-feature log-odds contributions w_j z_j of one track (they add up, with the intercept, to the logit). */
export function hitContributions(model: HitModel, catalog: Catalog, track: number): Record<AudioFeature, number> {
  const out = {} as Record<AudioFeature, number>;
  model.features.forEach((feature, j) => {
    out[feature] =
      ((model.weights[j] as number) * ((catalog.numeric[feature][track] as number) - (model.mean[j] as number))) /
      (model.scale[j] as number);
  });
  return out;
}

/** Hit probability of each listed track (all tracks when omitted). */
export function hitLikeness(model: HitModel, catalog: Catalog, tracks?: Int32Array): Float64Array {
  const count = tracks ? tracks.length : catalog.size;
  const logit = new Float64Array(count).fill(model.intercept);
  model.features.forEach((feature, j) => {
    const column = catalog.numeric[feature];
    const w = (model.weights[j] as number) / (model.scale[j] as number);
    const m = model.mean[j] as number;
    for (let i = 0; i < count; i++) {
      const t = tracks ? (tracks[i] as number) : i;
      logit[i] = (logit[i] as number) + w * ((column[t] as number) - m);
    }
  });
  for (let i = 0; i < count; i++) logit[i] = sigmoid(logit[i] as number);
  return logit;
}
