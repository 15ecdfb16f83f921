/**
 * Exact nearest-neighbour search over the standardized feature space: one pass over the typed
 * array, a bounded heap for the top M. Only the features the query uses count, each with its weight.
 */
import type { FeatureSpace } from '../features/featureSpace.js';

export type Metric = 'cosine' | 'euclidean';

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

/** True when (simA, distA, a) ranks before (simB, distB, b): higher similarity, smaller distance, lower index. */
function ranksBefore(simA: number, distA: number, a: number, simB: number, distB: number, b: number): boolean {
  if (simA !== simB) return simA > simB;
  if (distA !== distB) return distA < distB;
  return a < b;
}

/**
 * The `count` best tracks among those with mask[t] = 1 (all when mask is null), best first; with
 * `among`, only those tracks are scored (an approximate index's candidates).
 * Cosine ties (common with one or two features) are broken by Euclidean distance, then by index.
 * The scan allocates nothing: the current best live in a typed-array min-heap keyed on rank.
 */
export function nearest(
  space: FeatureSpace,
  query: Query,
  metric: Metric,
  count: number,
  mask: Uint8Array | null,
  among: Int32Array | null = null,
): Scored[] {
  const d = space.features.length;
  const z = space.z;
  const dims = Int32Array.from(query.dims);
  const m = dims.length;
  const q = query.target;
  const w = query.weights;
  let qq = 0;
  for (let k = 0; k < m; k++) qq += (w[k] as number) * (q[k] as number) * (q[k] as number);
  const qNorm = Math.sqrt(qq);
  const capacity = Math.max(0, Math.min(count, space.size));
  const heapSim = new Float64Array(capacity);
  const heapDist = new Float64Array(capacity);
  const heapTrack = new Int32Array(capacity);
  let size = 0;
  // heap[0] is the worst of the current best: i is "worse" than j when j ranks before i.
  const worse = (i: number, j: number) =>
    ranksBefore(
      heapSim[j] as number,
      heapDist[j] as number,
      heapTrack[j] as number,
      heapSim[i] as number,
      heapDist[i] as number,
      heapTrack[i] as number,
    );
  const swap = (i: number, j: number) => {
    const s = heapSim[i] as number;
    heapSim[i] = heapSim[j] as number;
    heapSim[j] = s;
    const e = heapDist[i] as number;
    heapDist[i] = heapDist[j] as number;
    heapDist[j] = e;
    const t = heapTrack[i] as number;
    heapTrack[i] = heapTrack[j] as number;
    heapTrack[j] = t;
  };
  const cosine = metric === 'cosine';
  // Weighted products expand so each dim costs two multiply-adds:
  // dot = sum (w q) x, xx = sum w x^2, distance^2 = qq + xx - 2 dot.
  const wq = Float64Array.from(q, (v, k) => v * (w[k] as number));
  const full = m === d && dims.every((f, k) => f === k);
  const unitWeights = w.every((v) => v === 1);
  const fast = full && unitWeights;
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
      if (cosine && size === capacity && similarity < (heapSim[0] as number)) continue; // loses to the worst of the best
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
      if (cosine && size === capacity && similarity < (heapSim[0] as number)) continue;
      dist2 = Math.max(0, qq + xx - 2 * dot);
    }
    if (!cosine) {
      if (size === capacity && dist2 > (heapDist[0] as number) ** 2) continue;
      similarity = 1 / (1 + Math.sqrt(dist2));
    }
    const distance = Math.sqrt(dist2);
    if (size < capacity) {
      heapSim[size] = similarity;
      heapDist[size] = distance;
      heapTrack[size] = t;
      for (let i = size++; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (capacity > 0 && ranksBefore(similarity, distance, t, heapSim[0] as number, heapDist[0] as number, heapTrack[0] as number)) {
      heapSim[0] = similarity;
      heapDist[0] = distance;
      heapTrack[0] = t;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < size && worse(l, best)) best = l;
        if (r < size && worse(r, best)) best = r;
        if (best === i) break;
        swap(i, best);
        i = best;
      }
    }
  }
  const out: Scored[] = [];
  for (let i = 0; i < size; i++)
    out.push({ track: heapTrack[i] as number, similarity: heapSim[i] as number, distance: heapDist[i] as number });
  return out.sort((a, b) => (ranksBefore(a.similarity, a.distance, a.track, b.similarity, b.distance, b.track) ? -1 : 1));
}
