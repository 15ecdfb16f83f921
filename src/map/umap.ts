/**
 * UMAP (umap-js) over row-major points, deterministic given a seed: the neighbour graph comes from
 * exact neighbours (not umap-js's randomized NN-descent), the layout starts from the PCA projection
 * scaled to [-10, 10] (as umap-learn's init="pca"; PCA keeps the global arrangement of genres that a
 * random start scrambles), and every random draw comes from a seeded stream.
 */
import { UMAP } from 'umap-js';
import { seededRandom } from '../stats/random.js';
import { exactNeighbors } from './neighbors.js';
import { fitPca, projectPca } from './pca.js';

export interface UmapParams {
  /** Size of the local neighbourhood (including the point itself, as umap-learn counts it). */
  nNeighbors: number;
  /** How tightly points may pack on the map. */
  minDist: number;
  nEpochs: number;
  seed: number;
}

/** Fits a 2-D layout of n rows of d values; `onEpoch` sees progress (epoch, total). */
export function fitUmap(
  points: ArrayLike<number>,
  n: number,
  d: number,
  params: UmapParams,
  onEpoch?: (epoch: number, total: number) => void,
): Float64Array {
  const random = seededRandom(params.seed);
  const neighbors = exactNeighbors(points, n, d, params.nNeighbors - 1);
  const knnIndices: number[][] = [];
  const knnDistances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const indices = [i];
    const distances = [0];
    for (let r = 0; r < neighbors.k; r++) {
      indices.push(neighbors.indices[i * neighbors.k + r] as number);
      distances.push(neighbors.distances[i * neighbors.k + r] as number);
    }
    knnIndices.push(indices);
    knnDistances.push(distances);
  }
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: d }, (_, f) => points[i * d + f] as number));
  const umap = new UMAP({ nComponents: 2, nNeighbors: params.nNeighbors, minDist: params.minDist, nEpochs: params.nEpochs, random });
  umap.setPrecomputedKNN(knnIndices, knnDistances);
  const total = umap.initializeFit(rows);
  // start from PCA: the embedding rows umap-js optimizes are the arrays getEmbedding() returns
  const start = projectPca(fitPca(points, n, d, 2), points, n, d);
  let largest = 0;
  for (const value of start) largest = Math.max(largest, Math.abs(value));
  const embedding = umap.getEmbedding();
  for (let i = 0; i < n; i++) {
    const row = embedding[i] as number[];
    row[0] = ((start[i * 2] as number) / largest) * 10 + (random() - 0.5) * 1e-4;
    row[1] = ((start[i * 2 + 1] as number) / largest) * 10 + (random() - 0.5) * 1e-4;
  }
  for (let epoch = 0; epoch < total; epoch++) {
    umap.step();
    onEpoch?.(epoch + 1, total);
  }
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const row = embedding[i] as number[];
    out[i * 2] = row[0] as number;
    out[i * 2 + 1] = row[1] as number;
  }
  return out;
}
