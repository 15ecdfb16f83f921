import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genresOf } from '../src/data/catalog.js';
import { splitArtists } from '../src/data/clean.js';
import { InputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { AUDIO_FEATURES, type AudioFeature } from '../src/data/schema.js';
import { foldText } from '../src/data/text.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { buildArtistIndex, fitGenreAffinity, genrePreference } from '../src/recommend/affinity.js';
import { resolveSeedArtist } from '../src/recommend/artistSeeds.js';
import { DEFAULT_BLEND } from '../src/recommend/blend.js';
import { closestWords, editDistance } from '../src/recommend/closest.js';
import { requestFromParams } from '../src/recommend/params.js';
import { MAX_SEEDS, type RecommendContext, recommend } from '../src/recommend/recommend.js';
import { buildVocabulary, parseLike } from '../src/recommend/vocabulary.js';
import { quantileSorted } from '../src/stats/descriptive.js';
import { assertClose, SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
const affinity = fitGenreAffinity(catalog);
const artists = buildArtistIndex(catalog);
const vocabulary = buildVocabulary(catalog, space);
const context: RecommendContext = { affinity, artists, vocabulary };
const noDiversity = { maxPerArtist: 0, dedupeSongs: false };

/** StandardScaler from plain arrays (population standard deviation). */
const stats = Object.fromEntries(
  AUDIO_FEATURES.map((f) => {
    const values = Array.from(catalog.numeric[f]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    return [f, { mean, std }];
  }),
) as Record<AudioFeature, { mean: number; std: number }>;
const z = (f: AudioFeature, value: number) => (value - stats[f].mean) / stats[f].std;

/** RMS z-distance of track t to raw targets over the named features, weighted. */
function rmsDistance(
  t: number,
  targets: Partial<Record<AudioFeature, number>>,
  weights: Partial<Record<AudioFeature, number>> = {},
): number {
  let sum = 0;
  let wsum = 0;
  for (const f of Object.keys(targets) as AudioFeature[]) {
    const w = weights[f] ?? 1;
    sum += w * (z(f, catalog.numeric[f][t] as number) - z(f, targets[f] as number)) ** 2;
    wsum += w;
  }
  return Math.sqrt(sum / wsum);
}

describe('distance ranking and the match score', () => {
  it('target queries rank by weighted RMS z-distance (brute force) and show match = exp(-d^2/2)', () => {
    const targets = { energy: 0.9, valence: 0.8 };
    const weights = { energy: 2 };
    const keep = (t: number) => (catalog.numeric.tempo[t] as number) >= 120;
    const expected: { t: number; d: number }[] = [];
    for (let t = 0; t < catalog.size; t++) if (keep(t)) expected.push({ t, d: rmsDistance(t, targets, weights) });
    expected.sort((a, b) => a.d - b.d || a.t - b.t);
    const result = recommend(
      catalog,
      space,
      {
        targets: [
          { feature: 'energy', value: 0.9, label: 'energy' },
          { feature: 'valence', value: 0.8, label: 'valence' },
        ],
        weights,
        filters: { min: { tempo: 120 } },
        limit: 15,
        diversity: noDiversity,
      },
      context,
    );
    assert.equal(result.metric, 'euclidean');
    assert.deepEqual(
      result.results.map((r) => r.trackId),
      expected.slice(0, 15).map((e) => catalog.trackId[e.t]),
    );
    result.results.forEach((r, i) => {
      const d = (expected[i] as { d: number }).d;
      assertClose(r.match as number, Math.exp((-d * d) / 2), 1e-9, 'match');
      assert.equal(r.similarity, undefined, 'similarity is only shown for cosine');
    });
  });

  it('the match is 1 at an exact match, about 0.61 at 1 SD and 0.14 at 2 SD', () => {
    const t = 123;
    const energy = catalog.numeric.energy[t] as number;
    for (const [sd, expected] of [
      [0, 1],
      [1, Math.exp(-0.5)],
      [2, Math.exp(-2)],
    ] as const) {
      const target = energy + sd * stats.energy.std;
      if (target > 1) continue;
      const result = recommend(catalog, space, {
        targets: [{ feature: 'energy', value: target, label: 'energy' }],
        plain: true,
        metric: 'euclidean',
        limit: 100,
      });
      const mine = result.results.find((r) => r.trackId === catalog.trackId[t]);
      if (mine) assertClose(mine.match as number, expected, 1e-9, `match at ${sd} SD`);
    }
    assertClose(Math.exp(-0.5), 0.61, 0.01, '1 SD');
    assertClose(Math.exp(-2), 0.14, 0.01, '2 SD');
  });

  it('cosine stays available and is the only metric that shows a similarity', () => {
    const result = recommend(
      catalog,
      space,
      {
        targets: [
          { feature: 'energy', value: 0.9, label: 'energy' },
          { feature: 'valence', value: 0.2, label: 'valence' },
        ],
        metric: 'cosine',
      },
      context,
    );
    for (const r of result.results) {
      assert.equal(r.match, undefined);
      assert.ok(typeof r.similarity === 'number' && r.similarity <= 1 + 1e-12);
    }
  });
});

describe('genre affinity and the seed blend', () => {
  it('co-membership affinity equals the Ochiai coefficient counted from every track genre list', () => {
    const lists = Array.from({ length: catalog.size }, (_, t) => genresOf(catalog, t));
    const count = (g: string) => lists.filter((l) => l.includes(g)).length;
    const both = (a: string, b: string) => lists.filter((l) => l.includes(a) && l.includes(b)).length;
    const G = catalog.genreNames.length;
    for (const [a, b] of [
      ['pop', 'dance'],
      ['edm', 'house'],
      ['metal', 'heavy-metal'],
      ['piano', 'classical'],
      ['jazz', 'death-metal'],
    ] as const) {
      const ia = catalog.genreNames.indexOf(a);
      const ib = catalog.genreNames.indexOf(b);
      assertClose(affinity.matrix[ia * G + ib] as number, both(a, b) / Math.sqrt(count(a) * count(b)), 1e-12, `${a}/${b}`);
      assert.equal(affinity.matrix[ia * G + ia], 1);
    }
  });

  it('a seeded query ranks exactly by audio x match + genre x best genre preference + artist x artist preference', () => {
    const seed = catalog.trackId.findIndex((_, t) => genresOf(catalog, t).length >= 2);
    const G = catalog.genreNames.length;
    const seedGenres = genresOf(catalog, seed).map((g) => catalog.genreNames.indexOf(g));
    // Genre preference by hand: sum of the seed genres' affinity rows, scaled to a maximum of 1.
    const pref = new Array<number>(G).fill(0);
    for (const g of seedGenres) for (let h = 0; h < G; h++) pref[h] = (pref[h] as number) + (affinity.matrix[g * G + h] as number);
    const top = Math.max(...pref);
    const seedArtists = new Set(splitArtists(catalog.artists[seed] as string).map(foldText));
    const collaborators = new Set<string>();
    for (let t = 0; t < catalog.size; t++) {
      const names = splitArtists(catalog.artists[t] as string).map(foldText);
      if (names.some((n) => seedArtists.has(n))) for (const n of names) collaborators.add(n);
    }
    const targets = Object.fromEntries(AUDIO_FEATURES.map((f) => [f, catalog.numeric[f][seed] as number])) as Record<AudioFeature, number>;
    const scored: { t: number; score: number; d: number }[] = [];
    for (let t = 0; t < catalog.size; t++) {
      if (t === seed) continue;
      if (AUDIO_FEATURES.every((f) => catalog.numeric[f][t] === catalog.numeric[f][seed])) continue;
      const d = rmsDistance(t, targets);
      const genre = Math.max(0, ...genresOf(catalog, t).map((g) => (pref[catalog.genreNames.indexOf(g)] as number) / top));
      const names = splitArtists(catalog.artists[t] as string).map(foldText);
      const artist = names.some((n) => seedArtists.has(n)) ? 1 : names.some((n) => collaborators.has(n)) ? DEFAULT_BLEND.collaborator : 0;
      scored.push({ t, score: Math.exp((-d * d) / 2) + DEFAULT_BLEND.genre * genre + DEFAULT_BLEND.artist * artist, d });
    }
    scored.sort((a, b) => b.score - a.score || a.d - b.d || a.t - b.t);
    // With the song rule off, only the seed and identical recordings of it leave the pool.
    const result = recommend(catalog, space, { seeds: [catalog.trackId[seed] as string], limit: 10, diversity: noDiversity }, context);
    assert.deepEqual(
      result.results.map((r) => r.trackId),
      scored.slice(0, 10).map((e) => catalog.trackId[e.t]),
    );
    for (const [i, r] of result.results.entries()) assertClose(r.score as number, (scored[i] as { score: number }).score, 1e-9, 'score');
  });

  it('--audio-only turns the blend off: the ranking is the pure distance one', () => {
    const seed = catalog.trackId.indexOf(catalog.trackId[500] as string);
    const result = recommend(
      catalog,
      space,
      { seeds: [catalog.trackId[seed] as string], audioOnly: true, limit: 10, diversity: noDiversity },
      context,
    );
    assert.equal(result.blend, undefined);
    const d = result.results.map((r) => r.distance);
    assert.deepEqual(
      d,
      [...d].sort((a, b) => a - b),
    );
  });

  it('blend weights are adjustable and validated', () => {
    const seed = catalog.trackId[500] as string;
    const none = recommend(catalog, space, { seeds: [seed], blend: { genre: 0, artist: 0 }, limit: 10, diversity: noDiversity }, context);
    const audio = recommend(catalog, space, { seeds: [seed], audioOnly: true, limit: 10, diversity: noDiversity }, context);
    assert.deepEqual(
      none.results.map((r) => r.trackId),
      audio.results.map((r) => r.trackId),
    );
    assert.throws(
      () => recommend(catalog, space, { seeds: [seed], blend: { genre: -1 } }, context),
      /blend weight genre must be a number >= 0/,
    );
    assert.throws(() => requestFromParams({ blend_colour: '1' }, space), /unknown parameter blend_colour/);
    assert.equal(requestFromParams({ blend_genre: '0.5' }, space).blend?.genre, 0.5);
  });

  it('genre preference spreads the seed genres through the affinity and peaks at 1', () => {
    const weights = new Float64Array(catalog.genreNames.length);
    weights[catalog.genreNames.indexOf('metal')] = 1;
    const pref = genrePreference(affinity, weights);
    assert.equal(Math.max(...pref), 1);
    assert.equal(pref[catalog.genreNames.indexOf('metal')], 1);
  });
});

describe('open vocabulary', () => {
  const percentile = (f: AudioFeature, p: number) => quantileSorted(space.sorted[space.features.indexOf(f)] as Float64Array, p);

  it('every genre name is a word, also with spaces for hyphens', () => {
    // The one exception on the sample: the genre "happy" is happy hardcore, whose mean valence sits at
    // the 32nd percentile (pandas: mean z -0.58), so the mood word "happy" does not prefer it.
    const contradicted = new Set(['happy']);
    for (const name of catalog.genreNames) {
      for (const written of [name, name.replace(/-/g, ' ')]) {
        const parsed = parseLike(written, vocabulary, space);
        assert.equal(parsed.genres.includes(catalog.genreNames.indexOf(name)), !contradicted.has(name), written);
      }
    }
    const happy = parseLike('happy', vocabulary, space);
    assert.ok((happy.targets.find((t) => t.feature === 'valence')?.value as number) > percentile('valence', 0.5));
    assert.deepEqual(
      parseLike('happy hardcore', vocabulary, space).genres.map((g) => catalog.genreNames[g]),
      ['happy'],
    );
    assert.deepEqual(
      parseLike('drum and bass', vocabulary, space).genres.map((g) => catalog.genreNames[g]),
      ['drum-and-bass'],
    );
    assert.deepEqual(
      parseLike('r&b', vocabulary, space).genres.map((g) => catalog.genreNames[g]),
      ['r-n-b'],
    );
  });

  it('tempo words are BPM, level words percentiles, and a word that is also a genre sets both', () => {
    const tempo = (text: string) => parseLike(text, vocabulary, space).targets.find((t) => t.feature === 'tempo')?.value;
    assert.equal(tempo('slow'), 80);
    assert.equal(tempo('very slow'), 66);
    assert.equal(tempo('fast'), 150);
    assert.equal(tempo('very fast'), 172);
    const sad = parseLike('sad', vocabulary, space);
    assert.equal(sad.targets.find((t) => t.feature === 'valence')?.value, percentile('valence', 0.1));
    assert.deepEqual(
      sad.genres.map((g) => catalog.genreNames[g]),
      ['sad'],
    );
    assert.equal(parseLike('high energy', vocabulary, space).targets[0]?.value, percentile('energy', 0.75));
    const study = parseLike('music for studying', vocabulary, space);
    assert.equal(study.targets.find((t) => t.feature === 'instrumentalness')?.value, 0.85);
  });

  it("a genre word beside other words adds the genre's distinctive features, at half weight", () => {
    const d = space.features.length;
    const piano = catalog.genreNames.indexOf('piano');
    // The piano genre's mean z-profile, by hand.
    const members = Array.from({ length: catalog.size }, (_, t) => t).filter((t) => genresOf(catalog, t).includes('piano'));
    const centroid = space.features.map((_, f) => members.reduce((s, t) => s + (space.z[t * d + f] as number), 0) / members.length);
    const parsed = parseLike('sad piano', vocabulary, space);
    assert.ok(parsed.genres.includes(piano));
    for (const [f, feature] of space.features.entries()) {
      const target = parsed.targets.find((t) => t.feature === feature);
      if (feature === 'valence' || feature === 'energy') {
        assert.equal(target?.weight, undefined, `${feature} comes from "sad"`);
      } else if (Math.abs(centroid[f] as number) >= 0.8) {
        assertClose(target?.value as number, (centroid[f] as number) * stats[feature].std + stats[feature].mean, 1e-9, feature);
        assert.equal(target?.weight, 0.5);
      } else {
        assert.equal(target, undefined, feature);
      }
    }
    const result = recommend(catalog, space, { like: 'sad piano', limit: 3 }, context);
    assert.ok(result.targets.some((t) => t.weight === 0.5));
  });

  it('an unknown word gets a did-you-mean and a one-line hint, never the vocabulary', () => {
    assert.throws(
      () => parseLike('sad slow pianoo', vocabulary, space),
      (e: Error) =>
        e instanceof InputError && /Did you mean "piano"/.test(e.message) && !e.message.includes('\n') && e.message.length < 400,
    );
    assert.throws(() => parseLike('wrkout', vocabulary, space), /Did you mean "workout"/);
  });

  it('edit distance and the closest words agree with hand-computed cases', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('flaw', 'lawn'), 2);
    assert.deepEqual(closestWords('jaz', ['jazz', 'j-pop', 'blues']), ['jazz']);
    assert.deepEqual(closestWords('zz', ['jazz']), []);
  });
});

describe('seeds: artists, candidates and the 5-seed limit', () => {
  it('an artist seed aims at the mean of its tracks', () => {
    const name = 'Billie Eilish';
    const code = resolveSeedArtist(artists, 'billie eilish');
    assert.equal(artists.names[code], name);
    const tracks = Array.from({ length: catalog.size }, (_, t) => t).filter((t) =>
      splitArtists(catalog.artists[t] as string).includes(name),
    );
    const result = recommend(catalog, space, { seedArtists: ['Billie Eilish'], limit: 10 }, context);
    for (const target of result.targets) {
      const mean = tracks.reduce((s, t) => s + (catalog.numeric[target.feature][t] as number), 0) / tracks.length;
      assertClose(target.value, mean, 1e-9, target.feature);
    }
    assert.deepEqual(result.seedArtists, [name]);
  });

  it('unknown or ambiguous artists and tracks list the closest candidates', () => {
    assert.throws(
      () => resolveSeedArtist(artists, 'Bilie Eilish'),
      /no artist "Bilie Eilish" in the catalogue; closest:\n {4}Billie Eilish/,
    );
    assert.throws(() => resolveSeedArtist(artists, 'the'), /ambiguous; candidates:\n/);
    assert.throws(() => recommend(catalog, space, { seeds: ['Jason Mras - Im Yours'] }, context), /closest:\n {4}Jason Mraz - I'm Yours/);
  });

  it(`at most ${MAX_SEEDS} seeds across tracks and artists; genres are a filter and do not count`, () => {
    const ids = catalog.trackId.slice(0, 4);
    assert.throws(
      () => recommend(catalog, space, { seeds: ids, seedArtists: ['Billie Eilish', 'Jason Mraz'] }, context),
      (e: Error) => e instanceof InputError && /at most 5 seeds/.test(e.message),
    );
    const ok = recommend(
      catalog,
      space,
      { seeds: ids, seedArtists: ['Billie Eilish'], filters: { genres: ['pop', 'dance', 'rock'] } },
      context,
    );
    assert.equal(ok.seeds.length + ok.seedArtists.length, 5);
  });
});
