/**
 * Exact k nearest neighbours by brute force (Euclidean, the point itself excluded), row-major typed
 * arrays in and out. Quadratic, which is what the map needs up to a few tens of thousands of points:
 * exact neighbours make the UMAP graph and the trustworthiness score independent of any index.
 */

export interface Neighbors {
  k: number;
  /** indices[i * k + r]: the r-th nearest neighbour of point i (ties broken by the lower index). */
  indices: Int32Array;
  /** Euclidean distances aligned with `indices`. */
  distances: Float64Array;
}

/** Squared Euclidean distance between row a of `x` and row b of `y` (both with `d` columns). */
export function squaredDistance(x: ArrayLike<number>, a: number, y: ArrayLike<number>, b: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = (x[a * d + f] as number) - (y[b * d + f] as number);
    s += diff * diff;
  }
  return s;
}

/**
 * Inserts (distance, index) into the ascending best list holding `filled` of at most `k` entries
 * (dropping the worst when full; strict < keeps the earlier index first on ties); returns the new count.
 */
export function insertNearest(
  distances: Float64Array,
  indices: Int32Array,
  filled: number,
  k: number,
  distance: number,
  index: number,
): number {
  if (filled === k && distance >= (distances[k - 1] as number)) return filled;
  let r = filled < k ? filled++ : k - 1;
  while (r > 0 && distance < (distances[r - 1] as number)) {
    distances[r] = distances[r - 1] as number;
    indices[r] = indices[r - 1] as number;
    r--;
  }
  distances[r] = distance;
  indices[r] = index;
  return filled;
}

/** The k nearest other rows of every row of `points` (n rows of d values). */
export function exactNeighbors(points: ArrayLike<number>, n: number, d: number, k: number): Neighbors {
  const kk = Math.min(k, n - 1);
  const indices = new Int32Array(n * kk);
  const distances = new Float64Array(n * kk);
  const bestIndex = new Int32Array(kk);
  const bestDistance = new Float64Array(kk);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) row[f] = points[i * d + f] as number;
    let filled = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = (row[f] as number) - (points[j * d + f] as number);
        s += diff * diff;
      }
      if (filled === kk && s >= worst) continue;
      filled = insertNearest(bestDistance, bestIndex, filled, kk, s, j);
      if (filled === kk) worst = bestDistance[kk - 1] as number;
    }
    for (let r = 0; r < kk; r++) {
      indices[i * kk + r] = bestIndex[r] as number;
      distances[i * kk + r] = Math.sqrt(bestDistance[r] as number);
    }
  }
  return { k: kk, indices, distances };
}
