/**
 * Exact nearest-neighbour search over the standardized feature space: one pass over the typed
 * array, a bounded heap for the top M. Only the features the query uses count, each with its weight.
 */
import type { FeatureSpace } from '../features/featureSpace.js';
import { type ClusterIndex, nearestPruned } from './clusterSearch.js';
import { TopK } from './topK.js';

export const METRICS = ['cosine', 'euclidean'] as const;
export type Metric = (typeof METRICS)[number];

export interface Query {
  /** Indices into the space's features. */
  dims: number[];
  /** Standardized target per used dim. */
  target: Float64Array;
  /** Weight per used dim (> 0). */
  weights: Float64Array;
}

export interface Scored {
  track: number;
  /** Cosine similarity in [-1, 1], or 1 / (1 + distance) for Euclidean. */
  similarity: number;
  /** Weighted Euclidean distance in standardized units. */
  distance: number;
}

export interface ScanOptions {
  /** Score only these tracks (an approximate index's candidates). */
  among?: Int32Array;
  /** The space's grouping: full-profile cosine scans then skip groups that cannot win (same results). */
  pruned?: ClusterIndex;
}

/**
 * The `count` best tracks among those with mask[t] = 1 (all when mask is null), best first; with
 * `among`, only those tracks are scored.
 * Cosine ties (common with one or two features) are broken by Euclidean distance, then by index.
 * The scan allocates nothing: the current best live in a typed-array min-heap keyed on rank.
 */
export function nearest(
  space: FeatureSpace,
  query: Query,
  metric: Metric,
  count: number,
  mask: Uint8Array | null,
  options: ScanOptions = {},
): Scored[] {
  const among = options.among ?? null;
  const d = space.features.length;
  const z = space.z;
  const dims = Int32Array.from(query.dims);
  const m = dims.length;
  const q = query.target;
  const w = query.weights;
  let qq = 0;
  for (let k = 0; k < m; k++) qq += (w[k] as number) * (q[k] as number) * (q[k] as number);
  const qNorm = Math.sqrt(qq);
  const best = new TopK(Math.min(count, space.size));
  const cosine = metric === 'cosine';
  // Weighted products expand so each dim costs two multiply-adds:
  // dot = sum (w q) x, xx = sum w x^2, distance^2 = qq + xx - 2 dot.
  const wq = Float64Array.from(q, (v, k) => v * (w[k] as number));
  const full = m === d && dims.every((f, k) => f === k);
  const unitWeights = w.every((v) => v === 1);
  const fast = full && unitWeights;
  const pruned = fast && cosine && among === null ? options.pruned : undefined;
  if (pruned) return nearestPruned(pruned, q, count, mask);
  const squaredNorm = space.squaredNorm;
  const inverseNorm = space.inverseNorm;
  const inverseQNorm = qNorm > 0 ? 1 / qNorm : 0;
  // The usual space has the 9 audio features: an unrolled dot product runs about twice as fast as the loop.
  const nine = d === 9;
  const [q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0, q8 = 0] = nine ? wq : [];
  const scanned = among === null ? space.size : among.length;
  for (let i = 0; i < scanned; i++) {
    const t = among === null ? i : (among[i] as number);
    if (mask !== null && mask[t] === 0) continue;
    const base = t * d;
    let dot = 0;
    let similarity: number;
    let dist2: number;
    if (fast) {
      if (nine) {
        dot = q0 * (z[base] as number) + q1 * (z[base + 1] as number) + q2 * (z[base + 2] as number);
        dot += q3 * (z[base + 3] as number) + q4 * (z[base + 4] as number) + q5 * (z[base + 5] as number);
        dot += q6 * (z[base + 6] as number) + q7 * (z[base + 7] as number) + q8 * (z[base + 8] as number);
      } else {
        for (let k = 0; k < d; k++) dot += (wq[k] as number) * (z[base + k] as number);
      }
      similarity = cosine ? dot * (inverseNorm[t] as number) * inverseQNorm : 0;
      if (cosine && best.full && similarity < best.worstSimilarity) continue; // loses to the worst of the best
      dist2 = Math.max(0, qq + (squaredNorm[t] as number) - 2 * dot);
    } else {
      let xx = 0;
      for (let k = 0; k < m; k++) {
        const x = z[base + (dims[k] as number)] as number;
        dot += (wq[k] as number) * x;
        xx += (w[k] as number) * x * x;
      }
      const norm = qNorm * Math.sqrt(xx);
      similarity = cosine ? (norm > 0 ? dot / norm : 0) : 0;
      if (cosine && best.full && similarity < best.worstSimilarity) continue;
      dist2 = Math.max(0, qq + xx - 2 * dot);
    }
    if (!cosine) {
      if (best.full && dist2 > best.worstDistance ** 2) continue;
      similarity = 1 / (1 + Math.sqrt(dist2));
    }
    best.offer(similarity, Math.sqrt(dist2), t);
  }
  return best.results();
}
