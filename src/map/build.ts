/**
 * The catalogue map as one artifact: a 2-D position for every track (UMAP of the standardized audio
 * features), and how faithful it is beside PCA. Above `fitLimit` tracks UMAP is fitted on a seeded
 * sample and every other track is placed at the mean position of its nearest sampled tracks (UMAP's
 * own initialisation for new points), found through an HNSW index, so the build stays near-linear.
 */
import { Index, MetricKind, ScalarKind } from 'usearch';
import { seededRandom, shuffleInPlace } from '../stats/random.js';
import { type GenreMembership, genreSpearman } from './genres.js';
import { fitPca, projectPca } from './pca.js';
import { trustworthiness } from './trustworthiness.js';
import { fitUmap, type UmapParams } from './umap.js';

export interface MapParams extends UmapParams {
  /** Most tracks UMAP is fitted on; the rest are placed beside their nearest fitted tracks. */
  fitLimit: number;
  /** Neighbourhood size of the trustworthiness score. */
  trustK: number;
  /** Tracks whose neighbourhoods are scored (a seeded sample; all when the catalogue is smaller). */
  trustQueries: number;
}

/** nNeighbors 15 and minDist 0.1 are umap-learn's defaults; 200 epochs is its choice above 10,000 points. */
export const MAP_PARAMS: MapParams = {
  nNeighbors: 15,
  minDist: 0.1,
  nEpochs: 200,
  seed: 42,
  fitLimit: 30_000,
  trustK: 10,
  trustQueries: 5_000,
};

export interface MapQuality {
  /** Trustworthiness T(k) of the UMAP map and of the PCA projection, on the same query tracks. */
  trustworthiness: number;
  pcaTrustworthiness: number;
  /** Spearman correlation of genre-centroid distances, 9-D versus map, for UMAP and PCA. */
  genreSpearman: number;
  pcaGenreSpearman: number;
  k: number;
  /** How many tracks' neighbourhoods were scored (all of them, or a seeded sample). */
  queries: number;
}

export interface MapArtifact {
  method: 'umap';
  params: MapParams;
  /** coords[t * 2], coords[t * 2 + 1]: the map position of track t. */
  coords: Float32Array;
  quality: MapQuality;
  /** Tracks UMAP was fitted on (the others were placed). */
  fitted: number;
  buildSeconds: number;
}

export interface MapInput {
  /** Standardized features, n rows of d. */
  z: Float64Array;
  size: number;
  dims: number;
  membership: GenreMembership;
}

/** A seeded sample of `count` distinct indices below n, ascending (all of them when count >= n). */
export function sampleIndices(n: number, count: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (count >= n) return all;
  shuffleInPlace(all, seededRandom(seed));
  return all.subarray(0, count).sort();
}

/** Places the remaining tracks at the mean map position of their `k` nearest fitted tracks. */
function placeRest(
  z: Float64Array,
  n: number,
  d: number,
  fitted: Int32Array,
  fittedCoords: Float64Array,
  coords: Float64Array,
  k: number,
): void {
  const index = new Index({
    dimensions: d,
    metric: MetricKind.L2sq,
    quantization: ScalarKind.F32,
    connectivity: 16,
    expansion_add: 64,
    expansion_search: 64,
    multi: false,
  });
  const keys = new BigUint64Array(fitted.length);
  const vectors = new Float32Array(fitted.length * d);
  fitted.forEach((t, s) => {
    keys[s] = BigInt(s);
    for (let f = 0; f < d; f++) vectors[s * d + f] = z[t * d + f] as number;
  });
  index.add(keys, vectors, 1); // one thread: a multi-threaded insertion order would make the graph, and so the map, vary
  const isFitted = new Uint8Array(n);
  fitted.forEach((t, s) => {
    isFitted[t] = 1;
    coords[t * 2] = fittedCoords[s * 2] as number;
    coords[t * 2 + 1] = fittedCoords[s * 2 + 1] as number;
  });
  const batch = 4096;
  const query = new Float32Array(batch * d);
  const pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const found = index.search(query.subarray(0, pending.length * d), k, 1);
    pending.forEach((t, q) => {
      let x = 0;
      let y = 0;
      let count = 0;
      for (let r = 0; r < k; r++) {
        const key = found.keys[q * k + r];
        if (key === undefined || found.distances[q * k + r] === Number.POSITIVE_INFINITY) continue;
        const s = Number(key);
        if (s >= fitted.length) continue;
        x += fittedCoords[s * 2] as number;
        y += fittedCoords[s * 2 + 1] as number;
        count++;
      }
      coords[t * 2] = count ? x / count : 0;
      coords[t * 2 + 1] = count ? y / count : 0;
    });
    pending.length = 0;
  };
  for (let t = 0; t < n; t++) {
    if (isFitted[t]) continue;
    for (let f = 0; f < d; f++) query[pending.length * d + f] = z[t * d + f] as number;
    pending.push(t);
    if (pending.length === batch) flush();
  }
  flush();
}

/** Faithfulness of a map beside PCA on the same seeded query tracks. */
export function measureMap(input: MapInput, coords: ArrayLike<number>, params: MapParams): MapQuality {
  const { z, size: n, dims: d, membership } = input;
  const pca = projectPca(fitPca(z, n, d, 2), z, n, d);
  const queries = sampleIndices(n, params.trustQueries, params.seed + 1);
  return {
    trustworthiness: trustworthiness(z, d, coords, 2, n, params.trustK, { queries }),
    pcaTrustworthiness: trustworthiness(z, d, pca, 2, n, params.trustK, { queries }),
    genreSpearman: genreSpearman(z, d, coords, membership),
    pcaGenreSpearman: genreSpearman(z, d, pca, membership),
    k: params.trustK,
    queries: queries.length,
  };
}

/** Fits the map and measures it (the slow part: seconds to minutes; run it off the request path). */
export function buildTrackMap(input: MapInput, params: MapParams = MAP_PARAMS, progress?: (line: string) => void): MapArtifact {
  const started = performance.now();
  const { z, size: n, dims: d } = input;
  if (n <= params.nNeighbors) throw new RangeError(`a map needs more than ${params.nNeighbors} tracks (got ${n})`);
  const fitted = sampleIndices(n, params.fitLimit, params.seed);
  const fitRows = new Float64Array(fitted.length * d);
  fitted.forEach((t, s) => {
    fitRows.set(z.subarray(t * d, t * d + d), s * d);
  });
  let reported = 0;
  const fittedCoords = fitUmap(fitRows, fitted.length, d, params, (epoch, total) => {
    if (progress && epoch >= reported + total / 4) {
      reported = epoch;
      progress(`map: UMAP epoch ${epoch}/${total}`);
    }
  });
  const coords = new Float64Array(n * 2);
  if (fitted.length === n) coords.set(fittedCoords);
  else placeRest(z, n, d, fitted, fittedCoords, coords, params.nNeighbors);
  progress?.('map: measuring faithfulness beside PCA');
  const quality = measureMap(input, coords, params);
  return {
    method: 'umap',
    params,
    coords: Float32Array.from(coords),
    quality,
    fitted: fitted.length,
    buildSeconds: (performance.now() - started) / 1000,
  };
}
