/**
 * The approximate nearest-neighbour index for large catalogues: an HNSW graph (usearch) over the
 * standardized 9-feature rows, one per metric, built on demand and cached on disk under a name derived
 * from the data, so a changed catalogue never meets a stale index. It only proposes candidates: the
 * recommender re-scores them exactly, so every similarity it prints is exact.
 *
 * Why usearch over hnswlib-node (measured on 1M resampled rows, M=16, see README "Recommend at scale"):
 * both reach recall@10 >= 0.99 under 0.2 ms a query, but usearch ships its compiled binary inside the
 * npm package (hnswlib-node compiles C++ with node-gyp on every install), builds the graph on all
 * cores (hnswlib-node's binding inserts one point per call), and saves/loads a single file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Index, MetricKind, ScalarKind } from 'usearch';
import type { FeatureSpace } from '../features/featureSpace.js';
import type { Metric } from './search.js';

/** From this many tracks on, `auto` search uses the index (below it the exact scan is fast enough). */
export const ANN_MIN_TRACKS = 500_000;

/** Graph degree and beam widths: recall@10 0.996 at 1M with a build about 2x faster than expansionAdd 128. */
export const ANN_PARAMS = { connectivity: 16, expansionAdd: 64, expansionSearch: 128 } as const;

/** Bumped whenever the file layout or the vectors put in it change. */
const INDEX_FORMAT = 1;

export interface ApproximateIndex {
  metric: Metric;
  size: number;
  path: string;
  /** Up to k candidate tracks for a standardized full-profile target, nearest first. */
  candidates(target: Float32Array, k: number): Int32Array;
}

const usearchMetric = (metric: Metric) => (metric === 'cosine' ? MetricKind.Cos : MetricKind.L2sq);

/** The standardized rows as float32, the index's element type. */
export function indexVectors(space: FeatureSpace): Float32Array {
  return Float32Array.from(space.z.subarray(0, space.size * space.features.length));
}

/** `$SPOTIFY_INTEL_CACHE`, else `$XDG_CACHE_HOME/spotify-intel`, else `~/.cache/spotify-intel`. */
export function defaultIndexCacheDir(): string {
  if (process.env.SPOTIFY_INTEL_CACHE) return resolve(process.env.SPOTIFY_INTEL_CACHE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'spotify-intel');
}

/** The cache file for these vectors and this metric: a digest of the data and the parameters. */
export function indexPath(cacheDir: string, vectors: Float32Array, dimensions: number, metric: Metric): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ INDEX_FORMAT, dimensions, metric, ...ANN_PARAMS }))
    .update(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength))
    .digest('hex')
    .slice(0, 24);
  return join(cacheDir, `tracks-${digest}-${metric}.usearch`);
}

function newIndex(dimensions: number, metric: Metric): Index {
  return new Index({
    dimensions,
    metric: usearchMetric(metric),
    quantization: ScalarKind.F32,
    connectivity: ANN_PARAMS.connectivity,
    expansion_add: ANN_PARAMS.expansionAdd,
    expansion_search: ANN_PARAMS.expansionSearch,
    multi: false,
  });
}

/**
 * What the index file must be, written beside it: usearch aborts the process on a damaged file, so
 * a file is only handed to it once its length and digest match.
 */
interface IndexManifest {
  format: number;
  size: number;
  dimensions: number;
  metric: Metric;
  bytes: number;
  sha256: string;
}

const manifestPath = (path: string) => `${path}.json`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes `bytes` (or lets `write` create the file) at a temporary name, then renames it into place. */
function writeAtomically(path: string, write: (temporary: string) => void): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.partial`;
  try {
    write(temporary);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Builds the graph over every row (key = track index) and writes it and its manifest atomically. */
export function buildIndexFile(vectors: Float32Array, dimensions: number, metric: Metric, path: string, threads = 0): void {
  const size = vectors.length / dimensions;
  const index = newIndex(dimensions, metric);
  const keys = new BigUint64Array(size);
  for (let t = 0; t < size; t++) keys[t] = BigInt(t);
  index.add(keys, vectors, threads);
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeAtomically(path, (temporary) => index.save(temporary));
  const saved = readFileSync(path);
  const manifest: IndexManifest = { format: INDEX_FORMAT, size, dimensions, metric, bytes: saved.length, sha256: sha256(saved) };
  writeAtomically(manifestPath(path), (temporary) => writeFileSync(temporary, JSON.stringify(manifest)));
}

/** True when the file is the one its manifest describes, for this catalogue and metric. */
function intact(path: string, size: number, dimensions: number, metric: Metric): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(path), 'utf8')) as Partial<IndexManifest>;
    const bytes = readFileSync(path);
    return (
      manifest.format === INDEX_FORMAT &&
      manifest.size === size &&
      manifest.dimensions === dimensions &&
      manifest.metric === metric &&
      manifest.bytes === bytes.length &&
      manifest.sha256 === sha256(bytes)
    );
  } catch {
    return false;
  }
}

/** Opens a cached index; undefined when the file is missing, damaged or not for this catalogue (then rebuild). */
export function openIndexFile(path: string, size: number, dimensions: number, metric: Metric): ApproximateIndex | undefined {
  if (!existsSync(path) || !intact(path, size, dimensions, metric)) return undefined;
  const index = newIndex(dimensions, metric);
  try {
    index.load(path);
  } catch {
    return undefined;
  }
  if (index.size() !== size || index.dimensions() !== dimensions) return undefined;
  return {
    metric,
    size,
    path,
    candidates(target, k) {
      const found = index.search(target, Math.min(k, size), 1);
      const count = found.keys.length;
      const tracks = new Int32Array(count);
      for (let i = 0; i < count; i++) tracks[i] = Number(found.keys[i]);
      return tracks;
    },
  };
}

export interface IndexOptions {
  cacheDir?: string;
  /** Called before a build starts (about half a minute per million tracks on 2 cores); `replacing` a damaged or stale file. */
  onBuild?: (path: string, replacing: boolean) => void;
}

/** Where this space's index for `metric` lives, with the vectors it is built from. */
function locate(space: FeatureSpace, metric: Metric, options: IndexOptions) {
  const dimensions = space.features.length;
  const vectors = indexVectors(space);
  const path = indexPath(options.cacheDir ?? defaultIndexCacheDir(), vectors, dimensions, metric);
  return { dimensions, vectors, path };
}

/** The index for this space and metric: from the cache, or built now (in this thread) and cached. */
export function approximateIndex(space: FeatureSpace, metric: Metric, options: IndexOptions = {}): ApproximateIndex {
  const { dimensions, vectors, path } = locate(space, metric, options);
  const cached = openIndexFile(path, space.size, dimensions, metric);
  if (cached) return cached;
  options.onBuild?.(path, existsSync(path));
  buildIndexFile(vectors, dimensions, metric, path);
  const built = openIndexFile(path, space.size, dimensions, metric);
  if (!built) throw new Error(`the approximate index just written to ${path} does not open`);
  return built;
}

/**
 * For a server: an index provider that answers undefined (the caller scans exactly) until the
 * index for a metric is ready. The first request for a metric opens the cached file, or starts a
 * build on one worker thread (leaving the other cores to the requests).
 */
export function backgroundIndexes(
  space: FeatureSpace,
  options: IndexOptions & { onReady?: (index: ApproximateIndex) => void; onError?: (error: Error) => void } = {},
): (metric: Metric) => ApproximateIndex | undefined {
  const ready = new Map<Metric, ApproximateIndex>();
  const started = new Set<Metric>();
  return (metric) => {
    const index = ready.get(metric);
    if (index || started.has(metric)) return index;
    started.add(metric);
    const { dimensions, vectors, path } = locate(space, metric, options);
    const cached = openIndexFile(path, space.size, dimensions, metric);
    if (cached) {
      ready.set(metric, cached);
      options.onReady?.(cached);
      return cached;
    }
    options.onBuild?.(path, existsSync(path));
    const worker = new Worker(new URL('./annWorker.js', import.meta.url), {
      workerData: { vectors, dimensions, metric, path, threads: 1 },
      transferList: [vectors.buffer as ArrayBuffer],
    });
    worker.once('message', () => {
      const built = openIndexFile(path, space.size, dimensions, metric);
      if (built) {
        ready.set(metric, built);
        options.onReady?.(built);
      } else options.onError?.(new Error(`the approximate index written to ${path} does not open`));
    });
    worker.once('error', (error) => options.onError?.(error));
    return undefined;
  };
}
