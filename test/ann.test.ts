import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { genresOf } from '../src/data/catalog.js';
import { InputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { buildNameIndex } from '../src/data/names.js';
import { Engine } from '../src/engine/engine.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { type ApproximateIndex, approximateIndex, indexPath, indexVectors } from '../src/recommend/ann.js';
import { type RecommendRequest, recommend } from '../src/recommend/recommend.js';
import type { Metric } from '../src/recommend/search.js';
import { buildServer } from '../src/server/app.js';
import { SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
const names = buildNameIndex(catalog);
const cacheDir = mkdtempSync(join(tmpdir(), 'spotify-intel-ann-'));
const builds: string[] = [];
const indexes = new Map<Metric, ApproximateIndex>();
const indexFor = (metric: Metric) => {
  let index = indexes.get(metric);
  if (!index) {
    index = approximateIndex(space, metric, { cacheDir, onBuild: (path) => builds.push(path) });
    indexes.set(metric, index);
  }
  return index;
};

/** Every 97th track as a seed: full-profile queries spread over the catalogue. */
const seeds = Array.from({ length: 60 }, (_, i) => catalog.trackId[(i * 97 + 13) % catalog.size] as string);

function ids(request: RecommendRequest, search: 'exact' | 'approximate') {
  const result = recommend(catalog, space, { ...request, search }, { names, indexFor });
  assert.equal(result.search.method, search, result.search.reason);
  return result;
}

describe('approximate index', () => {
  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`${metric}: recall@10 against the exact scan >= 0.95, and every similarity shown is exact`, () => {
      let hits = 0;
      for (const seed of seeds) {
        const request: RecommendRequest = { seeds: [seed], plain: true, limit: 10, metric };
        const exact = ids(request, 'exact').results;
        const approximate = ids(request, 'approximate').results;
        const exactIds = new Set(exact.map((r) => r.trackId));
        hits += approximate.filter((r) => exactIds.has(r.trackId)).length;
        const exactSimilarity = new Map(exact.map((r) => [r.trackId, r.similarity ?? r.distance]));
        for (const r of approximate) {
          const s = exactSimilarity.get(r.trackId);
          if (s !== undefined) assert.equal(r.similarity ?? r.distance, s, 'candidates are re-scored exactly');
        }
      }
      const recall = hits / (seeds.length * 10);
      assert.ok(recall >= 0.95, `recall@10 ${recall}`);
    });
  }

  it('filters are honoured, and the diversified results match the exact ones', () => {
    const filters = { genres: ['pop', 'rock', 'dance', 'indie', 'latin'], min: { popularity: 20 }, explicit: false };
    let same = 0;
    for (const seed of seeds.slice(0, 20)) {
      const request: RecommendRequest = { seeds: [seed], audioOnly: true, limit: 10, filters };
      const exact = ids(request, 'exact');
      const approximate = ids(request, 'approximate');
      assert.equal(approximate.poolSize, exact.poolSize);
      for (const r of approximate.results) {
        assert.ok(r.popularity >= 20 && !r.explicit, `${r.trackId} breaks a filter`);
        assert.ok(
          r.genres.some((g) => filters.genres.includes(g)),
          `${r.trackId} has none of the genres`,
        );
      }
      if (JSON.stringify(approximate.results.map((r) => r.trackId)) === JSON.stringify(exact.results.map((r) => r.trackId))) same++;
    }
    assert.ok(same >= 18, `identical lists for ${same} of 20 queries`);
  });

  it('a filter leaving under 2% of the catalogue scans the pool exactly', () => {
    const genre = 'sleep';
    const result = recommend(
      catalog,
      space,
      { seeds: [seeds[0] as string], audioOnly: true, filters: { genres: [genre] }, search: 'approximate' },
      indexFor,
    );
    assert.equal(result.search.method, 'exact');
    assert.match(result.search.reason, /filters leave/);
    for (const r of result.results) assert.ok(genresOf(catalog, catalog.trackId.indexOf(r.trackId)).includes(genre));
  });

  it('auto uses the index only for full-profile queries on catalogues of 500,000 tracks or more', () => {
    const auto = recommend(catalog, space, { seeds: [seeds[0] as string], audioOnly: true }, indexFor);
    assert.equal(auto.search.method, 'exact');
    assert.match(auto.search.reason, /under 500,000/);
    const subset = { targets: [{ feature: 'energy' as const, value: 0.9, label: 'energy' }] };
    assert.equal(recommend(catalog, space, subset, indexFor).search.method, 'exact');
    assert.throws(() => recommend(catalog, space, { ...subset, search: 'approximate' }, indexFor), InputError);
    const weighted = { seeds: [seeds[0] as string], audioOnly: true, weights: { energy: 2 }, search: 'approximate' as const };
    assert.throws(() => recommend(catalog, space, weighted, indexFor), /equal weights/);
    assert.throws(() => recommend(catalog, space, { seeds: [seeds[0] as string], audioOnly: true, search: 'approximate' }), InputError);
    // A blended query (seeds with genre sense) scans exactly; asking for the index is an error.
    assert.throws(
      () => recommend(catalog, space, { seeds: [seeds[0] as string], search: 'approximate' }, indexFor),
      /blends genre or artist/,
    );
  });

  it('the cache is reused; a damaged or truncated file is rebuilt, never loaded', () => {
    indexFor('cosine');
    const before = builds.length;
    const reopened = approximateIndex(space, 'cosine', { cacheDir, onBuild: (path) => builds.push(path) });
    assert.equal(builds.length, before, 'opened from the cache');
    const file = reopened.path;
    const target = Float32Array.from(space.z.subarray(0, 9));
    const expected = reopened.candidates(target, 10);

    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0xff;
    writeFileSync(file, bytes);
    let replaced: boolean | undefined;
    const rebuilt = approximateIndex(space, 'cosine', { cacheDir, onBuild: (_path, replacing) => (replaced = replacing) });
    assert.equal(replaced, true, 'a flipped byte forces a rebuild');
    // A multi-threaded build is not bit-for-bit repeatable: the rebuilt graph finds (nearly) the same tracks.
    const again = new Set(rebuilt.candidates(target, 10));
    assert.ok(expected.filter((t) => again.has(t)).length >= 9);

    truncateSync(file, 1000);
    replaced = undefined;
    approximateIndex(space, 'cosine', { cacheDir, onBuild: (_path, replacing) => (replaced = replacing) });
    assert.equal(replaced, true, 'a truncated file forces a rebuild');
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.partial')).length, 0, 'no partial files left');
  });

  it('the cache file name follows the data: another catalogue never meets this index', () => {
    const vectors = indexVectors(space);
    const changed = vectors.slice();
    changed[0] = (changed[0] as number) + 1e-3;
    assert.equal(indexPath(cacheDir, vectors, 9, 'cosine'), indexPath(cacheDir, vectors.slice(), 9, 'cosine'));
    assert.notEqual(indexPath(cacheDir, vectors, 9, 'cosine'), indexPath(cacheDir, changed, 9, 'cosine'));
    assert.notEqual(indexPath(cacheDir, vectors, 9, 'cosine'), indexPath(cacheDir, vectors, 9, 'euclidean'));
  });

  it('a server builds the index on a worker and searches exactly until it is ready', async () => {
    const freshDir = mkdtempSync(join(tmpdir(), 'spotify-intel-ann-bg-'));
    const ready = new Promise<void>((resolve, reject) => {
      const engine = Engine.fromCatalog(catalog, SAMPLE, {
        indexCache: freshDir,
        indexBuild: 'background',
        log: (line) => {
          if (/approximate cosine index ready/.test(line)) resolve(); // the euclidean one may be ready first
          if (/index failed/.test(line)) reject(new Error(line));
        },
      });
      assert.equal(engine.indexFor('cosine'), undefined, 'not ready at once');
      const app = buildServer({ engine, source: SAMPLE });
      app
        .inject({ method: 'GET', url: `/api/recommend?seed_tracks=${seeds[0]}&audio_only=true&search=approximate` })
        .then((response) => {
          assert.equal(response.statusCode, 200);
          assert.match(response.json().search.reason, /not ready/);
        })
        .catch(reject);
    });
    await ready;
    const index = approximateIndex(space, 'cosine', { cacheDir: freshDir, onBuild: () => assert.fail('the cached index is reused') });
    assert.equal(index.size, catalog.size);
    const app = buildServer({ engine: Engine.fromCatalog(catalog, SAMPLE, { indexCache: freshDir }), source: SAMPLE });
    const response = await app.inject({ method: 'GET', url: `/api/recommend?seed_tracks=${seeds[0]}&search=approximate&plain=true` });
    assert.equal(response.json().search.method, 'approximate');
    const bad = await app.inject({ method: 'GET', url: `/api/recommend?seed_tracks=${seeds[0]}&search=fast` });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /search/);
  });
});
