/**
 * Exact top-5 search: queries per second and p50/p99 latency, one query at a time (as an API serves
 * them), side by side with scikit-learn NearestNeighbors(metric="cosine", algorithm="brute") on the
 * same standardized matrix and the same queries, in the same run. Catalogues: the sample, and 1M and
 * 5M tracks made by resampling the sample's standardized rows with small noise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog } from '../src/data/index.js';
import { buildFeatureSpace, type FeatureSpace, rowNorms } from '../src/features/featureSpace.js';
import { ANN_PARAMS, buildIndexFile, indexPath, indexVectors, openIndexFile } from '../src/recommend/ann.js';
import { buildClusterIndex, type ClusterIndex } from '../src/recommend/clusterSearch.js';
import { indexCandidateCount } from '../src/recommend/recommend.js';
import { nearest, type Query } from '../src/recommend/search.js';
import { seededRandom } from '../src/stats/random.js';
import { markdownTable, OUT, percentile, ROOT } from './common.js';

const sizes = (process.env.BENCH_SIZES ?? '1000000,5000000').split(',').map(Number).filter(Boolean);

function resampled(space: FeatureSpace, size: number, random: () => number): FeatureSpace {
  const d = space.features.length;
  const z = new Float64Array(size * d);
  for (let t = 0; t < size; t++) {
    const source = Math.floor(random() * space.size);
    for (let f = 0; f < d; f++) z[t * d + f] = (space.z[source * d + f] as number) + (random() - 0.5) * 0.05;
  }
  return { ...space, z, size, ...rowNorms(z, size, d) };
}

interface Timing {
  qps: number;
  p50: number;
  p99: number;
  ids: number[][];
  /** Cosine distance (1 - similarity) of each result. */
  distances: number[][];
}

function timeOurs(space: FeatureSpace, queries: Float64Array[], pruned?: ClusterIndex): Timing {
  const dims = space.features.map((_, f) => f);
  const weights = new Float64Array(dims.length).fill(1);
  const latencies: number[] = [];
  const ids: number[][] = [];
  const distances: number[][] = [];
  const started = performance.now();
  for (const target of queries) {
    const start = performance.now();
    const query: Query = { dims, target, weights };
    const found = nearest(space, query, 'cosine', 5, null, { pruned });
    ids.push(found.map((s) => s.track));
    distances.push(found.map((s) => 1 - s.similarity));
    latencies.push(performance.now() - start);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { qps: queries.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), ids, distances };
}

const annSizes = new Set((process.env.BENCH_ANN_SIZES ?? '1000000').split(',').map(Number).filter(Boolean));

/**
 * The approximate index on one catalogue: build seconds, file and resident size, then top-10 queries
 * (44 candidates from the graph, re-scored exactly: the recommender's path) timed one at a time, and
 * recall@10 against the exact scan.
 */
function annRow(label: string, space: FeatureSpace, random: () => number): string[] {
  const d = space.features.length;
  const dims = space.features.map((_, f) => f);
  const weights = new Float64Array(d).fill(1);
  const queries = Array.from({ length: 1000 }, () => {
    const t = Math.floor(random() * space.size);
    return Float64Array.from({ length: d }, (_, f) => (space.z[t * d + f] as number) + (random() - 0.5) * 0.5);
  });
  const cacheDir = mkdtempSync(join(tmpdir(), 'spotify-intel-bench-ann-'));
  try {
    const vectors = indexVectors(space);
    const path = indexPath(cacheDir, vectors, d, 'cosine');
    const buildStart = performance.now();
    buildIndexFile(vectors, d, 'cosine', path);
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const rssBefore = process.memoryUsage().rss;
    const index = openIndexFile(path, space.size, d, 'cosine');
    if (!index) throw new Error('the index just built does not open');
    const residentMB = (process.memoryUsage().rss - rssBefore) / 1e6;
    const search = (target: Float64Array) =>
      nearest(space, { dims, target, weights }, 'cosine', 10, null, {
        among: index.candidates(Float32Array.from(target), indexCandidateCount(10, space.size, space.size)),
      });
    for (const q of queries.slice(0, 100)) search(q); // warm up
    const latencies: number[] = [];
    const found: number[][] = [];
    for (const q of queries) {
      const start = performance.now();
      found.push(search(q).map((s) => s.track));
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    let hits = 0;
    const checked = 200;
    for (let i = 0; i < checked; i++) {
      const exact = new Set(nearest(space, { dims, target: queries[i] as Float64Array, weights }, 'cosine', 10, null).map((s) => s.track));
      hits += (found[i] as number[]).filter((t) => exact.has(t)).length;
    }
    const recall = hits / (checked * 10);
    const p50 = percentile(latencies, 0.5);
    return [
      label,
      buildSeconds.toFixed(1),
      (statSync(path).size / 1e6).toFixed(0),
      residentMB.toFixed(0),
      String(queries.length),
      p50.toFixed(3),
      percentile(latencies, 0.99).toFixed(3),
      recall.toFixed(4),
      p50 < 1 && recall >= 0.95 ? 'met' : 'NOT met',
    ];
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { catalog } = await loadCatalog(resolve(ROOT, '../shared/data/spotify_sample.csv'));
  const sample = buildFeatureSpace(catalog);
  const random = seededRandom(42);
  const rows: string[][] = [];
  const annRows: string[][] = [];
  for (const [label, space, queryCount] of [
    ['sample (22,332)', sample, 2000],
    ...sizes.map((n) => [`${(n / 1e6).toFixed(0)}M (resampled)`, resampled(sample, n, random), n >= 5e6 ? 20 : 50] as const),
  ] as [string, FeatureSpace, number][]) {
    const d = space.features.length;
    if (annSizes.has(space.size)) annRows.push(annRow(label, space, random));
    const queries = Array.from({ length: queryCount }, () => {
      const t = Math.floor(random() * space.size);
      return Float64Array.from({ length: d }, (_, f) => (space.z[t * d + f] as number) + (random() - 0.5) * 0.5);
    });
    for (let i = 0; i < 20; i++) timeOurs(space, queries.slice(0, 2)); // warm up the JIT
    const ours = timeOurs(space, queries);
    // The same queries with the grouping that lets the exact scan skip rows (what `serve` enables).
    const buildStart = performance.now();
    const grouping = buildClusterIndex(space);
    const groupingSeconds = (performance.now() - buildStart) / 1000;
    for (let i = 0; i < 20; i++) timeOurs(space, queries.slice(0, 2), grouping);
    const pruned = timeOurs(space, queries, grouping);
    const prunedSame = pruned.ids.filter((ids, i) => JSON.stringify(ids) === JSON.stringify(ours.ids[i])).length;
    const matrixFile = resolve(OUT, 'nn_matrix.f64');
    const queryFile = resolve(OUT, 'nn_queries.f64');
    writeFileSync(matrixFile, new Uint8Array(space.z.buffer, 0, space.size * d * 8));
    const packed = new Float64Array(queries.length * d);
    queries.forEach((q, i) => {
      packed.set(q, i * d);
    });
    writeFileSync(queryFile, new Uint8Array(packed.buffer));
    const theirs = JSON.parse(
      execFileSync('/usr/bin/python3', [resolve(ROOT, 'bench/nn_sklearn.py'), matrixFile, queryFile, String(d)], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      }),
    ) as Timing;
    // Identical audio rows (one song on several albums) tie exactly; equal distances count as agreement.
    const agree = ours.distances.filter((ds, i) =>
      ds.every((v, k) => Math.abs(v - (theirs.distances[i]?.[k] ?? Number.NaN)) < 1e-9),
    ).length;
    rows.push([
      label,
      String(queryCount),
      ours.qps.toFixed(0),
      theirs.qps.toFixed(0),
      `${(ours.qps / theirs.qps).toFixed(1)}x`,
      pruned.qps.toFixed(0),
      `${(pruned.qps / theirs.qps).toFixed(1)}x`,
      groupingSeconds.toFixed(2),
      `${prunedSame}/${queryCount}`,
      ours.p50.toFixed(3),
      ours.p99.toFixed(3),
      theirs.p50.toFixed(3),
      theirs.p99.toFixed(3),
      `${agree}/${queryCount}`,
    ]);
  }
  const header = [
    'catalogue',
    'queries',
    'ours q/s',
    'sklearn q/s',
    'ratio',
    'pruned q/s',
    'pruned ratio',
    'grouping s',
    'pruned = scan',
    'ours p50 ms',
    'ours p99 ms',
    'sklearn p50 ms',
    'sklearn p99 ms',
    'same top-5 distances',
  ];
  process.stdout.write('\nExact cosine top-5, one query at a time (NearestNeighbors(metric="cosine", algorithm="brute"))\n');
  process.stdout.write(markdownTable(header, rows));
  if (annRows.length === 0) return;
  process.stdout.write(
    `\nApproximate index (usearch HNSW, connectivity ${ANN_PARAMS.connectivity}, expansion add/search ${ANN_PARAMS.expansionAdd}/${ANN_PARAMS.expansionSearch}), cosine top-10 re-scored exactly, one query at a time\n`,
  );
  const annHeader = ['catalogue', 'build s', 'file MB', 'resident MB', 'queries', 'p50 ms', 'p99 ms', 'recall@10'];
  process.stdout.write(markdownTable([...annHeader, 'goal (p50 < 1 ms, recall@10 >= 0.95)'], annRows));
}

await main();
