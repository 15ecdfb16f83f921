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

/** Weighted cosine similarity and Euclidean distance of track t to the query. */
export function scoreTrack(space: FeatureSpace, query: Query, t: number): { cosine: number; distance: number } {
  const d = space.features.length;
  const base = t * d;
  let dot = 0;
  let qq = 0;
  let xx = 0;
  let dist = 0;
  for (let k = 0; k < query.dims.length; k++) {
    const w = query.weights[k] as number;
    const q = query.target[k] as number;
    const x = space.z[base + (query.dims[k] as number)] as number;
    dot += w * q * x;
    qq += w * q * q;
    xx += w * x * x;
    dist += w * (q - x) * (q - x);
  }
  const norm = Math.sqrt(qq) * Math.sqrt(xx);
  return { cosine: norm > 0 ? dot / norm : 0, distance: Math.sqrt(dist) };
}

/** True when a ranks before b: higher similarity, then smaller distance, then lower index. */
function before(a: Scored, b: Scored): boolean {
  if (a.similarity !== b.similarity) return a.similarity > b.similarity;
  if (a.distance !== b.distance) return a.distance < b.distance;
  return a.track < b.track;
}

/**
 * The `count` best tracks among those with mask[t] = 1 (all when mask is null), best first.
 * Cosine ties (common with one or two features) are broken by Euclidean distance.
 */
export function nearest(space: FeatureSpace, query: Query, metric: Metric, count: number, mask: Uint8Array | null): Scored[] {
  // A min-heap on rank keeps the worst of the current best at the top.
  const heap: Scored[] = [];
  const worse = (i: number, j: number) => before(heap[j] as Scored, heap[i] as Scored);
  const swap = (i: number, j: number) => {
    const tmp = heap[i] as Scored;
    heap[i] = heap[j] as Scored;
    heap[j] = tmp;
  };
  for (let t = 0; t < space.size; t++) {
    if (mask && mask[t] === 0) continue;
    const { cosine, distance } = scoreTrack(space, query, t);
    const item: Scored = { track: t, similarity: metric === 'cosine' ? cosine : 1 / (1 + distance), distance };
    if (heap.length < count) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (count > 0 && before(item, heap[0] as Scored)) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(l, m)) m = l;
        if (r < heap.length && worse(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : 1));
}
