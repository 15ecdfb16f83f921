import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genresOf } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { artistPreference, buildArtistIndex, fitGenreAffinity, genrePreference } from '../src/recommend/affinity.js';
import { type BlendSignals, blendedNearest } from '../src/recommend/blend.js';
import { buildBlendGroups, MAX_GROUP_SIZE } from '../src/recommend/blendGroups.js';
import { diversify } from '../src/recommend/diversity.js';
import { filterMask } from '../src/recommend/filters.js';
import { holidayTracks } from '../src/recommend/holiday.js';
import { type RecommendContext, type RecommendRequest, recommend } from '../src/recommend/recommend.js';
import type { Query } from '../src/recommend/search.js';
import { buildVocabulary } from '../src/recommend/vocabulary.js';
import { seededRandom } from '../src/stats/random.js';
import { SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
const affinity = fitGenreAffinity(catalog);
const artists = buildArtistIndex(catalog);
const groups = buildBlendGroups(catalog, space);
const d = space.features.length;
const G = catalog.genreNames.length;

describe('blend groups', () => {
  it('partition the catalogue into small first-genre groups whose boxes and genre lists are exact', () => {
    const seen = new Uint8Array(catalog.size);
    for (let g = 0; g < groups.count; g++) {
      const members = Array.from(groups.order.subarray(groups.start[g], groups.start[g + 1]));
      assert.ok(members.length >= 1);
      const identical = members.every((t) =>
        space.z.slice(t * d, t * d + d).every((v, f) => v === space.z[(members[0] as number) * d + f]),
      );
      assert.ok(members.length <= MAX_GROUP_SIZE || identical, `group ${g} has ${members.length} members`);
      const firstGenres = new Set(members.map((t) => genresOf(catalog, t)[0] ?? ''));
      assert.equal(firstGenres.size, 1, `group ${g} mixes first genres`);
      for (let f = 0; f < d; f++) {
        const values = members.map((t) => space.z[t * d + f] as number);
        assert.equal(groups.low[g * d + f], Math.min(...values));
        assert.equal(groups.high[g * d + f], Math.max(...values));
      }
      const genres = new Set(members.flatMap((t) => genresOf(catalog, t)));
      const listed = Array.from(groups.genres.subarray(groups.genreStart[g], groups.genreStart[g + 1]), (c) => catalog.genreNames[c]);
      assert.deepEqual(new Set(listed), genres);
      assert.equal(listed.length, genres.size);
      for (const t of members) {
        assert.equal(seen[t], 0, `track ${t} is in two groups`);
        seen[t] = 1;
        assert.equal(groups.groupOf[t], g);
      }
    }
    assert.ok(
      seen.every((v) => v === 1),
      'every track is in a group',
    );
  });

  it('the grouped blended search returns exactly the full scan top-k on random queries, weights and filters', () => {
    const random = seededRandom(12);
    const pick = (n: number) => Math.floor(random() * n);
    let compared = 0;
    let empty = 0;
    for (let round = 0; round < 240; round++) {
      const seed = pick(catalog.size);
      const kind = round % 4;
      // Full profile (a seed), a subset of features with uneven weights (targets, phrases), or a dense
      // genre vector (a classifier's "sounds like"); audio weight 0 now and then.
      const dims =
        kind === 1 ? [...new Set(Array.from({ length: 1 + pick(4) }, () => pick(d)))].sort((a, b) => a - b) : [...Array(d).keys()];
      const query: Query = {
        dims,
        target: Float64Array.from(dims, (f) => (space.z[seed * d + f] as number) + (kind === 3 ? random() - 0.5 : 0)),
        weights: Float64Array.from(dims, () => (kind === 1 ? 0.25 + 2 * random() : 1)),
      };
      const seedGenres = new Float64Array(G);
      for (const name of genresOf(catalog, seed)) seedGenres[catalog.genreNames.indexOf(name)] = 1;
      const genre = kind === 2 ? Float64Array.from({ length: G }, () => random() ** 4) : genrePreference(affinity, seedGenres);
      const seedArtists = Array.from(artists.codes.subarray(artists.offsets[seed], artists.offsets[seed + 1]));
      const signals: BlendSignals = {
        genre: round % 7 === 6 ? undefined : genre,
        genreWeight: [0.22, 0.4, 1, 0.05][round % 4] as number,
        artist: kind === 0 ? artistPreference(artists, seedArtists, 0.5) : undefined,
        artistWeight: 0.1 + random() * 0.3,
        audioWeight: round % 11 === 10 ? 0 : 1,
      };
      const filters = [
        {},
        { min: { popularity: pick(80) } },
        { genres: [catalog.genreNames[pick(G)] as string] },
        { explicit: false, max: { tempo: 90 + pick(80) } },
        {
          genres: genresOf(catalog, seed),
          excludeGenres: [catalog.genreNames[pick(G)] as string].filter((g) => !genresOf(catalog, seed).includes(g)),
        },
      ][round % 5] as Parameters<typeof filterMask>[1];
      const mask = filterMask(catalog, filters);
      mask[seed] = 0;
      const count = [1, 10, 30, 120][round % 4] as number;
      const full = blendedNearest(catalog, space, artists, query, 'euclidean', signals, count, mask);
      const grouped = blendedNearest(catalog, space, artists, query, 'euclidean', signals, count, mask, groups);
      assert.deepEqual(grouped, full, `round ${round}`);
      compared += 1;
      if (full.length < count) empty += 1;
    }
    assert.equal(compared, 240);
    assert.ok(empty < 60, 'most rounds had a full pool');
  });

  it('recommend gives the same answers with and without the groups, and the same picks as diversifying the whole ranking', () => {
    const base: RecommendContext = { affinity, artists, vocabulary: buildVocabulary(catalog, space) };
    const withGroups: RecommendContext = { ...base, blendGroups: groups };
    const random = seededRandom(5);
    const pick = (n: number) => Math.floor(random() * n);
    const requests: RecommendRequest[] = [];
    for (let i = 0; i < 12; i++) requests.push({ seeds: [catalog.trackId[pick(catalog.size)] as string], limit: 1 + pick(30) });
    requests.push(
      {
        seeds: [catalog.trackId[pick(catalog.size)] as string, catalog.trackId[pick(catalog.size)] as string],
        filters: { min: { popularity: 40 } },
      },
      { seedArtists: [catalog.mainArtist[pick(catalog.size)] as string], limit: 20 },
      { like: 'sad slow piano' },
      { like: 'calm, acoustic, sad', filters: { genres: ['acoustic', 'folk'] }, limit: 20 },
      { like: 'high energy, fast tempo, happy mood' },
      { seeds: [catalog.trackId[pick(catalog.size)] as string], diversity: { maxPerArtist: 1 }, limit: 25 },
    );
    for (const request of requests) {
      const plain = recommend(catalog, space, request, base);
      const fast = recommend(catalog, space, request, withGroups);
      assert.deepEqual(
        fast.results.map((r) => [r.trackId, r.score, r.distance]),
        plain.results.map((r) => [r.trackId, r.score, r.distance]),
        JSON.stringify(request),
      );
      assert.equal(fast.search.reason, plain.search.reason);
    }
    // The diversity rules walk the ranking in order: picks from a shallow ranking equal picks from the whole pool's.
    const holiday = holidayTracks(catalog);
    for (const request of requests.slice(0, 6)) {
      const result = recommend(catalog, space, request, withGroups);
      const seed = catalog.trackId.indexOf(request.seeds?.[0] as string);
      const query: Query = {
        dims: [...Array(d).keys()],
        target: space.z.slice(seed * d, seed * d + d),
        weights: new Float64Array(d).fill(1),
      };
      const mask = new Uint8Array(catalog.size).fill(1);
      for (let t = 0; t < catalog.size; t++) {
        let same = true;
        for (let f = 0; f < d && same; f++) same = space.z[t * d + f] === space.z[seed * d + f];
        if (same) mask[t] = 0;
        // Holiday songs leave the pool of a non-holiday seed, and are all of it for a holiday seed.
        if (holiday[t] !== holiday[seed]) mask[t] = 0;
      }
      const seedGenres = new Float64Array(G);
      for (const name of genresOf(catalog, seed)) seedGenres[catalog.genreNames.indexOf(name)] = 1;
      const seedArtists = Array.from(artists.codes.subarray(artists.offsets[seed], artists.offsets[seed + 1]));
      const signals: BlendSignals = {
        genre: genrePreference(affinity, seedGenres),
        genreWeight: 0.22,
        artist: artistPreference(artists, seedArtists, 0.5),
        artistWeight: 0.1,
        audioWeight: 1,
      };
      let pool = 0;
      for (const v of mask) pool += v;
      const whole = blendedNearest(catalog, space, artists, query, 'euclidean', signals, pool, mask);
      const picks = diversify(catalog, space, query, whole, request.limit ?? 10, {}, new Set([catalog.songCode[seed] as number]));
      assert.deepEqual(
        result.results.map((r) => r.trackId),
        picks.map((s) => catalog.trackId[s.track]),
      );
    }
  });
});
