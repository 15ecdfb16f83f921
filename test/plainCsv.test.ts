/**
 * The direct CSV reader (src/data/plainCsv.ts) against the DuckDB reader, the reference: on every
 * valid file both must give the same table, value for value, and the direct reader must really be
 * the one that read it. Files it should not read go to DuckDB, which names the problem.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../src/data/errors.js';
import { loadRawTable, type RawTable } from '../src/data/load.js';
import { readPlainCsv } from '../src/data/plainCsv.js';
import { readPlainCsvTwoThreads } from '../src/data/plainCsvTwoThreads.js';
import { NUMERIC_COLUMNS, REQUIRED_COLUMNS, STRING_COLUMNS } from '../src/data/schema.js';
import { seededRandom } from '../src/stats/random.js';
import { MUTATIONS, pick } from './csvMutations.js';
import { fixture, SAMPLE } from './helpers.js';

function assertSameTable(direct: RawTable, duckdb: RawTable, readers: [string, string] = ['direct', 'duckdb']): void {
  assert.deepEqual([direct.reader, duckdb.reader], readers);
  for (const key of [
    'rows',
    'recordsRead',
    'header',
    'indexColumn',
    'extraColumns',
    'layout',
    'absentColumns',
    'genreNames',
    'trackGroups',
  ] as const)
    assert.deepEqual(direct[key], duckdb[key], key);
  for (const c of STRING_COLUMNS) assert.deepEqual(direct.strings[c], duckdb.strings[c], c);
  assert.deepEqual(direct.trackGroup, duckdb.trackGroup);
  assert.deepEqual(direct.genreCode, duckdb.genreCode);
  assert.deepEqual(direct.explicit, duckdb.explicit);
  for (const c of NUMERIC_COLUMNS) {
    const a = direct.numeric[c];
    const b = duckdb.numeric[c];
    assert.equal(a.length, b.length, c);
    for (let r = 0; r < a.length; r++) if (!Object.is(a[r], b[r])) assert.fail(`${c} row ${r}: direct ${a[r]}, DuckDB ${b[r]}`);
  }
}

async function bothReaders(path: string): Promise<[RawTable, RawTable]> {
  return [await loadRawTable(path), await loadRawTable(path, { reader: 'duckdb' })];
}

const HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';

function tempCsv(name: string, text: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'plain-csv-')), name);
  writeFileSync(path, text);
  return path;
}

describe('direct CSV reader', () => {
  for (const file of [
    'kaggle.csv',
    'bom-unnamed-crlf.csv',
    'r-export-reordered.csv',
    'index-lowercase-bools.csv',
    'no-index-numeric-bools.csv',
    'extra-columns-lyrics.csv',
    'layouts/tidytuesday_spotify_songs.csv',
    'layouts/tracks_600k.csv',
  ]) {
    it(`reads ${file} exactly as DuckDB does`, async () => {
      const [direct, duckdb] = await bothReaders(fixture(file));
      assertSameTable(direct, duckdb);
    });
  }

  it('reads the shared sample exactly as DuckDB does', async () => {
    const [direct, duckdb] = await bothReaders(SAMPLE);
    assertSameTable(direct, duckdb);
  });

  const requestFor = (path: string, header: string[]) => ({
    path,
    delimiter: ',',
    fields: header.length,
    positions: new Map(REQUIRED_COLUMNS.map((c) => [c, header.indexOf(c)] as [string, number]).filter(([, i]) => i >= 0)),
    noGenre: '(no genre)',
  });
  const headerOf = (path: string) => (readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] ?? '').replace(/^\uFEFF/, '').split(',');

  it('reads a file on two threads (numbers, albums and artists on the second) exactly as in one pass', async () => {
    for (const path of [SAMPLE, fixture('kaggle.csv'), fixture('extra-columns-lyrics.csv'), fixture('bom-unnamed-crlf.csv'), wide]) {
      const request = requestFor(path, headerOf(path));
      const one = readPlainCsv({ ...request, touchPages: false });
      assert.ok(one, path);
      assert.deepEqual(await readPlainCsvTwoThreads({ ...request, twoThreadsFromBytes: 0 }), one, path);
      // Tiny windows make both scans cut records everywhere.
      assert.deepEqual(
        await readPlainCsvTwoThreads({ ...request, twoThreadsFromBytes: 0, windowBytes: 97 }),
        one,
        `${path}, 97-byte windows`,
      );
    }
  });

  it('reads a NUL byte inside a name or a skipped column as DuckDB does, on one thread or two', async () => {
    const path = tempCsv(
      'nul.csv',
      `${HEADER},notes\n${[
        '0,handTrack0000000000001,A,Al\u0000bum,Ti\u0000tle,50,200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.001,0.1,0.5,120.0,4,pop,x',
        '1,handTrack0000000000002,B,Album,Title,60,210000,True,0.4,0.7,2,-6.5,0,0.04,0.2,0.002,0.2,0.4,100.0,4,rock,no\u0000te',
      ].join('\n')}\n`,
    );
    const [direct, duckdb] = await bothReaders(path);
    assertSameTable(direct, duckdb);
    assert.deepEqual(direct.strings.track_name, ['Ti\u0000tle', 'Title']);
    const request = requestFor(path, [...HEADER.split(','), 'notes']);
    const one = readPlainCsv(request);
    for (const windowBytes of [undefined, 7, 97])
      assert.deepEqual(await readPlainCsvTwoThreads({ ...request, twoThreadsFromBytes: 0, windowBytes }), one, `window ${windowBytes}`);
  });

  it('on two threads, a bad number or a bad name declines the file as the one-pass reader does', async () => {
    const good = '0,handTrack0000000000001,A,B,C,50,200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.001,0.1,0.5,120.0,4,pop';
    const cases = {
      'a number the second thread parses': good.replace('0.6', '+0.6'),
      'an album the second thread encodes': good.replace(',B,', ',B"x,'),
      'a title this thread encodes': good.replace(',C,', ',C"x,'),
    };
    for (const [what, bad] of Object.entries(cases)) {
      const rows = Array.from({ length: 40 }, (_, i) => good.replace('handTrack0000000000001', `handTrack${String(i).padStart(13, '0')}`));
      rows[25] = bad;
      const path = tempCsv('bad.csv', `${HEADER}\n${rows.join('\n')}\n`);
      const request = requestFor(path, HEADER.split(','));
      assert.equal(readPlainCsv(request), null, what);
      assert.equal(await readPlainCsvTwoThreads({ ...request, twoThreadsFromBytes: 0 }), null, what);
    }
  });

  it('keeps every value whole across arena chunks, a value longer than a chunk included', async () => {
    // About 3 MB of distinct titles (the arena grows in 1 MiB chunks) and one title of 1.25 MB.
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const id = `handTrack${String(i).padStart(13, '0')}`;
      const title = i === 30_000 ? 'Long '.repeat(250_000) : `Title number ${i} ${'x'.repeat(i % 37)}`;
      rows.push(
        `${i},${id},Artist ${i % 500},Album ${i % 2000},${title},${i % 101},200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.001,0.1,0.5,120.0,4,pop`,
      );
    }
    const [direct, duckdb] = await bothReaders(tempCsv('chunks.csv', `${HEADER}\n${rows.join('\n')}\n`));
    assertSameTable(direct, duckdb);
    assert.equal(direct.stringValues.track_name.length, 60_000);
    assert.equal(direct.strings.track_name[30_000]?.length, 1_250_000);
  });

  it("reads the shared sample the same when a worker touches its columns' pages ahead of the parse", () => {
    const header = readFileSync(SAMPLE, 'utf8').split('\n', 1)[0]?.split(',') ?? [];
    const request = {
      path: SAMPLE,
      delimiter: ',',
      fields: header.length,
      positions: new Map(REQUIRED_COLUMNS.map((c) => [c, header.indexOf(c)] as [string, number]).filter(([, i]) => i >= 0)),
      noGenre: '(no genre)',
    };
    const touched = readPlainCsv({ ...request, touchPages: true });
    const plain = readPlainCsv({ ...request, touchPages: false });
    assert.ok(touched && plain);
    assert.ok(touched.numeric.energy.buffer instanceof SharedArrayBuffer, 'the touched path ran');
    assert.ok(!(plain.numeric.energy.buffer instanceof SharedArrayBuffer));
    assert.deepEqual(touched, plain);
  });

  it('reads quoting, escaped quotes, line breaks in names, CRLF, wide characters and long numbers as DuckDB does', async () => {
    const rows = [
      // A name with a comma and doubled quotes; the same album once quoted, once plain.
      '0,handTrack0000000000001,"Ana, Bo","Plain Album","Say ""Hi""",50,200000,True,0.5,0.6,1,-5.5,1,0.05,0.1,1.01e-06,0.1,0.5,120.0,4,pop',
      // A line break inside a quoted title; 17 significant digits; an exponent with a sign and capital E.
      '1,handTrack0000000000002,Cé Lou,Plain Album,"Two\nLines",0,1,FALSE,0.12345678901234567,1E-5,-1,-60.25,0,2.5e-1,0,0,0,1,0,0,rock',
      // CJK and an emoji; missing names (empty, and quoted empty) stay missing; booleans 1.0 / 0.0.
      '2,handTrack0000000000003,米津玄師,"",🎵 Ode,100,86400000,1.0,1,1,11,20,1,1,1,1,1,0,1000,7,j-pop',
      '3,handTrack0000000000004,,Album,Title,7,5,0.0,0,0,0,-0.5,0,0,0,0,0,0,0,3,pop',
      // The first track again, with another genre (a multi-genre track).
      '4,handTrack0000000000001,"Ana, Bo",Plain Album,"Say ""Hi""",50,200000,true,0.5,0.6,1,-5.5,1,0.05,0.1,1.01e-06,0.1,0.5,120.0,4,dance',
    ];
    const path = tempCsv('tricky.csv', `${HEADER}\r\n${rows.join('\r\n')}`); // CRLF, no final line break
    const [direct, duckdb] = await bothReaders(path);
    assertSameTable(direct, duckdb);
    assert.deepEqual(direct.strings.track_name, ['Say "Hi"', 'Two\nLines', '🎵 Ode', 'Title', 'Say "Hi"']);
    assert.equal(direct.numeric.danceability[1], Number('0.12345678901234567')); // JS's own correctly rounded parse
    assert.equal(direct.trackGroups, 4);
  });

  // Quoted multi-line lyrics, quoted commas and extra columns; CRLF line ends after a byte-order mark;
  // characters of 2 to 4 bytes in names and in a column the reader skips (cut in two by small windows).
  const wide = tempCsv(
    'wide.csv',
    `${HEADER},notes\n${[
      '0,handTrack0000000000001,Beyoncé,Café Tacvba,Ñandú,50,200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.001,0.1,0.5,120.0,4,pop,夜に駆ける 🎵',
      '1,handTrack0000000000002,米津玄師,"Lemon, 檸檬",Лимон,60,210000,True,0.4,0.7,2,-6.5,0,0.04,0.2,0.002,0.2,0.4,100.0,4,j-pop,"é, ü; 🎶"',
    ].join('\n')}\n`,
  );
  for (const path of [fixture('extra-columns-lyrics.csv'), fixture('bom-unnamed-crlf.csv'), wide])
    it(`reads ${basename(path)} the same when the read window cuts records at every position`, async () => {
      const [direct, duckdb] = await bothReaders(path);
      assertSameTable(direct, duckdb);
      const header = direct.header.map((h) => h.trim());
      const request = {
        path,
        delimiter: ',',
        fields: header.length,
        positions: new Map(REQUIRED_COLUMNS.map((c) => [c, header.indexOf(c)] as [string, number]).filter(([, i]) => i >= 0)),
        noGenre: '(no genre)',
      };
      const whole = readPlainCsv(request);
      assert.ok(whole);
      assert.deepEqual(whole.stringValues, direct.stringValues);
      for (let windowBytes = 2; windowBytes <= 300; windowBytes++) {
        const cut = readPlainCsv({ ...request, windowBytes });
        assert.deepEqual(cut, whole, `window of ${windowBytes} bytes`);
      }
    });

  // Each is valid for DuckDB but outside the direct reader's plain form, or invalid: the load must
  // come from DuckDB (or fail with its message), never from a direct read that guessed.
  const line = (cells: Record<number, string>) => {
    const base = '0,handTrack0000000000001,A,B,C,50,200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.001,0.1,0.5,120.0,4,pop'.split(',');
    for (const [i, v] of Object.entries(cells)) base[Number(i)] = v;
    return base.join(',');
  };
  const declined: [string, string, 'loads' | 'fails'][] = [
    ['a number with a plus sign', line({ 5: '+50' }), 'loads'],
    ['a number with spaces', line({ 8: ' 0.5 ' }), 'loads'],
    ['a quoted number', line({ 9: '"0.6"' }), 'loads'],
    ['a boolean with spaces', line({ 7: ' True' }), 'loads'],
    ['a digit separator', line({ 6: '200_000' }), 'fails'],
    ['an out-of-range value', line({ 5: '101' }), 'fails'],
    ['a fractional key', line({ 10: '1.5' }), 'fails'],
    ['NaN', line({ 8: 'nan' }), 'fails'],
    ['a blank track id', line({ 1: ' ' }), 'fails'],
    ['a ragged row', `${line({})},extra`, 'fails'],
  ];
  for (const [what, row, outcome] of declined) {
    it(`leaves ${what} to DuckDB`, async () => {
      const path = tempCsv('declined.csv', `${HEADER}\n${row}\n`);
      if (outcome === 'fails') {
        await assert.rejects(loadRawTable(path), InputError);
        return;
      }
      const [auto, duckdb] = [await loadRawTable(path), await loadRawTable(path, { reader: 'duckdb' })];
      assert.equal(auto.reader, 'duckdb');
      assert.deepEqual(auto.numeric, duckdb.numeric);
    });
  }

  const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261201);
  it(`agrees with DuckDB on 150 randomly damaged files (seed ${FUZZ_SEED}): the same table, or the same refusal`, async () => {
    const random = seededRandom(FUZZ_SEED);
    const bases = ['kaggle.csv', 'extra-columns-lyrics.csv', 'bom-unnamed-crlf.csv'].map((f) => readFileSync(fixture(f), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'plain-csv-fuzz-'));
    let direct = 0;
    for (let c = 0; c < 150; c++) {
      let text = pick(bases, random);
      const steps = 1 + Math.floor(random() * 2);
      for (let s = 0; s < steps; s++) text = pick(MUTATIONS, random)(text, random);
      const path = join(dir, `case${c}.csv`);
      writeFileSync(path, text);
      const outcome = async (reader: 'auto' | 'duckdb') =>
        loadRawTable(path, { reader }).catch((error: Error) => {
          assert.ok(error instanceof InputError, `case ${c}: ${error.stack}\n${JSON.stringify(text)}`);
          return error.message;
        });
      const [auto, duckdb] = [await outcome('auto'), await outcome('duckdb')];
      if (typeof auto === 'string' || typeof duckdb === 'string') {
        assert.equal(auto, duckdb, `case ${c}: ${JSON.stringify(text)}`);
        continue;
      }
      if (auto.reader === 'direct') direct++;
      assertSameTable(auto, duckdb, [auto.reader, 'duckdb']);
    }
    assert.ok(direct >= 10, `only ${direct} damaged files were still plain enough to read directly`);
  });

  it('leaves invalid UTF-8 to DuckDB, which names it', async () => {
    const path = tempCsv('latin1.csv', Buffer.from(`${HEADER}\n${line({ 2: 'Beyonc\u00e9' })}\n`, 'latin1'));
    await assert.rejects(loadRawTable(path), /UTF-8/);
  });
});
