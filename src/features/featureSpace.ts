/**
 * The audio feature space the recommender searches: the 9 notebook features, z-standardized as
 * scikit-learn's StandardScaler does it (population standard deviation; a constant feature keeps
 * scale 1), stored row-major in one Float64Array for cache-friendly scans.
 */
import type { Catalog } from '../data/catalog.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';

export interface FeatureSpace {
  features: readonly AudioFeature[];
  /** Per-feature mean and scale (population std, or 1 for a constant feature). */
  mean: Float64Array;
  scale: Float64Array;
  /** z[t * d + f]: standardized value of feature f for track t. */
  z: Float64Array;
  size: number;
  /** Squared norm of each standardized row over all features, and 1 / norm (0 for a zero row): full, unweighted queries need no per-row square root. */
  squaredNorm: Float64Array;
  inverseNorm: Float64Array;
  /** Sorted raw values of each feature, for percentiles. */
  sorted: Float64Array[];
}

export function buildFeatureSpace(catalog: Catalog, features: readonly AudioFeature[] = AUDIO_FEATURES): FeatureSpace {
  const d = features.length;
  const n = catalog.size;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  const z = new Float64Array(n * d);
  const sorted: Float64Array[] = [];
  features.forEach((feature, f) => {
    const column = catalog.numeric[feature];
    let sum = 0;
    for (let t = 0; t < n; t++) sum += column[t] as number;
    const m = sum / n;
    let squares = 0;
    for (let t = 0; t < n; t++) squares += ((column[t] as number) - m) ** 2;
    const std = Math.sqrt(squares / n);
    const s = std > 0 ? std : 1;
    mean[f] = m;
    scale[f] = s;
    for (let t = 0; t < n; t++) z[t * d + f] = ((column[t] as number) - m) / s;
    sorted.push(Float64Array.from(column).sort());
  });
  return { features, mean, scale, z, size: n, sorted, ...rowNorms(z, n, d) };
}

export function rowNorms(z: Float64Array, n: number, d: number): { squaredNorm: Float64Array; inverseNorm: Float64Array } {
  const squaredNorm = new Float64Array(n);
  const inverseNorm = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let f = 0; f < d; f++) s += (z[t * d + f] as number) ** 2;
    squaredNorm[t] = s;
    inverseNorm[t] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  return { squaredNorm, inverseNorm };
}

export function featureIndex(space: FeatureSpace, feature: AudioFeature): number {
  return space.features.indexOf(feature);
}

export function standardize(space: FeatureSpace, f: number, value: number): number {
  return (value - (space.mean[f] as number)) / (space.scale[f] as number);
}
