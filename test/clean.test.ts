import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTrack, genresOf } from '../src/data/catalog.js';
import { clean, columnsDifferingAcrossDuplicates, splitArtists } from '../src/data/clean.js';
import { loadRawTable } from '../src/data/load.js';
import { NUMERIC_COLUMNS } from '../src/data/schema.js';
import { trackRows } from '../src/data/trackRows.js';
import { inSharedMemory, TrackRowsWorker } from '../src/data/trackRowsThread.js';
import { fixture, SAMPLE } from './helpers.js';

describe('clean (hand-made fixture, hand-counted answers)', async () => {
  const raw = await loadRawTable(fixture('kaggle.csv'));
  const { catalog, rowGroups, stats, log } = clean(raw);

  it('counts duplicates, conflicts and multi-genre ids over the raw rows', () => {
    assert.equal(stats.rows, 5);
    assert.equal(stats.uniqueTrackIds, 4);
    assert.equal(stats.duplicateRows, 1);
    assert.equal(stats.trackIdsSeenOnce, 3);
    assert.equal(stats.conflictingPopularityTrackIds, 1);
    assert.equal(stats.conflictingPopularityRows, 2);
    assert.equal(stats.multiGenreTrackIds, 1);
    assert.equal(stats.multiGenreRows, 2);
    const differing = columnsDifferingAcrossDuplicates(raw, rowGroups);
    assert.equal(differing.popularity, 1);
    assert.equal(differing.track_genre, 1);
    assert.equal(differing.tempo, 0);
    assert.equal(differing.artists, 0);
  });

  it('drops the row without artists and keeps the first row of each track with all its genres', () => {
    assert.equal(stats.missingNameRows, 1);
    assert.equal(catalog.size, 3);
    assert.deepEqual(catalog.trackId, ['trackA000000000000001', 'trackB000000000000002', 'trackD000000000000004']);
    // The first row of trackA has popularity 50 and genre pop; the second adds dance.
    assert.equal(catalog.numeric.popularity[0], 50);
    assert.equal(catalog.genreNames[catalog.primaryGenre[0] as number], 'pop');
    assert.deepEqual(genresOf(catalog, 0), ['pop', 'dance']);
    assert.deepEqual(genresOf(catalog, 1), ['rock']);
    assert.deepEqual(Array.from(catalog.genrePopularity), [50, 52, 30, 70]);
    assert.equal(findTrack(catalog, 'trackD000000000000004'), 2);
    assert.equal(findTrack(catalog, 'nope'), undefined);
  });

  it('derives main artists and one row per (track, artist)', () => {
    assert.deepEqual(catalog.mainArtist, ['Alpha Band', 'Gamma', 'Delta']);
    assert.deepEqual(Array.from(catalog.artistTrack), [0, 0, 1, 2]);
    assert.deepEqual(catalog.artistName, ['Alpha Band', 'Beta Singer', 'Gamma', 'Delta']);
    assert.equal(stats.artistRows, 4);
    assert.equal(stats.distinctArtists, 4);
  });

  it('logs every step with rows in and out', () => {
    assert.deepEqual(
      log.map((s) => [s.step, s.rowsIn, s.rowsOut]),
      [
        ['load', 5, 5],
        ['drop rows with missing names', 5, 4],
        ['keep one row per track_id', 4, 3],
        ['explode artists', 3, 4],
      ],
    );
  });

  it('gives the same catalogue when the grouping, genre sets and track columns are computed on a worker (as for large tables)', async () => {
    const sample = await loadRawTable(SAMPLE);
    assert.deepEqual(clean(sample, true), clean(sample, false));
  });

  it('computes the track rows on the worker, equal to computing them here', async () => {
    const raw = await loadRawTable(SAMPLE);
    const kept = new Uint8Array(raw.rows).fill(1);
    kept[1] = 0; // a dropped row: its genre must not count
    const seen = new Set<number>();
    const firstRows = Int32Array.from(
      Array.from({ length: raw.rows }, (_, r) => r).filter((r) => {
        const g = raw.trackGroup[r] as number;
        if (kept[r] === 0 || seen.has(g)) return false;
        seen.add(g);
        return true;
      }),
    );
    const job = {
      rows: raw.rows,
      groups: raw.trackGroups,
      groupOfRow: raw.trackGroup,
      genreCode: raw.genreCode,
      genres: raw.genreNames.length,
      popularity: raw.numeric.popularity,
      numeric: NUMERIC_COLUMNS.map((c) => raw.numeric[c]),
      kept,
      firstRows,
    };
    const columns = () => ({ trackNumeric: NUMERIC_COLUMNS.map(() => new Float64Array(firstRows.length)), nextColumn: new Int32Array(1) });
    const shared = inSharedMemory({ ...job, ...columns() });
    const worker = new TrackRowsWorker();
    worker.post(shared);
    const { rows, fromWorker } = worker.result();
    assert.ok(fromWorker, 'the worker answered');
    const here = { ...job, ...columns() };
    assert.deepEqual(rows, trackRows(here));
    assert.deepEqual(shared.trackNumeric, here.trackNumeric);
    // Each track's values are its first kept row's.
    assert.equal(here.trackNumeric[NUMERIC_COLUMNS.indexOf('energy')]?.[5], raw.numeric.energy[firstRows[5] as number]);
  });

  it('splits artists on ";" and trims', () => {
    assert.deepEqual(splitArtists(' A ; B;;C '), ['A', 'B', 'C']);
  });
});
