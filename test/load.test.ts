import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { InputError } from '../src/data/errors.js';
import { loadRawTable, type RawTable } from '../src/data/load.js';
import { NUMERIC_COLUMNS, STRING_COLUMNS } from '../src/data/schema.js';
import { fixture } from './helpers.js';

/** The five hand-written tracks every variant fixture holds, as they must load. */
const EXPECTED = {
  track_id: ['trackA000000000000001', 'trackB000000000000002', 'trackA000000000000001', 'trackC000000000000003', 'trackD000000000000004'],
  artists: ['Alpha Band;Beta Singer', 'Gamma', 'Alpha Band;Beta Singer', '', 'Delta'],
  album_name: ['First Album', 'Second, Album', 'First Album', 'Third Album', 'Fourth'],
  track_name: ['Song One', 'Song Two', 'Song One', 'Song Three', 'Song "Four"'],
  track_genre: ['pop', 'rock', 'dance', 'pop', 'dance'],
  popularity: [50, 30, 52, 10, 70],
  key: [1, 5, 1, -1, 11],
  instrumentalness: [1.01e-6, 0, 1.01e-6, 0.8, 0],
  acousticness: [0.1, 0.01, 0.1, 0.9, 2.43e-5],
  tempo: [120, 95.5, 120, 0, 128],
  explicit: [0, 1, 0, 0, 0],
};

function assertFiveTracks(table: RawTable): void {
  assert.equal(table.rows, 5);
  assert.equal(table.recordsRead, 5);
  for (const c of ['track_id', 'artists', 'album_name', 'track_name'] as const) {
    assert.deepEqual(table.strings[c], EXPECTED[c], c);
  }
  assert.deepEqual(table.genreNames, ['dance', 'pop', 'rock']);
  assert.deepEqual(
    Array.from(table.genreCode, (g) => table.genreNames[g]),
    EXPECTED.track_genre,
  );
  // trackA appears twice (rows 0 and 2); ids are numbered by first appearance.
  assert.deepEqual(Array.from(table.trackGroup), [0, 1, 0, 2, 3]);
  assert.equal(table.trackGroups, 4);
  for (const c of ['popularity', 'key', 'instrumentalness', 'acousticness', 'tempo'] as const) {
    assert.deepEqual(Array.from(table.numeric[c]), EXPECTED[c], c);
  }
  assert.deepEqual(Array.from(table.explicit), EXPECTED.explicit);
}

describe('loadRawTable: real-world variants of the export', () => {
  const variants: [string, string | null, string[]][] = [
    ['kaggle.csv', '', []],
    ['bom-unnamed-crlf.csv', 'Unnamed: 0', []],
    ['r-export-reordered.csv', '...1', []],
    ['index-lowercase-bools.csv', 'index', []],
    ['no-index-numeric-bools.csv', null, []],
    ['extra-columns-lyrics.csv', '', ['lyrics', 'notes']],
  ];
  for (const [file, indexColumn, extra] of variants) {
    it(`loads ${file} to the same five tracks`, async () => {
      const table = await loadRawTable(fixture(file));
      assertFiveTracks(table);
      assert.equal(table.indexColumn, indexColumn);
      assert.deepEqual(table.extraColumns, extra);
      assert.deepEqual(table.invalidRows, []);
    });
  }

  it('loads a Parquet file with typed columns (written by DuckDB from the CSV fixture)', async () => {
    const parquet = join(mkdtempSync(join(tmpdir(), 'spotify-intel-')), 'tracks.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_csv('${fixture('kaggle.csv')}')) TO '${parquet}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const table = await loadRawTable(parquet);
    assert.equal(table.format, 'parquet');
    assertFiveTracks(table);
  });

  it('returns every numeric column as a Float64Array of the row count', async () => {
    const table = await loadRawTable(fixture('kaggle.csv'));
    for (const c of NUMERIC_COLUMNS) {
      assert.ok(table.numeric[c] instanceof Float64Array, c);
      assert.equal(table.numeric[c].length, 5);
    }
    for (const c of STRING_COLUMNS) assert.equal(table.strings[c].length, 5);
  });
});

async function loadError(file: string, options = {}): Promise<string> {
  try {
    await loadRawTable(fixture(file), options);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${error}`);
    return error.message;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loadRawTable: bad input gets a clear error', () => {
  it('lists the missing and the found columns', async () => {
    const message = await loadError('bad-missing-columns.csv');
    assert.match(message, /bad-missing-columns\.csv: missing required columns: valence, tempo\./);
    assert.match(message, /Found 19 columns separated by commas: \(empty\), track_id, artists,/);
  });

  it('names line, column and value of each invalid value', async () => {
    const message = await loadError('bad-values.csv');
    assert.match(message, /3 rows have invalid values/);
    assert.match(message, /line 3, column danceability: "abc": not a number/);
    assert.match(message, /line 4, column key: "12": out of range: must be a whole number from 0 to 11 \(or -1\)/);
    assert.match(message, /line 5, column explicit: "maybe": not a boolean/);
    assert.match(message, /--on-invalid skip/);
  });

  it('counts physical lines across quoted newlines', async () => {
    const message = await loadError('bad-popularity-after-multiline.csv');
    assert.match(message, /line 7, column popularity: "101": out of range: must be a whole number from 0 to 100/);
  });

  it('a missing track_id is an invalid value', async () => {
    assert.match(await loadError('bad-missing-track-id.csv'), /line 3, column track_id: \(empty\): missing value/);
  });

  it('reports a row with too few fields with its line', async () => {
    assert.match(await loadError('bad-ragged.csv'), /bad-ragged\.csv: line 3: expected 21 fields, found 20/);
  });

  it('reports an unterminated quote', async () => {
    assert.match(await loadError('bad-unterminated-quote.csv'), /line 3: a quoted value is never closed/);
  });

  it('rejects an empty file, a header without rows, a missing file and a directory', async () => {
    assert.match(await loadError('bad-empty.csv'), /the file is empty/);
    assert.match(await loadError('header-only.csv'), /no data rows/);
    assert.match(await loadError('no-such-file.csv'), /no such file/);
    assert.match(await loadError('.'), /is a directory/);
  });

  it('with onInvalid "skip" leaves invalid rows out and lists each one', async () => {
    const table = await loadRawTable(fixture('bad-values.csv'), { onInvalid: 'skip' });
    assert.equal(table.recordsRead, 4);
    assert.equal(table.rows, 1);
    assert.deepEqual(
      table.invalidRows.map((r) => [r.line, r.column, r.value]),
      [
        [3, 'danceability', 'abc'],
        [4, 'key', '12'],
        [5, 'explicit', 'maybe'],
      ],
    );
    assert.deepEqual(table.strings.track_id, ['trackA000000000000001']);
  });
});
