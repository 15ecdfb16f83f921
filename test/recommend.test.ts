import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genresOf } from '../src/data/catalog.js';
import { InputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { AUDIO_FEATURES, type AudioFeature } from '../src/data/schema.js';
import { songKey } from '../src/data/text.js';
import { Engine } from '../src/engine/engine.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { levelValue, parsePhrases, parseTargets, parseWeights } from '../src/features/preferences.js';
import { requestFromParams } from '../src/recommend/params.js';
import { assertClose, fixture, REFERENCE, SAMPLE } from './helpers.js';

const engine = Engine.fromLoaded(await loadCatalog(SAMPLE));
const { catalog, space } = engine;
const NOTEBOOK_PREFERENCE = '0.8,0.9,-5.0,0.1,0.1,0.0,0.2,0.9,130';

/** An independent brute force over plain row objects: StandardScaler, weighted cosine/Euclidean, full sort. */
function bruteForce(
  targets: Partial<Record<AudioFeature, number>>,
  metric: 'cosine' | 'euclidean',
  keep: (t: number) => boolean,
  weights: Partial<Record<AudioFeature, number>> = {},
) {
  const used = AUDIO_FEATURES.filter((f) => targets[f] !== undefined);
  const stats = used.map((f) => {
    const values = Array.from(catalog.numeric[f]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    return { f, mean, std };
  });
  const q = stats.map(({ f, mean, std }) => ((targets[f] as number) - mean) / std);
  const w = used.map((f) => weights[f] ?? 1);
  const rows: { t: number; sim: number; dist: number }[] = [];
  for (let t = 0; t < catalog.size; t++) {
    if (!keep(t)) continue;
    const x = stats.map(({ f, mean, std }) => ((catalog.numeric[f][t] as number) - mean) / std);
    const dot = x.reduce((s, v, i) => s + (w[i] as number) * v * (q[i] as number), 0);
    const nx = Math.sqrt(x.reduce((s, v, i) => s + (w[i] as number) * v * v, 0));
    const nq = Math.sqrt(q.reduce((s, v, i) => s + (w[i] as number) * v * v, 0));
    const dist = Math.sqrt(x.reduce((s, v, i) => s + (w[i] as number) * (v - (q[i] as number)) ** 2, 0));
    rows.push({ t, sim: metric === 'cosine' ? dot / (nx * nq) : 1 / (1 + dist), dist });
  }
  rows.sort((a, b) => b.sim - a.sim || a.dist - b.dist || a.t - b.t);
  return rows;
}

describe('recommend: the notebook example equals scikit-learn NearestNeighbors', () => {
  for (const metric of ['euclidean', 'cosine'] as const) {
    it(`--plain --metric ${metric} on all 9 features`, () => {
      const result = engine.recommend({ targets: parseTargets(NOTEBOOK_PREFERENCE, space), plain: true, metric, limit: 5 });
      assert.deepEqual(
        result.results.map((r) => r.trackId),
        REFERENCE[`notebook_example_top5_${metric}`],
      );
      assert.equal(result.poolSize, catalog.size);
    });
  }
});

describe('recommend: only named features count, exactly as a brute force', () => {
  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`${metric}: two targets, a weight and filters`, () => {
      const targets = { energy: 0.9, valence: 0.8 };
      const weights = { energy: 2 };
      const keep = (t: number) => (catalog.numeric.tempo[t] as number) >= 120 && catalog.explicit[t] === 0;
      const expected = bruteForce(targets, metric, keep, weights);
      const result = engine.recommend({
        targets: parseTargets('energy=0.9,valence=0.8', space),
        weights: parseWeights('energy=2'),
        filters: { min: { tempo: 120 }, explicit: false },
        metric,
        limit: 20,
        diversity: { maxPerArtist: 0, dedupeSongs: false },
        // The brute force applies the filters only (holiday songs: test/holiday.test.ts).
        includeHoliday: true,
      });
      assert.equal(result.poolSize, expected.length);
      assert.deepEqual(
        result.results.map((r) => r.trackId),
        expected.slice(0, 20).map((e) => catalog.trackId[e.t]),
      );
      result.results.forEach((r, i) => {
        const e = expected[i] as { sim: number; dist: number };
        if (metric === 'cosine') assertClose(r.similarity as number, e.sim, 1e-9, 'similarity');
        else assertClose(r.distance, e.dist, 1e-9, 'distance');
      });
    });
  }

  it('explanations give target, value and shares of the distance that sum to 1', () => {
    const result = engine.recommend({ targets: parsePhrases('high energy, fast tempo, happy mood', space), limit: 5 });
    for (const r of result.results) {
      assert.deepEqual(r.explanation.features.map((e) => e.feature).sort(), ['energy', 'tempo', 'valence']);
      assertClose(
        r.explanation.features.reduce((s, e) => s + e.shareOfDistance, 0),
        1,
        1e-9,
        'shares',
      );
      const t = catalog.trackId.indexOf(r.trackId);
      for (const e of r.explanation.features) assert.equal(e.value, catalog.numeric[e.feature][t]);
      assert.match(r.explanation.reason, /^(close|closest) on /);
      assert.equal(r.url, `https://open.spotify.com/track/${r.trackId}`);
    }
  });
});

describe('preferences', async () => {
  const small = await loadCatalog(fixture('kaggle.csv'));
  const smallSpace = buildFeatureSpace(small.catalog);

  it('levels are the catalogue percentiles (linear interpolation)', () => {
    // Energy of the three clean fixture tracks: 0.6, 0.8, 0.9 -> 10th 0.64, 25th 0.7, 50th 0.8, 75th 0.85, 90th 0.88.
    const expected = { 'very low': 0.64, low: 0.7, medium: 0.8, high: 0.85, 'very high': 0.88 } as const;
    for (const [level, value] of Object.entries(expected)) {
      assertClose(levelValue(smallSpace, 'energy', level as keyof typeof expected), value, 1e-12, level);
    }
  });

  it('parses phrases into targets on the named features only', () => {
    const targets = parsePhrases('high energy, fast tempo, happy mood and very low speechiness', space);
    assert.deepEqual(targets.map((t) => t.feature).sort(), ['energy', 'speechiness', 'tempo', 'valence']);
    const sad = parsePhrases('very sad', space);
    assert.equal(sad[0]?.value, levelValue(space, 'valence', 'very low'));
  });

  it('an unknown word is an error that lists the vocabulary', () => {
    assert.throws(
      () => parsePhrases('groovy banana', space),
      (e: Error) => e instanceof InputError && /unknown word "banana"/.test(e.message) && /happy/.test(e.message),
    );
  });

  it('rejects out-of-range and malformed targets', () => {
    assert.throws(() => parseTargets('energy=1.5', space), /energy must be a number from 0 to 1, got "1.5"/);
    assert.throws(() => parseTargets('energy=loud', space), /neither a number nor a level/);
    assert.throws(() => parseTargets('0.1,0.2', space), /all 9 values/);
    assert.throws(() => parseTargets('colour=1', space), /unknown feature "colour"/);
  });
});

describe('recommend: a mood phrase without genre words', () => {
  /** Each genre's mean of a feature over its tracks, in catalogue units, counted here from the rows. */
  function genreMeans(feature: AudioFeature): Map<string, number> {
    const sums = new Map<string, [number, number]>();
    for (let t = 0; t < catalog.size; t++)
      for (const g of genresOf(catalog, t)) {
        const [sum, n] = sums.get(g) ?? [0, 0];
        sums.set(g, [sum + (catalog.numeric[feature][t] as number), n + 1]);
      }
    return new Map([...sums].map(([g, [sum, n]]) => [g, sum / n]));
  }

  for (const [phrase, feature, side] of [
    ['happy', 'valence', 1],
    ['high energy', 'energy', 1],
    ['calm', 'energy', -1],
  ] as const) {
    it(`"${phrase}" keeps the audio fit and comes from genres whose average ${feature} is on its side`, () => {
      const means = genreMeans(feature);
      const overall = Array.from(catalog.numeric[feature]).reduce((a, b) => a + b, 0) / catalog.size;
      const typicality = (genres: string[]) => Math.max(...genres.map((g) => side * ((means.get(g) as number) - overall)));
      const result = engine.recommend({ like: phrase, limit: 10 });
      const audioOnly = engine.recommend({ like: phrase, limit: 10, audioOnly: true });
      assert.equal(result.results.length, 10);
      for (const r of result.results) {
        assert.ok((r.match as number) >= 0.99, `${r.trackName}: match ${r.match}`);
        assert.ok(
          typicality(r.genres) > 0,
          `${r.trackName} (${r.genres.join(', ')}): no genre whose mean ${feature} is on the ${phrase} side`,
        );
      }
      // The typical genres share the list: at most 3 tracks of any primary genre.
      const perGenre = new Map<string, number>();
      for (const r of result.results) perGenre.set(r.genres[0] as string, (perGenre.get(r.genres[0] as string) ?? 0) + 1);
      assert.ok(Math.max(...perGenre.values()) <= 3, JSON.stringify([...perGenre]));
      // Against the same phrase scored on audio alone, where equally close tracks come in any genre.
      const mean = (list: { genres: string[] }[]) => list.reduce((s, r) => s + typicality(r.genres), 0) / list.length;
      assert.ok(mean(result.results) > mean(audioOnly.results), `${mean(result.results)} vs audio only ${mean(audioOnly.results)}`);
    });
  }

  it('a genre word is not capped: "jazz" may fill the list with jazz', () => {
    const jazz = engine.recommend({ like: 'jazz', limit: 10 }).results.filter((r) => r.genres.includes('jazz')).length;
    assert.ok(jazz > 3, `${jazz} jazz tracks of 10`);
  });
});

describe('recommend: filters, seeds and diversity', () => {
  it('genre filters match against every genre of a track', () => {
    const result = engine.recommend({
      targets: parsePhrases('danceable', space),
      filters: { genres: ['pop', 'dance'], excludeGenres: ['edm'] },
      limit: 30,
      includeHoliday: true,
    });
    let expectedPool = 0;
    for (let t = 0; t < catalog.size; t++) {
      const genres = genresOf(catalog, t);
      if ((genres.includes('pop') || genres.includes('dance')) && !genres.includes('edm')) expectedPool++;
    }
    assert.equal(result.poolSize, expectedPool);
    for (const r of result.results) {
      assert.ok(r.genres.includes('pop') || r.genres.includes('dance'), r.genres.join());
      assert.ok(!r.genres.includes('edm'));
    }
  });

  it('seeds by id or by "artist - title" (case and accents ignored) are excluded from results', () => {
    const byId = engine.recommend({ seeds: ['5SuOikwiRyPMVoIQDJUgSV'], limit: 10, includeHoliday: true });
    assert.equal(byId.seeds[0]?.trackName, 'Comedy');
    assert.ok(!byId.results.some((r) => r.trackId === '5SuOikwiRyPMVoIQDJUgSV'));
    assert.equal(byId.poolSize, catalog.size - 1);
    const byName = engine.recommend({ seeds: ["JASON MRAZ - i'm yours"], limit: 3 });
    assert.equal(byName.seeds[0]?.artists, 'Jason Mraz');
    const seedKey = songKey("I'm Yours", 'Jason Mraz');
    assert.ok(byName.results.every((r) => songKey(r.trackName, r.mainArtist) !== seedKey));
  });

  it('a seed profile is the mean of the seeds; explicit targets override it', () => {
    const a = catalog.trackId.indexOf('5SuOikwiRyPMVoIQDJUgSV');
    const result = engine.recommend({ seeds: ['5SuOikwiRyPMVoIQDJUgSV'], targets: parseTargets('energy=0.1', space), limit: 1 });
    const energy = result.targets.find((t) => t.feature === 'energy');
    const dance = result.targets.find((t) => t.feature === 'danceability');
    assert.equal(energy?.value, 0.1);
    assert.equal(dance?.value, catalog.numeric.danceability[a]);
  });

  it('unknown and ambiguous seeds are errors listing candidates', () => {
    assert.throws(() => engine.recommend({ seeds: ['0000000000000000000000'] }), /not in the catalogue/);
    assert.throws(() => engine.recommend({ seeds: ['zzzz no such song zzzz'] }), /no track matches/);
    assert.throws(() => engine.recommend({ seeds: ['love'] }), /ambiguous; candidates:\n/);
  });

  it('at most 2 tracks per main artist and one version per song by default', () => {
    const result = engine.recommend({ targets: parsePhrases('very acoustic, very calm', space), limit: 60 });
    const perArtist = new Map<string, number>();
    const songs = new Set<string>();
    for (const r of result.results) {
      perArtist.set(r.mainArtist, (perArtist.get(r.mainArtist) ?? 0) + 1);
      const key = songKey(r.trackName, r.mainArtist);
      assert.ok(!songs.has(key), `two versions of ${key}`);
      songs.add(key);
    }
    assert.ok(Math.max(...perArtist.values()) <= 2);
    assert.equal(result.results.length, 60);
  });

  it('MMR with lambda 1 keeps the relevance order; lower lambda changes it', () => {
    const base = { targets: parsePhrases('high energy, happy', space), metric: 'cosine' as const, limit: 10 };
    const plainOrder = engine.recommend(base).results.map((r) => r.trackId);
    assert.deepEqual(
      engine.recommend({ ...base, diversity: { mmrLambda: 1 } }).results.map((r) => r.trackId),
      plainOrder,
    );
    assert.notDeepEqual(
      engine.recommend({ ...base, diversity: { mmrLambda: 0.3 } }).results.map((r) => r.trackId),
      plainOrder,
    );
  });

  it('song keys fold versions of a title', () => {
    assert.equal(songKey('Let It Be - Remastered 2009', 'The Beatles'), songKey('let it be', 'the beatles'));
    assert.equal(songKey('Café (feat. X) [Live]', 'Ana'), songKey('cafe', 'Ana'));
    assert.notEqual(songKey('Let It Be', 'The Beatles'), songKey('Let It Go', 'The Beatles'));
  });
});

describe('recommend: request parameters', () => {
  it('parses Spotify-style parameters', () => {
    const request = requestFromParams(
      { target_energy: '0.9', min_tempo: '120', seed_genres: 'pop', limit: '10', explicit: 'false' },
      space,
    );
    assert.deepEqual(
      request.targets?.map((t) => [t.feature, t.value]),
      [['energy', 0.9]],
    );
    assert.deepEqual(request.filters?.min, { tempo: 120 });
    assert.deepEqual(request.filters?.genres, ['pop']);
    assert.equal(request.filters?.explicit, false);
    assert.equal(request.limit, 10);
  });

  it('every bad parameter is an InputError naming it', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ limit: '0' }, /parameter limit must be a whole number from 1 to 100/],
      [{ limit: '101' }, /parameter limit/],
      [{ target_energy: 'abc' }, /parameter target_energy/],
      [{ target_energy: '2' }, /parameter target_energy: energy must be a number from 0 to 1, got "2"/],
      [{ min_tempo: 'fast' }, /parameter min_tempo must be a number from 0 to 1000, got "fast"/],
      [{ colour: 'red' }, /unknown parameter colour/],
      [{ target_popularity: '50' }, /unknown parameter target_popularity/],
      [{ metric: 'manhattan' }, /parameter metric must be cosine or euclidean/],
      [{ explicit: 'maybe' }, /parameter explicit must be true or false/],
      [{ mmr: '2' }, /parameter mmr must be a number from 0 to 1/],
    ];
    for (const [params, message] of cases) {
      assert.throws(
        () => requestFromParams(params, space),
        (e: Error) => e instanceof InputError && message.test(e.message),
        JSON.stringify(params),
      );
    }
  });

  it('filters that leave nothing give an empty list, and crossed bounds are an error', () => {
    const empty = engine.recommend({
      targets: parseTargets('energy=0.5', space),
      filters: { min: { popularity: 100 }, max: { tempo: 1 } },
    });
    assert.equal(empty.poolSize, 0);
    assert.deepEqual(empty.results, []);
    assert.throws(
      () => engine.recommend({ targets: parseTargets('energy=0.5', space), filters: { min: { tempo: 130 }, max: { tempo: 120 } } }),
      /above max_tempo/,
    );
  });
});
