import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadCatalog } from '../src/data/index.js';
import { emergingAnswer } from '../src/discover/answer.js';
import { parseApproximateDate } from '../src/discover/approxDate.js';
import { runBacktest } from '../src/discover/backtest.js';
import { fitGrowthEvidence, peerExpectations } from '../src/discover/growth.js';
import { trainHitModel } from '../src/discover/hitLikeness.js';
import { emergingRequestFromParams } from '../src/discover/params.js';
import { DEFAULT_EXCLUDED_GENRES, isHolidayTitle, isRetrospectiveAlbum } from '../src/discover/scoutFilters.js';
import { joinSnapshots } from '../src/discover/snapshotJoin.js';
import { loadSnapshotFile, loadSnapshots, resolveSnapshotPaths } from '../src/discover/snapshots.js';
import { assertClose, fixture, REFERENCE, ROOT, runCli, SAMPLE } from './helpers.js';

const SNAPSHOTS = resolve(ROOT, '../shared/data/spotify_earlier_snapshots.csv');
const { catalog } = await loadCatalog(SAMPLE);
const files = await loadSnapshots([SNAPSHOTS]);
const evidence = fitGrowthEvidence(catalog, files);
const hitModel = trainHitModel(catalog);

/**
 * Hand-written snapshot files, written at run time: the ids of four catalogue tracks (the first four of
 * the sample, read from ../shared, never committed) and one id the catalogue lacks.
 */
const [idA, idB, idC, idLater] = catalog.trackId.slice(0, 4) as [string, string, string, string];
const snapshotDir = mkdtempSync(join(tmpdir(), 'snapshots-hand-'));
const SMALL = join(snapshotDir, 'snapshots-small.csv');
const UNDATED = join(snapshotDir, 'snapshots-undated.csv');
writeFileSync(
  SMALL,
  [
    'track_id,source,snapshot,popularity,release_date',
    `${idA},a,~2019,60,2016-01-15`,
    `${idA},b,~2021-10..12,70,`,
    `${idA},c,2023-01-05,80,`,
    `${idB},a,~2020-05/06,40,3/21/1958`,
    `${idB},b,~2020-05/06,42,0`,
    `${idC},a,2020-01,50,2019-11`,
    'NOT_IN_CATALOGUE_ID_0001,a,~2020-01,33,',
    'NOT_IN_CATALOGUE_ID_0001,b,~2021-04,35,',
    `${idLater},a,2022-11,81,`,
  ].join('\n'),
);
writeFileSync(UNDATED, ['track_id,popularity', `${idB},30`, `${idC},20`].join('\n'));

/** Decimal year of a UTC instant, computed the plain way. */
function decimal(year: number, month: number, day: number, hours = 0): number {
  const start = Date.UTC(year, 0, 1);
  return year + (Date.UTC(year, month - 1, day, hours) - start) / (Date.UTC(year + 1, 0, 1) - start);
}

describe('approximate dates', () => {
  it('read as the midpoint of the range they name', () => {
    const year = (text: string) => {
      const parsed = parseApproximateDate(text);
      assert.notEqual(typeof parsed, 'string', text);
      return (parsed as { year: number }).year;
    };
    assertClose(year('~2019'), decimal(2019, 7, 2, 12), 1e-12, '~2019 = noon 2 July 2019');
    assertClose(year('~2019'), 2019.5, 1e-12, '~2019');
    assertClose(year('~2020-05/06'), decimal(2020, 5, 31, 12), 1e-12, '~2020-05/06 = noon 31 May 2020 (30.5 of the 61 days from 1 May)');
    // October 1 to January 1 is 92 days: the midpoint is 46 days after October 1, i.e. 16 November.
    assertClose(year('~2021-10..12'), decimal(2021, 11, 16), 1e-12, '~2021-10..12');
    assertClose(year('2022-10'), decimal(2022, 10, 16, 12), 1e-12, '2022-10 = middle of October (31 days)');
    assertClose(year('~2020-01'), decimal(2020, 1, 16, 12), 1e-12, '~2020-01');
    assertClose(year('2020-03-27'), decimal(2020, 3, 27, 12), 1e-12, 'a day is its noon');
    assert.equal(year('3/27/2020'), year('2020-03-27'), 'M/D/YYYY as US spreadsheets write it');
    assert.equal(year(' ~ 2021-04 '), year('2021-04'), 'the ~ marks an approximation; the value is the same midpoint');
  });

  it('refuse what is not a date, with the reason', () => {
    for (const [text, reason] of [
      ['2020-13', /month 13/],
      ['2021-02-30', /day 30 does not exist in 2021-02/],
      ['~2021-12..10', /runs backwards/],
      ['27/3/2020', /month 27/],
      ['1850', /outside 1900-2100/],
      ['spring 2020', /not a date/],
      ['', /not a date/],
    ] as const) {
      const parsed = parseApproximateDate(text);
      assert.equal(typeof parsed, 'string', text);
      assert.match(parsed as string, reason, text);
    }
  });
});

describe('snapshots as input', () => {
  it('a hand-written file joins as computed by hand: newest earlier value, ties to the later row, counts of what is left out', async () => {
    const small = await loadSnapshotFile(SMALL);
    const join = joinSnapshots(catalog, [small]);
    assert.equal(join.rows, 9);
    assert.equal(join.distinctIds, 5);
    assert.equal(join.matchedIds, 4);
    assert.equal(join.unmatchedIds, 1);
    assert.deepEqual(join.unmatchedExamples, ['NOT_IN_CATALOGUE_ID_0001']);
    assert.equal(join.rowsNotEarlier, 2, 'the 2023 row and the 2022-11 row are not before 2022-10');
    assert.equal(join.matchedWithoutEarlier, 1, 'idLater has only a later row');
    assert.equal(join.pairs.size, 3);
    const pair = (id: string) => {
      const i = Array.from(join.pairs.track).findIndex((t) => catalog.trackId[t] === id);
      assert.ok(i >= 0, id);
      return {
        earlier: join.pairs.earlier[i],
        now: join.pairs.now[i],
        date: join.pairs.earlierDate[i],
        years: join.pairs.years[i],
        release: join.pairs.releaseDate[i],
        origin: join.pairs.origin[i],
      };
    };
    const a = pair(idA);
    assert.equal(a.earlier, 70, 'the ~2021-10..12 value is the newest before 2022-10');
    assert.equal(a.now, catalog.numeric.popularity[0], "today's popularity is the catalogue's");
    assert.equal(a.origin, 'b');
    assertClose(a.date as number, decimal(2021, 11, 16), 1e-12, 'date');
    assertClose(a.years as number, decimal(2022, 10, 16, 12) - decimal(2021, 11, 16), 1e-12, 'years between');
    assertClose(a.release as number, decimal(2016, 1, 15, 12), 1e-12, 'release date from the row that has one');
    const b = pair(idB);
    assert.equal(b.earlier, 42, 'two rows on the same date: the later row');
    assertClose(b.release as number, decimal(1958, 3, 21, 12), 1e-12, 'M/D/YYYY release; 0 = unknown');
    assert.equal(pair(idC).earlier, 50);

    // Undated rows count only where a track has no dated one.
    const undated = await loadSnapshotFile(UNDATED);
    assert.equal(undated.hasDates, false);
    const both = joinSnapshots(catalog, [small, undated]);
    assert.equal(both.pairs.size, 3);
    const alone = joinSnapshots(catalog, [undated]);
    assert.equal(alone.pairs.size, 2);
    assert.ok(Array.from(alone.pairs.years).every(Number.isNaN));
    assert.equal(both.pairs.earlier[Array.from(both.pairs.track).findIndex((t) => catalog.trackId[t] === idB)], 42, 'dated wins');
  });

  it('the shared file joins as an independent plain-text computation finds', () => {
    // Independent: split the CSV by hand (it has no quoted fields) and order the five snapshot labels by hand.
    const order = ['~2019', '~2020-01', '~2020-05/06', '~2021-04', '~2021-10..12'];
    const lines = readFileSync(SNAPSHOTS, 'utf8').trim().split(/\r?\n/).slice(1);
    const catalogIds = new Set(catalog.trackId);
    const newest = new Map<string, { rank: number; popularity: number }>();
    const ids = new Set<string>();
    for (const line of lines) {
      const [id, , snapshot, popularity] = line.split(',') as [string, string, string, string];
      ids.add(id);
      const rank = order.indexOf(snapshot);
      assert.ok(rank >= 0, snapshot);
      const current = newest.get(id);
      if (!current || rank >= current.rank) newest.set(id, { rank, popularity: Number(popularity) });
    }
    const matched = [...ids].filter((id) => catalogIds.has(id));
    const join = evidence.join;
    assert.equal(join.rows, lines.length);
    assert.equal(join.distinctIds, ids.size);
    assert.equal(join.matchedIds, matched.length);
    assert.equal(join.unmatchedIds, ids.size - matched.length);
    assert.equal(join.pairs.size, matched.length);
    for (let i = 0; i < join.pairs.size; i++) {
      const id = catalog.trackId[join.pairs.track[i] as number] as string;
      assert.equal(join.pairs.earlier[i], newest.get(id)?.popularity, id);
    }
    // The numbers SNAPSHOTS.md states for this file.
    assert.equal(join.pairs.size, 2577);
    let up = 0;
    let down = 0;
    let window = 0;
    let risers = 0;
    for (let i = 0; i < join.pairs.size; i++) {
      const change = (join.pairs.now[i] as number) - (join.pairs.earlier[i] as number);
      if (change >= 10) up++;
      if (change <= -10) down++;
      const e = join.pairs.earlier[i] as number;
      if (e >= 40 && e <= 70) {
        window++;
        if (change >= 10) risers++;
      }
    }
    assert.deepEqual([up, down, window, risers], [141, 109, 1473, 107]);
  });

  it('bad files are refused with the file, line, column and reason', async () => {
    await assert.rejects(loadSnapshotFile(fixture('snapshots-bad.csv')), (error: Error) => {
      assert.match(error.message, /snapshots-bad\.csv: 4 rows have invalid values/);
      assert.match(error.message, /line 2, column popularity: "101": out of range/);
      assert.match(error.message, /line 3, column snapshot: "~2020-13": month 13 is not 1-12/);
      assert.match(error.message, /line 4, column track_id: \(empty\): missing value/);
      assert.match(error.message, /line 5, column release_date: "2021-02-30": day 30 does not exist/);
      return error.name === 'InputError';
    });
    await assert.rejects(loadSnapshotFile(fixture('snapshots-no-popularity.csv')), /missing required column: popularity/);
    await assert.rejects(loadSnapshotFile(fixture('nope.csv')), /no such file/);
    const cli = runCli(['emerging', '--data', SAMPLE, '--previous', fixture('snapshots-bad.csv')]);
    assert.equal(cli.code, 2, cli.stderr);
    assert.match(cli.stderr, /snapshots-bad\.csv: 4 rows have invalid values:\n {2}line 2, column popularity/);
    const env = runCli(['emerging', 'backtest', '--data', SAMPLE], {
      env: { SPOTIFY_INTEL_PREVIOUS: fixture('snapshots-no-popularity.csv') },
    });
    assert.equal(env.code, 2, 'the environment variable names the file');
    assert.match(env.stderr, /snapshots-no-popularity\.csv: missing required column/);
  });

  it('reads Parquet as it reads CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshots-'));
    const parquet = join(dir, 'small.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_csv('${SMALL}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const fromCsv = await loadSnapshotFile(SMALL);
    const fromParquet = await loadSnapshotFile(parquet);
    assert.deepEqual({ ...fromParquet, path: '' }, { ...fromCsv, path: '' });
  });

  it('resolves files like --data: option, then $SPOTIFY_INTEL_PREVIOUS, then the shared file', () => {
    assert.deepEqual(resolveSnapshotPaths(['a.csv', 'b.csv'], { SPOTIFY_INTEL_PREVIOUS: 'c.csv' }), ['a.csv', 'b.csv']);
    assert.deepEqual(resolveSnapshotPaths(undefined, { SPOTIFY_INTEL_PREVIOUS: 'c.csv:d.parquet' }), ['c.csv', 'd.parquet']);
    const cwd = process.cwd();
    try {
      process.chdir(ROOT);
      assert.deepEqual(resolveSnapshotPaths(undefined, {}), ['../shared/data/spotify_earlier_snapshots.csv']);
      process.chdir('/');
      assert.deepEqual(resolveSnapshotPaths(undefined, {}), []);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('rising now', () => {
  it('peers: the leave-one-out mean change of pairs within the band, widened until there are enough', () => {
    const earlier = Float64Array.from([40, 40, 41, 43, 50, 60]);
    const change = Float64Array.from([10, 0, 4, -2, 6, -8]);
    const years = Float64Array.from([2, 2, 1, 1, 2, Number.NaN]);
    const { peerChange, peerChangePerYear, peerBand } = peerExpectations(earlier, change, years, 2);
    // Pair 0 (40): band 1 holds 40 and 41 -> others: 0 and 4 -> mean 2; per year: 0/2 and 4/1 -> 2.
    assert.equal(peerBand[0], 1);
    assert.equal(peerChange[0], 2);
    assert.equal(peerChangePerYear[0], 2);
    // Pair 3 (43): band 2 holds 41 only (one peer), band 3 holds 40, 40, 41 -> (10 + 0 + 4) / 3.
    assert.equal(peerBand[3], 3);
    assertClose(peerChange[3] as number, 14 / 3, 1e-12, 'peers of 43');
    // Pair 5 (60, undated): band 10 reaches 50 only; band 17 reaches 43 -> (6 - 2) / 2.
    assert.equal(peerBand[5], 17);
    assert.equal(peerChange[5], 2);
  });

  it('lists tracks that beat their peers, on the real snapshots', () => {
    const answer = emergingAnswer(catalog, evidence, emergingRequestFromParams({ limit: '10' }, catalog.genreNames), hitModel);
    const rising = answer.risingNow;
    assert.ok(rising);
    assert.equal(rising.pairsInWindow, 1473);
    assert.equal(rising.tracks.length, 10);
    for (const [i, t] of rising.tracks.entries()) {
      assert.equal(t.change, t.popularity - t.earlierPopularity);
      assertClose(t.excessChange, t.change - t.peerChange, 1e-12, 'excess');
      assert.ok(t.earlierPopularity >= 40 && t.earlierPopularity <= 70);
      if (i > 0) assert.ok(t.excessChange <= (rising.tracks[i - 1]?.excessChange as number));
    }
    // The top track beat its peers by more than any other kept pair in the window.
    assert.ok((rising.tracks[0]?.excessChange as number) > 20);
    assert.ok(rising.artists.length > 0 && rising.artists.every((a) => a.tracks >= 1));
  });
});

describe('scout filters', () => {
  it('past hits: retrospective and reissue albums by whole words, a year compilation not one', () => {
    for (const album of [
      'Greatest Hits',
      'The Very Best Of Bonnie Tyler',
      'Dancing In The Moonlight: The Best Of Toploader',
      'The Essential Van Morrison',
      'Anthology',
      'Diva: The Singles Collection',
      'Nevermind (Remastered)',
      'Dirt (2022 Remaster)',
      'Hi Infidelity (30th Anniversary Edition)',
      'Número Uno: Best of Los Ángeles',
    ])
      assert.ok(isRetrospectiveAlbum(album), album);
    for (const album of [
      'Rock - Best of 2022',
      'Heartbreak Anniversary',
      'Hits Pop Rock',
      'Essentially Yours',
      'Bestial',
      'Remastering Love',
      'Magic Potion',
    ])
      assert.ok(!isRetrospectiveAlbum(album), album);
  });

  it('a song also on a greatest-hits album is a past hit, whatever date its own release carries', () => {
    // Ray Parker Jr.'s 1984 "Ghostbusters", dated 2016 by a soundtrack re-release, rose 53 -> 69; his
    // "Greatest Hits" holds the same song (another track id).
    const ghostbusters = catalog.trackIndex.get('3m0y8qLoznUYi73SUBP8GI') as number;
    const onGreatestHits = Array.from({ length: catalog.size }, (_, t) => t).filter(
      (t) => catalog.songCode[t] === catalog.songCode[ghostbusters] && catalog.albumName[t] === 'Greatest Hits',
    );
    assert.equal(onGreatestHits.length, 1);
    const rising = (params: Record<string, string>) =>
      (
        emergingAnswer(catalog, evidence, emergingRequestFromParams({ ...params, limit: '50' }, catalog.genreNames), hitModel).risingNow
          ?.tracks ?? []
      ).map((t) => t.trackId);
    assert.ok(!rising({}).includes('3m0y8qLoznUYi73SUBP8GI'), 'left out by default');
    assert.ok(rising({ include_past_hits: 'true' }).includes('3m0y8qLoznUYi73SUBP8GI'), 'kept when asked');
  });

  it('holiday titles by the documented words, as whole words, accents folded', () => {
    for (const title of [
      'Merry Christmas Everyone',
      'Jingle Bell Rock',
      'Feliz Navidad',
      'Petit Papa Noël',
      'Weihnachtslied',
      'Last Christmas - Remastered',
      'Christmastime Is Here',
      "Santa Claus Is Comin' to Town",
      'Mele Kalikimaka (A Xmas Song)',
    ])
      assert.ok(isHolidayTitle(title), title);
    for (const title of ['Holiday', 'Julia', 'Santa Monica', 'Noelle', 'Snowman and the Kiss']) assert.ok(!isHolidayTitle(title), title);
    assert.ok(isHolidayTitle('Blue', 'A Very Special Christmas'), 'the album name counts too');
  });

  it('the default top 10 of both lists has no excluded genre, no holiday title and no artist at the ceiling', () => {
    // Independent peak: the best popularity of any track whose artists field lists the artist.
    const peak = (artist: string) => {
      let best = 0;
      for (let t = 0; t < catalog.size; t++) {
        if ((catalog.artists[t] as string).split(';').includes(artist)) best = Math.max(best, catalog.numeric.popularity[t] as number);
      }
      return best;
    };
    const answer = emergingAnswer(catalog, evidence, emergingRequestFromParams({}, catalog.genreNames), hitModel);
    const lists = [answer.risingNow?.tracks ?? [], answer.likelyToRise?.tracks ?? [], answer.tracks];
    for (const list of lists) {
      assert.equal(list.length, 10);
      for (const t of list) {
        assert.ok(!t.genres.some((g) => DEFAULT_EXCLUDED_GENRES.includes(g)), `${t.trackName}: ${t.genres}`);
        assert.ok(!isHolidayTitle(t.trackName), t.trackName);
        assert.ok(peak(t.mainArtist) < 75, `${t.mainArtist} peaks at ${peak(t.mainArtist)}`);
      }
    }
    // Without filters the audio list holds what a scout would laugh at.
    const raw = emergingAnswer(catalog, null, emergingRequestFromParams({ notebook: 'true', limit: '50' }, catalog.genreNames));
    assert.ok(raw.tracks.some((t) => isHolidayTitle(t.trackName) || t.genres.some((g) => DEFAULT_EXCLUDED_GENRES.includes(g))));
    assert.equal(raw.note.startsWith('No growth evidence'), true);
  });

  it("the notebook's exact ranking stays reproducible with its flag", () => {
    const answer = emergingAnswer(catalog, evidence, emergingRequestFromParams({ notebook: 'true' }, catalog.genreNames));
    assert.equal(answer.poolSize, REFERENCE.emerging_pool_tracks);
    assert.deepEqual(
      answer.tracks.map((t) => t.trackId),
      (REFERENCE.emerging_top10_tracks as [string, number][]).map(([id]) => id),
    );
    assert.deepEqual(
      answer.artists.map((a) => a.artist),
      (REFERENCE.emerging_top10_artists_mean_score as [string, number][]).map(([a]) => a),
    );
  });

  it('genre exclusions are overridable and checked', () => {
    const none = emergingRequestFromParams(
      { exclude_genres: 'none', artist_ceiling: 'none', include_holiday: 'true', released_within: 'none', include_past_hits: 'true' },
      catalog.genreNames,
    );
    assert.equal(emergingRequestFromParams({}, catalog.genreNames).filters?.releasedWithinYears, 10, 'revivals out by default');
    assert.equal(emergingRequestFromParams({}, catalog.genreNames).filters?.excludePastHits, true, 'past hits out by default');
    assert.deepEqual(none.filters, {
      excludeGenres: [],
      excludeHoliday: false,
      artistCeiling: null,
      releasedWithinYears: null,
      excludePastHits: false,
    });
    const some = emergingRequestFromParams({ exclude_genres: 'Pop,rock', released_within: '5' }, catalog.genreNames);
    assert.deepEqual(some.filters?.excludeGenres, ['pop', 'rock']);
    assert.equal(some.filters?.releasedWithinYears, 5);
    assert.throws(
      () => emergingRequestFromParams({ exclude_genres: 'polka' }, catalog.genreNames),
      /exclude_genres: unknown genre "polka"/,
    );
    assert.throws(() => emergingRequestFromParams({ artist_ceiling: '120' }, catalog.genreNames), /artist_ceiling/);
  });

  it('release recency leaves out old releases where the date is known, and keeps unknown dates', () => {
    const recent = emergingAnswer(
      catalog,
      evidence,
      emergingRequestFromParams({ released_within: '5', list: 'rising', limit: '50' }, catalog.genreNames),
    );
    const rising = recent.risingNow?.tracks ?? [];
    assert.ok(rising.length > 0);
    assert.ok(
      rising.every((t) => t.releaseYear === null || t.releaseYear >= 2017),
      rising.map((t) => t.releaseYear).join(','),
    );
    assert.ok(
      rising.some((t) => t.releaseYear === null),
      'tracks of the undated 2019 source are kept',
    );
  });
});

describe('emerging backtest', () => {
  const backtest = runBacktest(catalog, evidence, { resamples: 200, seed: 7, hitModel });

  it('scores the window against what happened, with the numbers SNAPSHOTS.md states', () => {
    assert.equal(backtest.tracks, 1473);
    assert.equal(backtest.risers, 107);
    assertClose(backtest.baseRate, 107 / 1473, 1e-15, 'base rate');
    const row = (name: string) => backtest.rows.find((r) => r.name === name);
    assertClose(row('earlier popularity alone')?.auc.value as number, 0.645, 5e-4, 'earlier popularity alone AUC (SNAPSHOTS.md: 0.645)');
    assertClose(row('notebook heuristic')?.auc.value as number, 0.52, 5e-3, 'notebook heuristic AUC (SNAPSHOTS.md: 0.52)');
    assertClose(
      row('notebook heuristic')?.precision.find((p) => p.k === 100)?.estimate.value as number,
      0.06,
      1e-12,
      'notebook precision@100 (6%)',
    );
    assert.deepEqual(
      backtest.rows.filter((r) => r.default).map((r) => r.name),
      ['rise model (out-of-fold)'],
    );
    for (const r of backtest.rows) {
      assert.ok(r.auc.low <= r.auc.value && r.auc.value <= r.auc.high, `${r.name} AUC inside its interval`);
      if (r.aucVsEarlier)
        assertClose(r.aucVsEarlier.value, r.auc.value - (row('earlier popularity alone')?.auc.value as number), 1e-12, 'paired diff');
    }
    assert.equal(backtest.goals.length, 3);
  });

  it('intervals are reproducible with a seed and move with another', () => {
    const again = runBacktest(catalog, evidence, { resamples: 200, seed: 7, hitModel });
    assert.deepEqual(again, backtest);
    const other = runBacktest(catalog, evidence, { resamples: 200, seed: 8, hitModel });
    assert.notDeepEqual(
      other.rows.map((r) => r.auc.low),
      backtest.rows.map((r) => r.auc.low),
    );
    assert.deepEqual(
      other.rows.map((r) => r.auc.value).slice(0, 3),
      backtest.rows.map((r) => r.auc.value).slice(0, 3),
      'point estimates do not depend on the bootstrap',
    );
  });

  it('the CLI prints the table with the goals, and --json marks the default row', () => {
    const json = runCli(['emerging', 'backtest', '--data', SAMPLE, '--resamples', '100', '--json'], { cwd: ROOT });
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout);
    assert.equal(body.rows.filter((r: { default: boolean }) => r.default).length, 1);
    assert.equal(body.resamples, 100);
    const text = runCli(['emerging', 'backtest', '--data', SAMPLE, '--resamples', '100'], { cwd: ROOT });
    assert.match(text.stdout, /base rate 7\.3%/);
    assert.match(text.stdout, /rise model \(out-of-fold\) \(default\)/);
    assert.match(text.stdout, /Goals \(default row\):\n {2}\[(met|NOT met)\] precision@100 at least 2x the base rate/);
    const none = runCli(['emerging', 'backtest', '--data', SAMPLE, '--no-previous'], { cwd: ROOT });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /needs earlier popularity snapshots/);
  });
});

describe('spotify-intel emerging with and without snapshots', () => {
  it('says plainly when there is no growth evidence', () => {
    const out = runCli(['emerging', '--data', SAMPLE, '--no-previous', '--limit', '3'], { cwd: ROOT });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^No growth evidence/);
    assert.match(out.stdout, /notebook's audio heuristic/);
  });

  it('shows both lists from the shared snapshots by default', () => {
    const out = runCli(['emerging', '--data', SAMPLE, '--limit', '3'], { cwd: ROOT });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /RISING NOW/);
    assert.match(out.stdout, /LIKELY TO RISE \(a forecast\)/);
    assert.match(out.stdout, /2,577 matched, 0 unmatched/);
    const json = JSON.parse(runCli(['emerging', '--data', SAMPLE, '--json', '--list', 'likely', '--artists'], { cwd: ROOT }).stdout);
    assert.equal(json.risingNow, null);
    assert.equal(json.likelyToRise.tracks.length, 10);
    assert.equal(json.evidence.pairs, 2577);
  });
});
