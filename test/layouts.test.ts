import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { genresOf } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { artistsFromPythonList, detectLayout, parseColumnMap } from '../src/data/layouts.js';
import { Engine } from '../src/engine/engine.js';
import { fixture, runCli } from './helpers.js';

/** pandas' counts for a file: rows read, then rows with every name present, then one per id. */
function pandasCounts(file: string, id: string, names: string[]): { rows: number; tracks: number } | undefined {
  const script = [
    'import json, sys',
    'import pandas as pd',
    'df = pd.read_csv(sys.argv[1])',
    'named = df.dropna(subset=sys.argv[3].split(","))',
    'print(json.dumps({"rows": len(df), "tracks": len(named.drop_duplicates(subset=sys.argv[2], keep="first"))}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, file, id, names.join(',')], { encoding: 'utf8' });
  if (run.status !== 0) return undefined; // no python3 with pandas here: the hand counts below still hold
  return JSON.parse(run.stdout) as { rows: number; tracks: number };
}

const LAYOUTS = [
  {
    file: 'layouts/tidytuesday_spotify_songs.csv',
    id: 'track_id',
    names: ['track_name', 'track_artist', 'track_album_name'],
    // 8 rows; the one without names is dropped; two tracks sit in two playlists each.
    rows: 8,
    tracks: 5,
    absent: ['explicit', 'time_signature'],
  },
  {
    file: 'layouts/tracks_600k.csv',
    id: 'id',
    names: ['name', 'artists'],
    rows: 6,
    tracks: 5,
    absent: ['album_name', 'track_genre'],
  },
  {
    file: 'layouts/SpotifyFeatures.csv',
    id: 'track_id',
    names: ['track_name', 'artist_name'],
    rows: 6,
    tracks: 5,
    absent: ['album_name', 'explicit'],
  },
];

describe('the other public exports, recognised from their headers', () => {
  for (const layout of LAYOUTS) {
    it(`${layout.file}: pandas' row and track counts, the columns it lacks named`, async () => {
      const loaded = await loadCatalog(fixture(layout.file));
      assert.equal(loaded.stats.rows, layout.rows);
      assert.equal(loaded.stats.tracks, layout.tracks);
      const pandas = pandasCounts(fixture(layout.file), layout.id, layout.names);
      if (pandas) assert.deepEqual({ rows: loaded.stats.rows, tracks: loaded.stats.tracks }, pandas);
      assert.deepEqual(loaded.raw.absentColumns, layout.absent);
      assert.deepEqual(loaded.catalog.absentColumns, layout.absent);
    });

    it(`${layout.file}: explore runs from the CLI`, () => {
      const run = runCli(['explore', '--data', fixture(layout.file), '--json']);
      assert.equal(run.code, 0, run.stderr);
      const exploration = JSON.parse(run.stdout);
      assert.equal(exploration.tracks, layout.tracks);
      assert.deepEqual(exploration.absentColumns, layout.absent);
    });
  }

  it('TidyTuesday: a track in several playlists keeps every playlist genre; --genre-column picks the subgenres', async () => {
    const loaded = await loadCatalog(fixture('layouts/tidytuesday_spotify_songs.csv'));
    const { catalog } = loaded;
    const t = catalog.trackIndex.get('6f807x0ima9a1j3VPbc7VN') as number;
    assert.deepEqual(genresOf(catalog, t), ['pop', 'edm']);
    assert.equal(catalog.artists[t], 'Ed Sheeran');
    assert.equal(catalog.numeric.popularity[t], 66);
    assert.equal(catalog.albumName[t], "I Don't Care (with Justin Bieber) [Loud Luxury Remix]");
    const both = catalog.trackIndex.get('1z1Hg7Vb0AhHDiEmnDE79l') as number;
    assert.deepEqual(genresOf(catalog, both), ['pop']); // two pop playlists: one genre
    const sub = await loadCatalog(fixture('layouts/tidytuesday_spotify_songs.csv'), { genreColumn: 'playlist_subgenre' });
    assert.deepEqual(sub.catalog.genreNames, ['dance pop', 'electro house', 'electropop', 'reggaeton']);
    assert.deepEqual(genresOf(sub.catalog, sub.catalog.trackIndex.get('1z1Hg7Vb0AhHDiEmnDE79l') as number), ['dance pop', 'electropop']);
  });

  it('600k tracks: artists from a Python list (quotes of both kinds), explicit 0/1, no album is not a missing name', async () => {
    const { catalog, stats } = await loadCatalog(fixture('layouts/tracks_600k.csv'));
    const t = catalog.trackIndex.get('07A5yehtSnoedViJAZkNnc') as number;
    assert.equal(catalog.artists[t], "Ignacio Corsini;Guns N' Roses");
    assert.equal(catalog.mainArtist[t], 'Ignacio Corsini');
    assert.equal(catalog.trackName[t], 'Vivo para Quererte - Remasterizado');
    assert.equal(catalog.explicit[catalog.trackIndex.get('7lPN2DXiMsVn7XUKtOW1CS') as number], 1);
    assert.equal(stats.missingNameRows, 1); // the row without a name; no row is dropped for its (absent) album
    assert.equal(catalog.trackIndex.has('handMade600k0000000005'), false);
  });

  it('Ultimate Spotify Tracks DB: BOM, note names, Major/Minor, 4/4, a track in two genres', async () => {
    const { catalog, raw } = await loadCatalog(fixture('layouts/SpotifyFeatures.csv'));
    assert.equal(raw.header[0], 'genre');
    const at = (id: string) => catalog.trackIndex.get(id) as number;
    assert.deepEqual(
      [
        '0BRjO6ga9RKCKjfDqeFgWV',
        '0BjC1NfoEOOusryehmNudP',
        '0CoSDzoNIKCRs124s9uTVy',
        '1ZtY5vBu2xuLNvM6Ny7Kx4',
        '2AtD4xkRpDdpLvAtaKSR5i',
      ].map((id) => [catalog.numeric.key[at(id)], catalog.numeric.mode[at(id)], catalog.numeric.time_signature[at(id)]]),
      [
        [1, 1, 4], // C#, Major, 4/4
        [6, 0, 4], // F#, Minor
        [0, 0, 5], // C, 5/4
        [10, 1, 3], // A#, 3/4
        [2, 0, 4], // D
      ],
    );
    assert.deepEqual(genresOf(catalog, at('0BjC1NfoEOOusryehmNudP')), ['Movie', 'R&B']);
    assert.equal(catalog.trackName[at('1ZtY5vBu2xuLNvM6Ny7Kx4')], 'Rigoletto: "La donna è mobile"');
  });

  it('a wrong note name is reported with its line and value as written', async () => {
    const { writeFileSync, readFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'layout-')), 'SpotifyFeatures.csv');
    writeFileSync(path, readFileSync(fixture('layouts/SpotifyFeatures.csv'), 'utf8').replace(',A#,', ',H,'));
    await assert.rejects(loadCatalog(path), /line 6, column key: "H": not a number/);
  });

  it('without genres: no classification or per-genre drivers, each with a clear message; recommend and emerging work', async () => {
    const loaded = await loadCatalog(fixture('layouts/tracks_600k.csv'));
    const engine = Engine.fromLoaded(loaded);
    await assert.rejects(engine.genreModel(), /genre classification is unavailable: this catalogue's export has no track_genre column/);
    assert.throws(() => engine.driversFor('primary'), /per-genre popularity drivers is unavailable/);
    const { buildServer } = await import('../src/server/app.js');
    const app = buildServer({ engine, source: 'tracks_600k.csv', webRoot: fixture('layouts') });
    const classify = await app.inject({ method: 'POST', url: '/api/classify', payload: { danceability: 0.5 } });
    assert.equal(classify.statusCode, 400);
    assert.match(classify.json().message, /genre classification is unavailable/);
    const recommendApi = await app.inject({ method: 'GET', url: '/api/recommend?like=acoustic&limit=1' });
    assert.equal(recommendApi.statusCode, 200, recommendApi.body);
    await app.close();
    const run = runCli(['classify', 'evaluate', '--data', fixture('layouts/tracks_600k.csv')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /genre classification is unavailable/);
    const recommended = runCli(['recommend', '--data', fixture('layouts/tracks_600k.csv'), '--like', 'acoustic', '--json']);
    assert.equal(recommended.code, 0, recommended.stderr);
    // "acoustic" is a single-feature target: the first result is the track whose acousticness (as
    // written in the fixture) is nearest the target the answer reports.
    const answer = JSON.parse(recommended.stdout);
    const target = answer.targets[0].value as number;
    const acousticness: Record<string, number> = {
      '35iwgR4jXetI318WEWsa1Q': 0.674,
      '021ht4sdgPcrDgSk7JTbKY': 0.797,
      '07A5yehtSnoedViJAZkNnc': 0.994,
      handMade600k0000000004: 0.995,
      '7lPN2DXiMsVn7XUKtOW1CS': 0.721,
    };
    const nearest = Object.keys(acousticness).reduce((a, b) =>
      Math.abs((acousticness[a] as number) - target) <= Math.abs((acousticness[b] as number) - target) ? a : b,
    );
    assert.equal(answer.results[0].trackId, nearest);
    assert.equal(answer.results[0].albumName, '');
    const emerging = runCli(['emerging', '--data', fixture('layouts/tracks_600k.csv'), '--min-pop', '0', '--max-pop', '100', '--json']);
    assert.equal(emerging.code, 0, emerging.stderr);
  });

  it('--columns maps a renamed export; unknown names and bad pairs are refused', async () => {
    assert.deepEqual(parseColumnMap('artists=artist_name, track_genre=genre'), { artists: 'artist_name', track_genre: 'genre' });
    assert.throws(() => parseColumnMap('singer=artist_name'), /unknown column "singer"/);
    assert.throws(() => parseColumnMap('artists'), /expected ours=theirs/);
    const header = ['song_id', 'artists', 'album_name', 'track_name', 'popularity', 'duration_ms', 'explicit', 'danceability'];
    assert.equal(detectLayout(header, { columns: { track_id: 'song_id' } }).columns.track_id, 'song_id');
    assert.equal(artistsFromPythonList("['A', \"B's\", 'C']"), "A;B's;C");
    assert.equal(artistsFromPythonList('Plain Name'), 'Plain Name');
  });
});
