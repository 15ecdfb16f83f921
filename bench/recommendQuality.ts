/**
 * Recommendation quality beside baselines (the table of `recommend evaluate`, goals marked), and the
 * blended seed query's cost: p50/p99 in-process on the sample, and on a 1,000,000-track catalogue made
 * by resampling the sample's tracks (with their genres and artists) with small noise. Blended queries
 * take the exact search with group bounds (blendGroups.ts) at every size; it is timed beside the scan
 * of every pool track on the same seeds, and their answers compared (recall@10, 1 when exact). The
 * approximate index serves audio-only full-profile queries; its recall is in the recommend bench.
 */

import { formatRecommendEvaluation } from '../src/cli/recommendEvaluate.js';
import type { Catalog } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { buildNameIndex } from '../src/data/names.js';
import { buildFeatureSpace, type FeatureSpace, rowNorms } from '../src/features/featureSpace.js';
import { buildArtistIndex, fitGenreAffinity } from '../src/recommend/affinity.js';
import { buildBlendGroups } from '../src/recommend/blendGroups.js';
import { evaluateRecommendations } from '../src/recommend/evaluate.js';
import { holidayTracks } from '../src/recommend/holiday.js';
import { type RecommendContext, recommend } from '../src/recommend/recommend.js';
import { buildVocabulary } from '../src/recommend/vocabulary.js';
import { seededRandom } from '../src/stats/random.js';
import { percentile, SAMPLE } from './common.js';

/** A catalogue of `size` tracks drawn from `catalog` (ids made unique), audio values jittered by 1% of a SD. */
function resampledCatalogue(
  catalog: Catalog,
  space: FeatureSpace,
  size: number,
  random: () => number,
): { catalog: Catalog; space: FeatureSpace } {
  const d = space.features.length;
  const source = Int32Array.from({ length: size }, () => Math.floor(random() * catalog.size));
  const z = new Float64Array(size * d);
  const numeric = Object.fromEntries(
    Object.entries(catalog.numeric).map(([k, v]) => [k, Float64Array.from(source, (s) => v[s] as number)]),
  ) as Catalog['numeric'];
  for (let t = 0; t < size; t++) {
    for (let f = 0; f < d; f++) z[t * d + f] = (space.z[(source[t] as number) * d + f] as number) + (random() - 0.5) * 0.02;
  }
  const genreOffsets = new Int32Array(size + 1);
  const codes: number[] = [];
  const artistTrack: number[] = [];
  const artistName: string[] = [];
  const artistStart = new Int32Array(catalog.size + 1);
  for (let r = 0; r < catalog.artistTrack.length; r++) artistStart[(catalog.artistTrack[r] as number) + 1] = r + 1;
  for (let t = 1; t <= catalog.size; t++) artistStart[t] = Math.max(artistStart[t] as number, artistStart[t - 1] as number);
  source.forEach((s, t) => {
    for (let k = catalog.genreOffsets[s] as number; k < (catalog.genreOffsets[s + 1] as number); k++)
      codes.push(catalog.genreCodes[k] as number);
    genreOffsets[t + 1] = codes.length;
    for (let r = artistStart[s] as number; r < (artistStart[s + 1] as number); r++) {
      artistTrack.push(t);
      artistName.push(catalog.artistName[r] as string);
    }
  });
  const pick = <T>(values: T[]) => Array.from(source, (s) => values[s] as T);
  const trackId = Array.from(source, (s, t) => `${(catalog.trackId[s] as string).slice(0, 15)}${t.toString(36).padStart(7, '0')}`);
  const big: Catalog = {
    ...catalog,
    size,
    trackId,
    trackIndex: new Map(trackId.map((id, t) => [id, t])),
    // Every copy its own song (a real catalogue of that size holds about as many songs as tracks).
    trackName: Array.from(source, (s, t) => `${catalog.trackName[s]} #${t}`),
    albumName: pick(catalog.albumName),
    artists: pick(catalog.artists),
    mainArtist: pick(catalog.mainArtist),
    numeric,
    explicit: Uint8Array.from(source, (s) => catalog.explicit[s] as number),
    primaryGenre: Int32Array.from(source, (s) => catalog.primaryGenre[s] as number),
    genreOffsets,
    genreCodes: Int32Array.from(codes),
    genrePopularity: new Float64Array(codes.length),
    artistTrack: Int32Array.from(artistTrack),
    artistName,
  };
  return { catalog: big, space: { ...space, z, size, ...rowNorms(z, size, d) } };
}

interface SeedTiming {
  p50: number;
  p99: number;
  /** Result track ids per query, to compare the two paths. */
  answers: string[][];
}

function timeSeedQueries(catalog: Catalog, space: FeatureSpace, seeds: string[], context: RecommendContext): SeedTiming {
  const latencies: number[] = [];
  const answers: string[][] = [];
  for (const seed of seeds) {
    const started = performance.now();
    const result = recommend(catalog, space, { seeds: [seed], limit: 10 }, context);
    latencies.push(performance.now() - started);
    answers.push(result.results.map((r) => r.trackId));
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), answers };
}

/** Seed queries with the fitted groups beside the same queries scoring every pool track: latency, and agreement (recall@10). */
function compareSeedPaths(label: string, catalog: Catalog, space: FeatureSpace, count: number, random: () => number): string {
  const started = performance.now();
  const groups = buildBlendGroups(catalog, space);
  const groupSeconds = (performance.now() - started) / 1000;
  const full: RecommendContext = {
    affinity: fitGenreAffinity(catalog),
    artists: buildArtistIndex(catalog),
    vocabulary: buildVocabulary(catalog, space),
    names: buildNameIndex(catalog),
    holiday: holidayTracks(catalog),
  };
  const seeds = Array.from({ length: count }, () => catalog.trackId[Math.floor(random() * catalog.size)] as string);
  const grouped = timeSeedQueries(catalog, space, seeds, { ...full, blendGroups: groups });
  const scan = timeSeedQueries(catalog, space, seeds, full);
  let same = 0;
  let total = 0;
  grouped.answers.forEach((answer, i) => {
    const exact = new Set(scan.answers[i]);
    total += exact.size;
    for (const id of answer) if (exact.has(id)) same++;
  });
  return (
    `  ${label}: groups built in ${groupSeconds.toFixed(2)} s (${groups.count.toLocaleString('en-US')} groups); ` +
    `exact search with group bounds p50 ${grouped.p50.toFixed(2)} ms, p99 ${grouped.p99.toFixed(2)} ms; ` +
    `scoring every pool track p50 ${scan.p50.toFixed(2)} ms, p99 ${scan.p99.toFixed(2)} ms; ` +
    `recall@10 of the grouped search against the full scan ${(same / Math.max(1, total)).toFixed(4)} (${count} queries)\n`
  );
}

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
// BENCH_QUALITY_SPEED_ONLY=1 skips the quality table (minutes) and times the seed queries only.
if (!process.env.BENCH_QUALITY_SPEED_ONLY) {
  const evaluation = await evaluateRecommendations(catalog, space, { onStage: (s) => process.stderr.write(`bench: ${s}\n`) });
  process.stdout.write(formatRecommendEvaluation(evaluation));
}
const random = seededRandom(7);
const sampleLine = compareSeedPaths(`sample (${catalog.size.toLocaleString('en-US')} tracks)`, catalog, space, 300, random);
const million = resampledCatalogue(catalog, space, 1_000_000, random);
const millionLine = compareSeedPaths('1,000,000 resampled tracks', million.catalog, million.space, 30, random);
process.stdout.write(
  `\nBlended seed query (top 10, default blend and diversity), in-process, same seeds on both paths:\n${sampleLine}${millionLine}`,
);
