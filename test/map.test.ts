/**
 * The catalogue map: trustworthiness against a hand-computed fixture and against scikit-learn on a
 * fixed subset of the sample (when python3 with scikit-learn is installed), genre-distance Spearman
 * against scipy, seeded determinism, the disk cache (damaged files rebuilt), density bins and viewports,
 * the path between two tracks, and the API (503 while building, 400 on bad input).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../src/data/catalog.js';
import { isInputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildFeatureSpace, type FeatureSpace } from '../src/features/featureSpace.js';
import { mapAnswer, mapRequestFrom } from '../src/map/answer.js';
import type { TrackMap } from '../src/map/artifact.js';
import { buildTrackMap, MAP_PARAMS, type MapInput, type MapParams, sampleIndices } from '../src/map/build.js';
import { mapCachePath, openMap, saveMap } from '../src/map/cache.js';
import { densityGrid } from '../src/map/density.js';
import { genrePlaces } from '../src/map/genres.js';
import { pathBetween } from '../src/map/path.js';
import { fitPca } from '../src/map/pca.js';
import { trustworthiness } from '../src/map/trustworthiness.js';
import { buildServer } from '../src/server/app.js';
import { spearman } from '../src/stats/ranking.js';
import { assertClose, runCli, SAMPLE } from './helpers.js';
import { writeReportFixture } from './reportFixture.js';

/** Debian's python3 (python3-sklearn), as the benches use; $PYTHON overrides. */
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SUBSET = 1200;
const PARAMS: MapParams = { ...MAP_PARAMS, trustQueries: SUBSET, nEpochs: 150 };

/** The first SUBSET tracks of the sample as a map input (standardized over the whole sample). */
function subsetInput(catalog: Catalog, space: FeatureSpace): MapInput {
  const d = space.features.length;
  const genreOffsets = new Int32Array(SUBSET + 1);
  const codes: number[] = [];
  for (let t = 0; t < SUBSET; t++) {
    for (let e = catalog.genreOffsets[t] as number; e < (catalog.genreOffsets[t + 1] as number); e++)
      codes.push(catalog.genreCodes[e] as number);
    genreOffsets[t + 1] = codes.length;
  }
  return {
    z: space.z.slice(0, SUBSET * d),
    size: SUBSET,
    dims: d,
    membership: { genreNames: catalog.genreNames, genreOffsets, genreCodes: Int32Array.from(codes) },
  };
}

function hasScikitLearn(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn, scipy'], { encoding: 'utf8' }).status === 0;
}

describe('trustworthiness', () => {
  it('matches a value computed by hand', () => {
    // 1-D points 0, 1, 3, 7, 12, 20; the map swaps the places of points 2 and 5.
    // Map nearest neighbours (k = 1): 0->1 (true rank 1), 1->0 (1), 2->4 (4), 3->5 (5), 4->3 (1), 5->1 (4):
    // penalties 0 + 0 + 3 + 4 + 0 + 3 = 10; T = 1 - 2 / (6 * 1 * (12 - 3 - 1)) * 10 = 7 / 12.
    const high = [0, 1, 3, 7, 12, 20];
    const low = [0, 1, 20, 7, 12, 3];
    assertClose(trustworthiness(high, 1, low, 1, 6, 1), 7 / 12, 1e-12, 'T(1)');
    assert.equal(trustworthiness(high, 1, high, 1, 6, 1), 1);
    assert.equal(trustworthiness(high, 1, high, 1, 6, 2), 1);
    // scoring the query points one at a time and adding up gives the same sum
    const one = [0, 1, 2, 3, 4, 5].map((q) => 1 - trustworthiness(high, 1, low, 1, 6, 1, { queries: [q] }));
    assertClose(1 - one.reduce((a, b) => a + b, 0) / 6, 7 / 12, 1e-12, 'sum of single-query estimates');
    assert.throws(() => trustworthiness(high, 1, low, 1, 6, 3), /k < n \/ 2/);
  });

  it('spearman and ranks match hand-computed values (ties averaged)', () => {
    // ties share their average rank: (10, 20, 20, 5) -> (2, 3.5, 3.5, 1); against ranks (1, 2, 3, 4), both
    // centred on 2.5: sum dx dy = -1.5, sum dx^2 = 4.5, sum dy^2 = 5, so rho = -1.5 / sqrt(22.5)
    assertClose(spearman([10, 20, 20, 5], [1, 2, 3, 4]), -1.5 / Math.sqrt(22.5), 1e-12, 'rho with ties');
    assertClose(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, 1e-12);
    assertClose(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, 1e-12);
    // d = (0, -1, 1): rho = 1 - 6 * 2 / (3 * 8) = 0.5
    assertClose(spearman([1, 2, 3], [1, 3, 2]), 0.5, 1e-12);
  });

  it('PCA finds the direction of largest variance', () => {
    // symmetric under swapping x and y, so the components are exactly (1, 1) / sqrt 2 and (1, -1) / sqrt 2;
    // projections on them: +-2.121, +-0.707, 0, 0 (variance 10 / 5 = 2) and +-0.1414 (variance 0.04 / 5 = 0.008)
    const points = [0, 0, 1, 1, 2, 2, 3, 3, 1.6, 1.4, 1.4, 1.6];
    const pca = fitPca(points, 6, 2, 2);
    assertClose(pca.components[0] as number, Math.SQRT1_2, 1e-12, 'first loading');
    assertClose(pca.components[1] as number, Math.SQRT1_2, 1e-12, 'second loading');
    assertClose(Math.abs(pca.components[2] as number), Math.SQRT1_2, 1e-12, 'second component');
    assertClose(pca.variance[0] as number, 2, 1e-12, 'first variance');
    assertClose(pca.variance[1] as number, 0.008, 1e-12, 'second variance');
  });
});

describe('the map of a fixed subset of the sample', () => {
  let catalog: Catalog;
  let space: FeatureSpace;
  let input: MapInput;
  let built: ReturnType<typeof buildTrackMap>;

  before(async () => {
    catalog = (await loadCatalog(SAMPLE)).catalog;
    space = buildFeatureSpace(catalog);
    input = subsetInput(catalog, space);
    built = buildTrackMap(input, PARAMS);
  });

  it('is deterministic with a seed and changes with another seed', () => {
    const again = buildTrackMap(input, PARAMS);
    assert.deepEqual(again.coords, built.coords);
    const other = buildTrackMap(input, { ...PARAMS, seed: 7 });
    assert.notDeepEqual(other.coords, built.coords);
  });

  it('keeps neighbourhoods better than PCA', () => {
    const q = built.quality;
    assert.equal(q.queries, SUBSET);
    assert.ok(q.trustworthiness > q.pcaTrustworthiness + 0.03, `UMAP ${q.trustworthiness} vs PCA ${q.pcaTrustworthiness}`);
  });

  it('trustworthiness and genre Spearman agree with scikit-learn and scipy', (t) => {
    if (!hasScikitLearn()) {
      t.skip(
        'python3 with scikit-learn and scipy is not installed (apt-get install python3-sklearn); the hand-computed fixture above still ran',
      );
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'map-sk-'));
    try {
      const d = input.dims;
      const rows = Array.from({ length: SUBSET }, (_, i) => Array.from(input.z.subarray(i * d, i * d + d)));
      const coords = Array.from({ length: SUBSET }, (_, i) => [built.coords[2 * i] as number, built.coords[2 * i + 1] as number]);
      const genres = Array.from({ length: SUBSET }, (_, i) =>
        Array.from(input.membership.genreCodes.subarray(input.membership.genreOffsets[i], input.membership.genreOffsets[i + 1])),
      );
      writeFileSync(join(dir, 'in.json'), JSON.stringify({ rows, coords, genres }));
      const script = `
import json, sys, numpy as np
from sklearn.manifold import trustworthiness
from sklearn.decomposition import PCA
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr
data = json.load(open(sys.argv[1]))
X = np.array(data['rows']); Y = np.array(data['coords'], dtype=np.float64)
P = PCA(n_components=2).fit_transform(X)
codes = sorted({g for gs in data['genres'] for g in gs})
def centroids(points):
    return np.array([np.mean([points[i] for i, gs in enumerate(data['genres']) if g in gs], axis=0) for g in codes])
print(json.dumps({
  'umap': trustworthiness(X, Y, n_neighbors=10), 'pca': trustworthiness(X, P, n_neighbors=10),
  'umapSpearman': spearmanr(pdist(centroids(X)), pdist(centroids(Y))).statistic,
  'pcaSpearman': spearmanr(pdist(centroids(X)), pdist(centroids(P))).statistic,
}))`;
      const run = spawnSync(PYTHON, ['-c', script, join(dir, 'in.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(run.status, 0, run.stderr);
      const sk = JSON.parse(run.stdout) as { umap: number; pca: number; umapSpearman: number; pcaSpearman: number };
      t.diagnostic(
        `ours vs sklearn: UMAP ${built.quality.trustworthiness} / ${sk.umap}, PCA ${built.quality.pcaTrustworthiness} / ${sk.pca}`,
      );
      // Tracks with identical features (versions of one recording) tie exactly, and a tie's ranks follow
      // the sort order (ours: lower index first; sklearn's argsort: unspecified), as do float32 near-ties
      // on the map: 1e-4 is about 1,700 rank units here, against a UMAP-PCA gap of more than 0.03.
      assertClose(built.quality.trustworthiness, sk.umap, 1e-4, 'UMAP trustworthiness vs sklearn');
      assertClose(built.quality.pcaTrustworthiness, sk.pca, 1e-4, 'PCA trustworthiness vs sklearn');
      assertClose(built.quality.genreSpearman, sk.umapSpearman, 1e-4, 'UMAP genre Spearman vs scipy');
      assertClose(built.quality.pcaGenreSpearman, sk.pcaSpearman, 1e-9, 'PCA genre Spearman vs scipy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('places genres at the centroid of their tracks, with their spread', () => {
    const places = genrePlaces(built.coords, input.membership);
    const first = places[0] as (typeof places)[number];
    const g = input.membership.genreNames.indexOf(first.genre);
    const members: number[] = [];
    for (let t = 0; t < SUBSET; t++)
      for (let e = input.membership.genreOffsets[t] as number; e < (input.membership.genreOffsets[t + 1] as number); e++)
        if (input.membership.genreCodes[e] === g) members.push(t);
    assert.equal(first.tracks, members.length);
    const mx = members.reduce((s, t) => s + (built.coords[2 * t] as number), 0) / members.length;
    const my = members.reduce((s, t) => s + (built.coords[2 * t + 1] as number), 0) / members.length;
    assertClose(first.x, mx, 1e-9, 'centroid x');
    assertClose(first.y, my, 1e-9, 'centroid y');
    const rms = Math.sqrt(
      members.reduce((s, t) => s + ((built.coords[2 * t] as number) - mx) ** 2 + ((built.coords[2 * t + 1] as number) - my) ** 2, 0) /
        members.length,
    );
    assertClose(first.spread, rms, 1e-9, 'spread');
  });

  it('above the fit limit fits a seeded sample and places every other track at the mean of its nearest fitted tracks', () => {
    const limit = 400;
    const params = { ...PARAMS, fitLimit: limit, trustQueries: 300 };
    const placed = buildTrackMap(input, params);
    assert.equal(placed.fitted, limit);
    assert.deepEqual(buildTrackMap(input, params).coords, placed.coords, 'deterministic');
    assert.ok(placed.coords.every(Number.isFinite));
    const fitted = sampleIndices(SUBSET, limit, params.seed);
    const isFitted = new Set(fitted);
    const d = input.dims;
    let checked = 0;
    let agree = 0;
    for (let t = 0; t < SUBSET && checked < 40; t++) {
      if (isFitted.has(t)) continue;
      checked++;
      // brute force: the 15 nearest fitted tracks in 9-D, and the mean of their map positions
      const nearest = [...fitted]
        .map((u) => ({
          u,
          distance: input.z.subarray(u * d, u * d + d).reduce((s, v, f) => s + (v - (input.z[t * d + f] as number)) ** 2, 0),
        }))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, params.nNeighbors);
      const x = nearest.reduce((s, { u }) => s + (placed.coords[2 * u] as number), 0) / nearest.length;
      const y = nearest.reduce((s, { u }) => s + (placed.coords[2 * u + 1] as number), 0) / nearest.length;
      if (Math.abs(x - (placed.coords[2 * t] as number)) < 1e-4 && Math.abs(y - (placed.coords[2 * t + 1] as number)) < 1e-4) agree++;
    }
    // the HNSW search is approximate (and float32): allow a rare missed neighbour
    assert.ok(agree >= 38, `${agree} of ${checked} placed tracks sit at the mean of their exact nearest fitted tracks`);
  });

  it('is cached with a manifest; a damaged, truncated or foreign file is not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'map-cache-'));
    try {
      const path = mapCachePath(dir, input.z, PARAMS);
      assert.notEqual(mapCachePath(dir, input.z, { ...PARAMS, seed: 1 }), path);
      assert.equal(openMap(path, SUBSET, PARAMS), undefined);
      saveMap(path, built);
      const opened = openMap(path, SUBSET, PARAMS);
      assert.deepEqual(opened?.coords, built.coords);
      assert.deepEqual(opened?.quality, built.quality);
      assert.equal(openMap(path, SUBSET + 1, PARAMS), undefined);
      const bytes = readFileSync(path);
      bytes[100] = (bytes[100] as number) ^ 0xff;
      writeFileSync(path, bytes);
      assert.equal(openMap(path, SUBSET, PARAMS), undefined);
      writeFileSync(path, bytes.subarray(0, 64));
      assert.equal(openMap(path, SUBSET, PARAMS), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('above the point limit answers density bins and the points of a viewport', () => {
    const map: TrackMap = { ...built, genres: genrePlaces(built.coords, input.membership), path: '' };
    const small = { ...catalog, size: SUBSET };
    const whole = mapAnswer(map, small, {}, 2 * SUBSET);
    assert.equal(whole.tracks.length, SUBSET);
    assert.equal(whole.density, undefined);
    const b = whole.bounds;
    const viewport = { x0: b.x0, y0: b.y0, x1: (b.x0 + b.x1) / 2, y1: (b.y0 + b.y1) / 2 };
    const large = mapAnswer(map, small, { viewport, bins: 8 }, 100);
    assert.equal(
      large.density?.counts.reduce((a, c) => a + c, 0),
      SUBSET,
    );
    const inside = whole.tracks.filter((p, t) => {
      const x = built.coords[2 * t] as number;
      const y = built.coords[2 * t + 1] as number;
      return p.trackId !== '' && x >= viewport.x0 && x <= viewport.x1 && y >= viewport.y0 && y <= viewport.y1;
    });
    assert.ok(inside.length > 100, 'the quarter viewport holds more points than the limit');
    assert.deepEqual(
      large.tracks.map((p) => p.trackId),
      inside.slice(0, 100).map((p) => p.trackId),
    );
    assert.equal(large.truncated, true);
    const few = mapAnswer(map, small, { viewport: { ...viewport, x1: viewport.x0 + (viewport.x1 - viewport.x0) / 4 } }, 100);
    assert.equal(few.truncated, false);
    assert.equal(mapAnswer(map, small, {}, 100).tracks.length, 0);
    // counts per bin against a direct count of one bin
    const grid = densityGrid(built.coords, 4, b);
    const w = (b.x1 - b.x0) / 4;
    const h = (b.y1 - b.y0) / 4;
    let corner = 0;
    for (let t = 0; t < SUBSET; t++)
      if ((built.coords[2 * t] as number) < b.x0 + w && (built.coords[2 * t + 1] as number) < b.y0 + h) corner++;
    assert.equal(grid.counts[0], corner);
  });
});

describe('map requests', () => {
  it('rejects a bad viewport, feature or bin count with a message naming it', () => {
    for (const [fields, pattern] of [
      [{ viewport: '1,2,3' }, /viewport/],
      [{ viewport: '3,0,1,1' }, /x0 < x1/],
      [{ feature: 'loudnesss' }, /feature must be one of/],
      [{ bins: '2' }, /bins/],
      [{ viewport: ['0,0,1,1', '0,0,2,2'] }, /more than once/],
    ] as const) {
      assert.throws(
        () => mapRequestFrom(fields),
        (error: unknown) => isInputError(error) && pattern.test((error as Error).message),
      );
    }
    assert.deepEqual(mapRequestFrom({ viewport: '-1,-2,3,4', feature: 'energy' }), {
      viewport: { x0: -1, y0: -2, x1: 3, y1: 4 },
      feature: 'energy',
    });
  });
});

describe('the map through the engine and the API (120-track fixture)', () => {
  let dir: string;
  let engine: Engine;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'map-api-'));
    writeReportFixture(join(dir, 'tracks.csv'));
    engine = Engine.fromLoaded(await loadCatalog(join(dir, 'tracks.csv')), { indexCache: join(dir, 'cache') });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 503 while the map is built off the request, then the map', async () => {
    const app = buildServer({ engine, source: 'tracks.csv', logger: false });
    const first = await app.inject({ method: 'GET', url: '/api/map' });
    assert.equal(first.statusCode, 503);
    assert.ok(first.headers['retry-after']);
    const map = await engine.map();
    const answer = (await app.inject({ method: 'GET', url: '/api/map?feature=energy' })).json();
    for (const key of ['method', 'trustworthiness', 'pcaTrustworthiness', 'genreSpearman', 'pcaGenreSpearman', 'tracks', 'genres'])
      assert.ok(key in answer, key);
    assert.equal(answer.tracks.length, 120);
    assert.deepEqual(Object.keys(answer.tracks[0]).slice(0, 3), ['trackId', 'x', 'y']);
    assert.equal(answer.genres.length, engine.catalog.genreNames.length);
    const t = engine.catalog.trackIndex.get(answer.tracks[5].trackId) as number;
    assert.equal(answer.tracks[5].value, engine.catalog.numeric.energy[t]);
    assertClose(answer.tracks[5].x, map.coords[2 * t] as number, 1e-4, 'x');
    assert.equal((await app.inject({ method: 'GET', url: '/api/map?viewport=1,2' })).statusCode, 400);
    // a second engine over the same file opens the cached map instead of building it
    const again = Engine.fromCatalog(engine.catalog, 'tracks.csv', { indexCache: join(dir, 'cache') });
    assert.deepEqual((await again.map()).coords, map.coords);
    await app.close();
  });

  it('map --json prints the map; a bad viewport is bad input (exit 2)', () => {
    const csv = join(dir, 'tracks.csv');
    const run = runCli(['map', '--data', csv, '--json', '--index-cache', join(dir, 'cache')]);
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout);
    assert.equal(answer.method, 'umap');
    assert.equal(answer.tracks.length, 120);
    assert.ok(answer.trustworthiness > answer.pcaTrustworthiness, `${answer.trustworthiness} vs ${answer.pcaTrustworthiness}`);
    const text = runCli(['map', '--data', csv, '--index-cache', join(dir, 'cache')]);
    assert.match(text.stdout, /track trustworthiness \(k = 10\)/);
    const bad = runCli(['map', '--data', csv, '--viewport', '1,2', '--index-cache', join(dir, 'cache')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /viewport must be four numbers/);
  });

  it('draws a path of real tracks, each the nearest unused track to its point on the line', async () => {
    await engine.map();
    const app = buildServer({ engine, source: 'tracks.csv', logger: false });
    const ids = engine.catalog.trackId;
    const from = ids.indexOf('Tambient000');
    const to = ids.indexOf('Tmetal000');
    const answer = (
      await app.inject({
        method: 'GET',
        url: `/api/map/path?from=${encodeURIComponent('Artist ambient 0 - Song ambient 0')}&to=${encodeURIComponent('Artist metal 0 - Song metal 0')}&steps=5`,
      })
    ).json();
    const chain = answer.tracks.map((p: { trackId: string }) => ids.indexOf(p.trackId));
    assert.deepEqual(chain, pathBetween(engine.space, from, to, 5, engine.catalog.songCode));
    assert.equal(chain[0], from);
    assert.equal(chain.at(-1), to);
    assert.equal(new Set(chain.map((u: number) => engine.catalog.songCode[u])).size, chain.length, 'no song twice');
    const { z } = engine.space;
    const d = engine.space.features.length;
    chain.slice(1, -1).forEach((t: number, s: number) => {
      const w = (s + 1) / 6;
      const point = Array.from({ length: d }, (_, f) => (1 - w) * (z[from * d + f] as number) + w * (z[to * d + f] as number));
      const distance = (u: number) => point.reduce((sum, v, f) => sum + ((z[u * d + f] as number) - v) ** 2, 0);
      const songs = new Set([from, to, ...chain.slice(1, s + 1)].map((u) => engine.catalog.songCode[u]));
      for (let u = 0; u < engine.catalog.size; u++)
        if (!songs.has(engine.catalog.songCode[u])) assert.ok(distance(t) <= distance(u) + 1e-12, `step ${s + 1}`);
    });
    assert.equal((await app.inject({ method: 'GET', url: `/api/map/path?from=${ids[from]}&to=${ids[to]}&steps=0` })).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: `/api/map/path?from=${ids[from]}` })).statusCode, 400);
    await app.close();
  });
});
