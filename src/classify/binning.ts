/**
 * Quantile binning, computed once per training set: each feature gets at most 255 thresholds, and a
 * value's bin is the number of thresholds strictly below it, so "bin <= b" means "value <= threshold b"
 * (scikit-learn's `x <= threshold` goes left). Few distinct values: a threshold midway between each
 * neighbouring pair (exact splits). Many: the midpoint percentiles, as HistGradientBoosting does.
 */
import { InputError } from '../data/errors.js';
import type { FeatureMatrix } from './features.js';

export const MAX_BINS = 256;

export interface Bins {
  /** Thresholds of feature f: thresholds[offsets[f] .. offsets[f + 1]), ascending. */
  thresholds: Float64Array;
  offsets: Int32Array;
}

function featureThresholds(column: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
  const out: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) out.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
    return out;
  }
  const last = sorted.length - 1;
  for (let q = 1; q < maxBins; q++) {
    const position = (q / maxBins) * last;
    const value = ((sorted[Math.floor(position)] as number) + (sorted[Math.ceil(position)] as number)) / 2;
    // Heavy ties give repeated percentiles; a threshold equal to the previous one would make an empty bin.
    if (out.length === 0 || value > (out[out.length - 1] as number)) out.push(value);
  }
  return out;
}

export function fitBins(matrix: FeatureMatrix, maxBins = MAX_BINS): Bins {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new InputError(`max bins must be 2-${MAX_BINS}, got ${maxBins}`);
  const d = matrix.names.length;
  const all: number[][] = [];
  for (let f = 0; f < d; f++) all.push(featureThresholds(matrix.values.subarray(f * matrix.rows, (f + 1) * matrix.rows), maxBins));
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offsets[f + 1] = (offsets[f] as number) + (all[f] as number[]).length;
  const thresholds = new Float64Array(offsets[d] as number);
  all.forEach((t, f) => {
    thresholds.set(t, offsets[f] as number);
  });
  return { thresholds, offsets };
}

/** Bin codes, column-major like the matrix: codes[f * rows + i]. */
export function binMatrix(bins: Bins, matrix: FeatureMatrix): Uint8Array {
  const { rows } = matrix;
  const d = bins.offsets.length - 1;
  const codes = new Uint8Array(rows * d);
  const { thresholds } = bins;
  for (let f = 0; f < d; f++) {
    const start = bins.offsets[f] as number;
    const end = bins.offsets[f + 1] as number;
    for (let i = 0; i < rows; i++) {
      const x = matrix.values[f * rows + i] as number;
      let lo = start;
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (x <= (thresholds[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      codes[f * rows + i] = lo - start;
    }
  }
  return codes;
}

/** Number of bins of each feature (thresholds + 1). */
export function binCounts(bins: Bins): Int32Array {
  const d = bins.offsets.length - 1;
  const out = new Int32Array(d);
  for (let f = 0; f < d; f++) out[f] = (bins.offsets[f + 1] as number) - (bins.offsets[f] as number) + 1;
  return out;
}

/** Row-major copy of column-major codes. */
export function transposeCodes(codes: Uint8Array, rows: number, features: number): Uint8Array {
  const out = new Uint8Array(rows * features);
  for (let f = 0; f < features; f++) for (let i = 0; i < rows; i++) out[i * features + f] = codes[f * rows + i] as number;
  return out;
}
