/**
 * Times, in one process after loading (not timed), the 114 per-genre regressions (with SE, p, CI, VIF
 * and BH; primary genre) and the emerging ranking (notebook settings: window 40-70, top 10 tracks and
 * artists by mean). Each step runs 3 times untimed, then RUNS times; prints medians and a few outputs to compare as JSON.
 */
import { loadCatalog } from '../src/data/index.js';
import { emerging } from '../src/discover/emerging.js';
import { fitDrivers } from '../src/drivers/drivers.js';

const path = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
/** Untimed runs first, on both sides (the JIT compiles hot loops after a few calls, as in a long-running server). */
const WARMUP = 3;
if (!path) throw new Error('usage: discoverRun FILE [RUNS]');
const { catalog } = await loadCatalog(path);

function time<T>(work: () => T): { seconds: number; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < WARMUP; i++) work();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = work();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(runs / 2)] as number, value: value as T };
}

const firstStart = performance.now();
emerging(catalog, { allowVersions: true, minTracks: 1, rankArtistsBy: 'mean' }); // builds the cached artist codes
const emergingFirstSeconds = (performance.now() - firstStart) / 1000;
const drivers = time(() => fitDrivers(catalog));
const ranking = time(() => emerging(catalog, { allowVersions: true, minTracks: 1, rankArtistsBy: 'mean' }));
const pop = drivers.value.genres.find((g) => g.genre === 'pop');
process.stdout.write(
  `${JSON.stringify({
    tracks: catalog.size,
    regressions: drivers.value.genres.length,
    regressionSeconds: drivers.seconds,
    emergingSeconds: ranking.seconds,
    emergingFirstSeconds,
    topScores: ranking.value.tracks.map((t) => t.score),
    topArtistScores: ranking.value.artists.map((a) => a.meanScore),
    poolSize: ranking.value.poolSize,
    topTracks: ranking.value.tracks.map((t) => t.trackId),
    popCoefficients: pop?.coefficients.map((c) => c.coef),
  })}\n`,
);
