import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { explore } from '../src/explore/explore.js';
import { assertClose, fixture, REFERENCE, SAMPLE } from './helpers.js';

const PANDAS_KEYS = { p25: '25%', p50: '50%', p75: '75%' } as const;

describe('explore on the shared sample matches pandas (../shared/reference)', async () => {
  const loaded = await loadCatalog(SAMPLE);
  const e = explore(loaded.raw, loaded);

  it('counts rows, ids, duplicates, conflicts, genres, artists exactly', () => {
    assert.equal(e.rows, REFERENCE.rows);
    assert.equal(e.uniqueTrackIds, REFERENCE.unique_track_ids);
    assert.equal(e.duplicateRows, REFERENCE.duplicate_rows);
    assert.equal(e.trackIdsSeenOnce, REFERENCE.track_ids_seen_once);
    assert.equal(e.conflictingPopularityTrackIds, REFERENCE.track_ids_with_conflicting_popularity);
    assert.equal(e.conflictingPopularityRows, REFERENCE.rows_with_conflicting_popularity);
    assert.equal(e.multiGenreTrackIds, REFERENCE.track_ids_with_several_genres);
    assert.equal(e.multiGenreRows, REFERENCE.rows_with_several_genres);
    assert.equal(e.tracks, REFERENCE.clean_tracks);
    assert.equal(e.artistRows, REFERENCE.exploded_artist_rows);
    assert.equal(e.distinctArtists, REFERENCE.distinct_artists);
    assert.equal(e.genres.length, REFERENCE.genres);
    const missing = Object.fromEntries(e.columns.filter((c) => c.missing > 0).map((c) => [c.name, c.missing]));
    assert.deepEqual(missing, REFERENCE.missing_values_per_column);
  });

  it('describe() matches pandas for every numeric column to 1e-6', () => {
    assert.deepEqual(Object.keys(e.describe).sort(), Object.keys(REFERENCE.describe).sort());
    for (const [column, expected] of Object.entries(REFERENCE.describe) as [string, Record<string, number>][]) {
      const actual = e.describe[column] as unknown as Record<string, number>;
      for (const key of ['count', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max']) {
        const pandasKey = PANDAS_KEYS[key as keyof typeof PANDAS_KEYS] ?? key;
        // The reference is rounded to 6 decimals.
        assertClose(actual[key] as number, expected[pandasKey] as number, 1e-6 + 5e-7, `${column}.${key}`);
      }
    }
  });

  it('genre summary over distinct (track, genre) pairs and the top 10 match', () => {
    for (const g of e.genres) {
      const expected = REFERENCE.genre_summary[g.genre];
      assert.ok(expected, g.genre);
      assert.equal(g.tracks, expected.unique_tracks, g.genre);
      assertClose(g.meanPopularity, expected.avg_popularity, 1e-6, g.genre);
    }
    assert.deepEqual(e.topGenresByPopularity, REFERENCE.top10_genres_by_avg_popularity);
  });

  it('popularity histogram (20 bins, numpy edges) matches exactly', () => {
    assert.deepEqual(e.popularityHistogram, REFERENCE.popularity_histogram_20_bins_0_100_clean);
    assert.equal(
      e.popularityHistogram.reduce((a, b) => a + b, 0),
      e.tracks,
    );
  });

  it('correlation matrix of the 9 features and popularity matches to 1e-6', () => {
    const { columns, matrix } = e.correlation;
    columns.forEach((a, i) => {
      columns.forEach((b, j) => {
        assertClose(matrix[i]?.[j] as number, REFERENCE.correlation_clean[a][b], 1e-6 + 5e-7, `corr(${a}, ${b})`);
      });
    });
  });

  it('the popularity density integrates to about the share of mass inside 0-100', () => {
    const { x, density } = e.popularityDensity;
    let area = 0;
    for (let i = 1; i < x.length; i++)
      area += (((density[i] as number) + (density[i - 1] as number)) / 2) * ((x[i] as number) - (x[i - 1] as number));
    // A Gaussian KDE leaks some mass below 0 (3,679 tracks sit at popularity 0-4), never more than half of it.
    assert.ok(area > 0.9 && area < 1, `area ${area}`);
  });
});

describe('explore on the hand-made fixture', async () => {
  const loaded = await loadCatalog(fixture('kaggle.csv'));
  const e = explore(loaded.raw, loaded);

  it('genre summary uses each (track, genre) pair once with its own popularity', () => {
    assert.deepEqual(
      e.genres.map((g) => [g.genre, g.tracks, g.meanPopularity]),
      [
        ['dance', 2, 61],
        ['pop', 1, 50],
        ['rock', 1, 30],
      ],
    );
  });

  it('describe() on 5 raw rows equals hand-computed values', () => {
    const p = e.describe.popularity;
    // popularity 50, 30, 52, 10, 70: mean 42.4; sorted 10 30 50 52 70.
    assert.equal(p?.mean, 42.4);
    assertClose(
      p?.std as number,
      Math.sqrt(((50 - 42.4) ** 2 + (30 - 42.4) ** 2 + (52 - 42.4) ** 2 + (10 - 42.4) ** 2 + (70 - 42.4) ** 2) / 4),
      1e-12,
    );
    assert.deepEqual([p?.min, p?.p25, p?.p50, p?.p75, p?.max], [10, 30, 50, 52, 70]);
  });
});
