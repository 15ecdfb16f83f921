/**
 * Trustworthiness (Venna & Kaski 2001), as scikit-learn's `sklearn.manifold.trustworthiness`: how far
 * the k nearest neighbours on the map are from being true neighbours in the original space,
 *   T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_i(k)} (r(i, j) - k),
 * where U_i(k) are the map neighbours of i that are not among its k nearest in the original space
 * and r(i, j) is j's rank among i's original-space neighbours (1 = nearest). 1 = every map
 * neighbourhood is a true neighbourhood.
 */
import { insertNearest } from './neighbors.js';

/** Map neighbours (2-D or any `lowDims`), exact, the point excluded, ties to the lower index. */
function lowNeighbors(
  low: ArrayLike<number>,
  lowDims: number,
  n: number,
  i: number,
  k: number,
  out: Int32Array,
  outDistance: Float64Array,
): void {
  let filled = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let s = 0;
    for (let f = 0; f < lowDims; f++) {
      const diff = (low[i * lowDims + f] as number) - (low[j * lowDims + f] as number);
      s += diff * diff;
    }
    filled = insertNearest(outDistance, out, filled, k, s, j);
  }
}

export interface TrustworthinessOptions {
  /** Points whose neighbourhoods are scored (default: all); the sum is scaled to n, an unbiased estimate. */
  queries?: ArrayLike<number>;
}

/**
 * T(k) of the map `low` (n rows of `lowDims`) for the points `high` (n rows of `highDims`), exact over
 * all pairs: O(n^2) distance evaluations per call (tens of seconds for 22,000 tracks), or O(m n) with m queries.
 */
export function trustworthiness(
  high: ArrayLike<number>,
  highDims: number,
  low: ArrayLike<number>,
  lowDims: number,
  n: number,
  k: number,
  options: TrustworthinessOptions = {},
): number {
  if (!(k >= 1 && k < n / 2)) throw new RangeError(`trustworthiness needs 1 <= k < n / 2 (k = ${k}, n = ${n})`);
  const queries = options.queries ?? Int32Array.from({ length: n }, (_, i) => i);
  const distance = new Float64Array(n);
  const nearest = new Float64Array(k);
  const mapNeighbor = new Int32Array(k);
  const mapDistance = new Float64Array(k);
  let penalty = 0;
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q] as number;
    nearest.fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let f = 0; f < highDims; f++) {
        const diff = (high[i * highDims + f] as number) - (high[j * highDims + f] as number);
        s += diff * diff;
      }
      distance[j] = s;
      if (j !== i && s < (nearest[k - 1] as number)) {
        let r = k - 1;
        while (r > 0 && s < (nearest[r - 1] as number)) {
          nearest[r] = nearest[r - 1] as number;
          r--;
        }
        nearest[r] = s;
      }
    }
    // fewer than k points lie strictly inside the k-th smallest distance, so those need no count
    const kth = nearest[k - 1] as number;
    lowNeighbors(low, lowDims, n, i, k, mapNeighbor, mapDistance);
    for (let r = 0; r < k; r++) {
      const j = mapNeighbor[r] as number;
      const dj = distance[j] as number;
      if (dj < kth) continue;
      // rank of j among i's original-space neighbours: points strictly closer, ties to the lower index
      let rank = 1;
      for (let m = 0; m < n; m++) {
        if (m === i || m === j) continue;
        const dm = distance[m] as number;
        if (dm < dj || (dm === dj && m < j)) {
          rank++;
          if (rank > n) break;
        }
      }
      if (rank > k) penalty += rank - k;
    }
  }
  const scaled = penalty * (n / queries.length);
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * scaled;
}
