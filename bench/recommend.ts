/**
 * Exact top-5 search: queries per second and p50/p99 latency, one query at a time (as an API serves
 * them), side by side with scikit-learn NearestNeighbors(metric="cosine", algorithm="brute") on the
 * same standardized matrix and the same queries, in the same run. Catalogues: the sample, and 1M and
 * 5M tracks made by resampling the sample's standardized rows with small noise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCatalog } from '../src/data/index.js';
import { buildFeatureSpace, type FeatureSpace, rowNorms } from '../src/features/featureSpace.js';
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

function timeOurs(space: FeatureSpace, queries: Float64Array[]): Timing {
  const dims = space.features.map((_, f) => f);
  const weights = new Float64Array(dims.length).fill(1);
  const latencies: number[] = [];
  const ids: number[][] = [];
  const distances: number[][] = [];
  const started = performance.now();
  for (const target of queries) {
    const start = performance.now();
    const query: Query = { dims, target, weights };
    const found = nearest(space, query, 'cosine', 5, null);
    ids.push(found.map((s) => s.track));
    distances.push(found.map((s) => 1 - s.similarity));
    latencies.push(performance.now() - start);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { qps: queries.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), ids, distances };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { catalog } = await loadCatalog(resolve(ROOT, '../shared/data/spotify_sample.csv'));
  const sample = buildFeatureSpace(catalog);
  const random = seededRandom(42);
  const rows: string[][] = [];
  for (const [label, space, queryCount] of [
    ['sample (22,332)', sample, 2000],
    ...sizes.map((n) => [`${(n / 1e6).toFixed(0)}M (resampled)`, resampled(sample, n, random), n >= 5e6 ? 20 : 50] as const),
  ] as [string, FeatureSpace, number][]) {
    const d = space.features.length;
    const queries = Array.from({ length: queryCount }, () => {
      const t = Math.floor(random() * space.size);
      return Float64Array.from({ length: d }, (_, f) => (space.z[t * d + f] as number) + (random() - 0.5) * 0.5);
    });
    for (let i = 0; i < 20; i++) timeOurs(space, queries.slice(0, 2)); // warm up the JIT
    const ours = timeOurs(space, queries);
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
    'ours p50 ms',
    'ours p99 ms',
    'sklearn p50 ms',
    'sklearn p99 ms',
    'same top-5 distances',
  ];
  process.stdout.write('\nExact cosine top-5, one query at a time (NearestNeighbors(metric="cosine", algorithm="brute"))\n');
  process.stdout.write(markdownTable(header, rows));
}

await main();
