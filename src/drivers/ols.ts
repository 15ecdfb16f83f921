/**
 * Ordinary least squares with an intercept, solved by Householder QR over typed arrays (never by
 * inverting X'X): coefficients, standard errors, t, two-sided p, confidence intervals, R^2, adjusted
 * R^2 and the overall F-test. The predictors are centred (which separates the intercept exactly, as
 * scikit-learn's LinearRegression does) and scaled to unit norm, so the rank and condition checks do
 * not depend on units (tempo in BPM next to valence in 0-1).
 */
import { fSurvival, studentTQuantile, studentTTwoSidedP } from '../stats/distributions.js';

export interface OlsFit {
  /** Rows and predictors (the intercept not counted). */
  n: number;
  p: number;
  intercept: number;
  interceptStandardError: number;
  /** Per predictor, in the order of the columns. */
  coefficients: Float64Array;
  standardErrors: Float64Array;
  tValues: Float64Array;
  pValues: Float64Array;
  ciLow: Float64Array;
  ciHigh: Float64Array;
  /** Diagonal of the inverse correlation-scaled Gram matrix: the variance inflation factors. */
  vif: Float64Array;
  /** Per predictor: mean and sample standard deviation (ddof = 1). */
  means: Float64Array;
  standardDeviations: Float64Array;
  confidence: number;
  residualDf: number;
  /** Residual sum of squares, total sum of squares about the mean, residual variance RSS / df. */
  rss: number;
  tss: number;
  sigma2: number;
  r2: number;
  adjustedR2: number;
  fStatistic: number;
  fPValue: number;
  /** 1-norm condition number of the centred, unit-norm-scaled design. */
  conditionNumber: number;
}

/** The design cannot be solved: too few rows, a constant predictor, or exact collinearity. */
export class SingularDesignError extends Error {
  override name = 'SingularDesignError';
}

/**
 * Fits y = b0 + X b. `x` is column-major: predictor j occupies x[j * n .. (j + 1) * n). Neither input
 * is modified.
 */
export function fitOls(x: Float64Array, y: Float64Array, n: number, p: number, confidence = 0.95): OlsFit {
  if (x.length !== n * p || y.length !== n) throw new RangeError(`fitOls: expected ${n}x${p} predictors and ${n} responses`);
  const residualDf = n - p - 1;
  if (residualDf < 1) throw new SingularDesignError(`${n} rows cannot fit ${p} predictors and an intercept`);

  // Centre and scale each predictor to unit norm (a copy: the QR works in place).
  const a = new Float64Array(n * p);
  const means = new Float64Array(p);
  const norms = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const offset = j * n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[offset + i] as number;
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = (x[offset + i] as number) - m;
      a[offset + i] = d;
      squares += d * d;
    }
    const norm = Math.sqrt(squares);
    if (!(norm > 0)) throw new SingularDesignError(`predictor ${j} is constant`);
    for (let i = 0; i < n; i++) a[offset + i] = (a[offset + i] as number) / norm;
    means[j] = m;
    norms[j] = norm;
  }
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i] as number;
  const yMean = ySum / n;
  const qty = new Float64Array(n);
  let tss = 0;
  for (let i = 0; i < n; i++) {
    const d = (y[i] as number) - yMean;
    qty[i] = d;
    tss += d * d;
  }

  householderQr(a, qty, n, p);

  // R is in the upper triangle of the first p rows: r[k][j] = a[j * n + k].
  const r = (k: number, j: number) => a[j * n + k] as number;
  let largestDiagonal = 0;
  for (let k = 0; k < p; k++) largestDiagonal = Math.max(largestDiagonal, Math.abs(r(k, k)));
  const tolerance = Math.max(n, p) * Number.EPSILON * largestDiagonal;
  for (let k = 0; k < p; k++) {
    if (Math.abs(r(k, k)) <= tolerance) throw new SingularDesignError(`predictor ${k} is a linear combination of the others`);
  }

  // Back substitution for the scaled coefficients, and R^-1 (upper triangular) for the covariance.
  const scaled = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = qty[k] as number;
    for (let j = k + 1; j < p; j++) s -= r(k, j) * (scaled[j] as number);
    scaled[k] = s / r(k, k);
  }
  const rInverse = new Float64Array(p * p); // row-major, upper triangular
  for (let k = p - 1; k >= 0; k--) {
    rInverse[k * p + k] = 1 / r(k, k);
    for (let j = k + 1; j < p; j++) {
      let s = 0;
      for (let m = k + 1; m <= j; m++) s += r(k, m) * (rInverse[m * p + j] as number);
      rInverse[k * p + j] = -s / r(k, k);
    }
  }
  let rss = 0;
  for (let i = p; i < n; i++) rss += (qty[i] as number) ** 2;
  const sigma2 = rss / residualDf;

  // (Xs'Xs)^-1 = R^-1 R^-T for the scaled design; unscale with the column norms.
  const gramInverse = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let m = j; m < p; m++) s += (rInverse[i * p + m] as number) * (rInverse[j * p + m] as number);
      gramInverse[i * p + j] = s;
      gramInverse[j * p + i] = s;
    }
  }

  const coefficients = new Float64Array(p);
  const standardErrors = new Float64Array(p);
  const tValues = new Float64Array(p);
  const pValues = new Float64Array(p);
  const ciLow = new Float64Array(p);
  const ciHigh = new Float64Array(p);
  const vif = new Float64Array(p);
  const standardDeviations = new Float64Array(p);
  const critical = studentTQuantile(1 - (1 - confidence) / 2, residualDf);
  let intercept = yMean;
  for (let j = 0; j < p; j++) {
    const norm = norms[j] as number;
    const b = (scaled[j] as number) / norm;
    const se = Math.sqrt((sigma2 * (gramInverse[j * p + j] as number)) / (norm * norm));
    coefficients[j] = b;
    standardErrors[j] = se;
    tValues[j] = b / se;
    pValues[j] = studentTTwoSidedP(b / se, residualDf);
    ciLow[j] = b - critical * se;
    ciHigh[j] = b + critical * se;
    vif[j] = gramInverse[j * p + j] as number;
    standardDeviations[j] = norm / Math.sqrt(n - 1);
    intercept -= b * (means[j] as number);
  }
  // Var(b0) = sigma^2 (1/n + xbar' (Xc'Xc)^-1 xbar).
  let quadratic = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      quadratic +=
        ((means[i] as number) / (norms[i] as number)) * (gramInverse[i * p + j] as number) * ((means[j] as number) / (norms[j] as number));
    }
  }
  const r2 = 1 - rss / tss;
  const fStatistic = (tss - rss) / p / sigma2;
  return {
    n,
    p,
    intercept,
    interceptStandardError: Math.sqrt(sigma2 * (1 / n + quadratic)),
    coefficients,
    standardErrors,
    tValues,
    pValues,
    ciLow,
    ciHigh,
    vif,
    means,
    standardDeviations,
    confidence,
    residualDf,
    rss,
    tss,
    sigma2,
    r2,
    adjustedR2: 1 - ((1 - r2) * (n - 1)) / residualDf,
    fStatistic,
    fPValue: fSurvival(fStatistic, p, residualDf),
    conditionNumber: upperTriangularNorm1(a, n, p) * denseNorm1(rInverse, p),
  };
}

/**
 * In-place Householder QR of the column-major n x p matrix `a`, applying the same reflections to `b`
 * (so b becomes Q'b). R ends in the upper triangle; the reflectors are discarded.
 */
export function householderQr(a: Float64Array, b: Float64Array, n: number, p: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const column = k * n;
    let norm = 0;
    for (let i = k; i < n; i++) norm += (a[column + i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const head = a[column + k] as number;
    // Reflect onto -sign(head) * norm to avoid cancellation.
    const alpha = head >= 0 ? -norm : norm;
    v[k] = head - alpha;
    for (let i = k + 1; i < n; i++) v[i] = a[column + i] as number;
    let vNorm2 = 0;
    for (let i = k; i < n; i++) vNorm2 += (v[i] as number) ** 2;
    if (vNorm2 === 0) continue;
    const scale = 2 / vNorm2;
    a[column + k] = alpha;
    for (let i = k + 1; i < n; i++) a[column + i] = 0;
    for (let j = k + 1; j < p; j++) reflect(a, j * n, v, k, n, scale);
    reflect(b, 0, v, k, n, scale);
  }
}

/** x[offset + k..n) -= scale * (v . x) v over the same range. */
function reflect(x: Float64Array, offset: number, v: Float64Array, k: number, n: number, scale: number): void {
  let dot = 0;
  for (let i = k; i < n; i++) dot += (v[i] as number) * (x[offset + i] as number);
  const factor = scale * dot;
  if (factor === 0) return;
  for (let i = k; i < n; i++) x[offset + i] = (x[offset + i] as number) - factor * (v[i] as number);
}

function upperTriangularNorm1(a: Float64Array, n: number, p: number): number {
  let best = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k <= j; k++) s += Math.abs(a[j * n + k] as number);
    best = Math.max(best, s);
  }
  return best;
}

function denseNorm1(m: Float64Array, p: number): number {
  let best = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += Math.abs(m[i * p + j] as number);
    best = Math.max(best, s);
  }
  return best;
}
