import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, REFERENCE, ROOT, runCli, SAMPLE } from './helpers.js';

describe('spotify-intel explore', () => {
  it('--json prints the documented fields, matching the reference on the sample', () => {
    const { code, stdout, stderr } = runCli(['explore', '--data', SAMPLE, '--json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    for (const key of [
      'rows',
      'uniqueTrackIds',
      'duplicateRows',
      'conflictingPopularityTrackIds',
      'multiGenreTrackIds',
      'tracks',
      'artistRows',
      'cleaningLog',
      'describe',
      'genres',
      'topGenresByPopularity',
      'popularityHistogram',
      'correlation',
    ]) {
      assert.ok(key in out, key);
    }
    assert.equal(out.rows, REFERENCE.rows);
    assert.equal(out.tracks, REFERENCE.clean_tracks);
    assert.deepEqual(out.popularityHistogram, REFERENCE.popularity_histogram_20_bins_0_100_clean);
    assert.deepEqual(Object.keys(out.cleaningLog[0]), ['step', 'rowsIn', 'rowsOut', 'reason']);
    assert.equal(stderr, '', 'no progress output when stderr is not a terminal');
  });

  it('prints readable tables by default', () => {
    const { code, stdout } = runCli(['explore', '--data', fixture('kaggle.csv')]);
    assert.equal(code, 0);
    assert.match(stdout, /Cleaning log/);
    assert.match(stdout, /drop rows with missing names\s+5\s+4/);
    assert.match(stdout, /Top 10 genres by mean popularity/);
  });

  it('bad input exits 2 with the message on stderr', () => {
    const { code, stdout, stderr } = runCli(['explore', '--data', fixture('bad-values.csv')]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /line 3, column danceability: "abc": not a number/);
  });

  it('--on-invalid skip lists the skipped rows in the cleaning log', () => {
    const { code, stdout } = runCli(['explore', '--data', fixture('bad-values.csv'), '--on-invalid', 'skip', '--json']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.cleaningLog[0], {
      step: 'load',
      rowsIn: 4,
      rowsOut: 1,
      reason: 'rows with invalid values skipped (--on-invalid skip); each is listed with its line, column and value',
    });
    assert.equal(out.invalidRowList.length, 3);
  });

  it('an unknown option or bad option value exits 2', () => {
    assert.equal(runCli(['explore', '--bogus']).code, 2);
    assert.equal(runCli(['explore', '--on-invalid', 'maybe']).code, 2);
    assert.equal(runCli(['explore', '--data', fixture('kaggle.csv'), '--threads', '0']).code, 2);
  });

  it('without any data file, runs on the bundled demo and says where to get the Kaggle dataset', () => {
    const empty = mkdtempSync(join(tmpdir(), 'spotify-intel-'));
    const { code, stdout, stderr } = runCli(['explore', '--json'], { cwd: empty });
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).rows, 3000);
    assert.match(stderr, /using the demo excerpt/);
    assert.match(stderr, /Spotify Tracks Dataset/);
    assert.match(stderr, /data\/dataset\.csv/);
  });

  it('$SPOTIFY_INTEL_DATA is used when --data is absent', () => {
    const { code, stdout } = runCli(['explore', '--json'], { env: { SPOTIFY_INTEL_DATA: fixture('kaggle.csv') } });
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).tracks, 3);
  });
});

/** Four track ids of the sample (the first rows). */
const catalog4 = ['5SuOikwiRyPMVoIQDJUgSV', '4qPNDBW1i3p13qLCt0Ki3A', '6lfxq3CG4xtTiEg7opyCyx', '5vjLSffimiIP26QG5WcN2K'];

describe('spotify-intel recommend', () => {
  it('--plain --metric euclidean with the 9 notebook values equals scikit-learn', () => {
    const { code, stdout, stderr } = runCli([
      'recommend',
      '--data',
      SAMPLE,
      '--target',
      '0.8,0.9,-5.0,0.1,0.1,0.0,0.2,0.9,130',
      '--plain',
      '--metric',
      'euclidean',
      '--limit',
      '5',
      '--json',
    ]);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.deepEqual(
      out.results.map((r: { trackId: string }) => r.trackId),
      REFERENCE.notebook_example_top5_euclidean,
    );
    for (const key of ['poolSize', 'results']) assert.ok(key in out);
    for (const key of ['trackId', 'trackName', 'artists', 'genres', 'popularity', 'match', 'distance', 'url', 'explanation'])
      assert.ok(key in out.results[0], key);
  });

  it('--uris prints one spotify:track URI per line; --csv a header and rows', () => {
    const uris = runCli(['recommend', '--data', SAMPLE, '--like', 'happy, danceable', '--limit', '4', '--uris']);
    assert.equal(uris.code, 0, uris.stderr);
    const lines = uris.stdout.trim().split('\n');
    assert.equal(lines.length, 4);
    for (const line of lines) assert.match(line, /^spotify:track:[0-9A-Za-z]{22}$/);
    const csv = runCli(['recommend', '--data', SAMPLE, '--like', 'happy, danceable', '--limit', '4', '--csv']);
    assert.equal(csv.stdout.split('\n')[0], 'rank,track_id,track_name,artists,genres,popularity,match,url,reason');
  });

  it('--seed-artist seeds from an artist, --audio-only turns the blend off, and more than 5 seeds exit 2', () => {
    const artist = runCli(['recommend', '--data', SAMPLE, '--seed-artist', 'Jason Mraz', '--json']);
    assert.equal(artist.code, 0, artist.stderr);
    assert.deepEqual(JSON.parse(artist.stdout).seedArtists, ['Jason Mraz']);
    const audio = JSON.parse(runCli(['recommend', '--data', SAMPLE, '--seed', "Jason Mraz - I'm Yours", '--audio-only', '--json']).stdout);
    assert.equal(audio.blend, undefined);
    const six = ['--seed-artist', 'Jason Mraz', '--seed-artist', 'Billie Eilish', ...catalog4.flatMap((id) => ['--seed-track', id])];
    const tooMany = runCli(['recommend', '--data', SAMPLE, ...six]);
    assert.equal(tooMany.code, 2);
    assert.match(tooMany.stderr, /at most 5 seeds/);
  });

  it('recommend evaluate prints the tables and the goals', () => {
    const { code, stdout, stderr } = runCli(['recommend', 'evaluate', '--data', SAMPLE, '--queries', '12', '--classifier', 'rf', '--json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.catalogueSeeds.length, 4);
    assert.equal(out.catalogueSeeds[0].queries, 12);
    // The same-genre filter agrees by construction; our leakage is 0 by the song rule.
    assert.equal(out.catalogueSeeds[2].genreAgreement, 1);
    assert.equal(out.catalogueSeeds[3].leakage, 0);
    assert.equal(out.phrases[1].phrases, 50);
    assert.equal(out.goals.length, 9);
  });

  it('bad input exits 2', () => {
    assert.equal(runCli(['recommend', '--data', SAMPLE, '--like', 'groovy banana']).code, 2);
    assert.equal(runCli(['recommend', '--data', SAMPLE, '--like', 'happy', '--json', '--csv']).code, 2);
    assert.equal(runCli(['recommend', '--data', SAMPLE, '--target', 'energy=0.5', '--limit', '0']).code, 2);
  });
});

describe('CLI basics', () => {
  it('--version prints the version in package.json; the built entry point is executable (npx runs it)', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
    assert.ok((statSync(CLI).mode & 0o111) !== 0, 'dist/src/cli/main.js has its executable bit');
  });
});
