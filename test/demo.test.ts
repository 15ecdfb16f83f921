/**
 * The demo excerpt (examples/demo_tracks.csv): what it holds, that the committed script makes exactly it,
 * and that the CLI falls back to it from any folder without data and says so.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { csvFields, csvRecords, demoExcerpt } from '../scripts/makeDemo.js';
import { DEMO_DATA_PATH, resolveDataPath } from '../src/data/dataPath.js';
import { ROOT, runCli, SAMPLE } from './helpers.js';

const DEMO = resolve(ROOT, 'examples/demo_tracks.csv');

test('the demo is a small excerpt over all 114 genres, one row per track, rows verbatim from the sample', () => {
  assert.equal(DEMO_DATA_PATH, DEMO, 'resolved beside the package');
  const text = readFileSync(DEMO, 'utf8');
  assert.ok(statSync(DEMO).size < 600 * 1024, `${statSync(DEMO).size} bytes`);
  const [header, ...rows] = csvRecords(text).filter((r) => r !== '');
  assert.ok(rows.length <= 3000 && rows.length >= 2500, `${rows.length} rows`);
  const columns = csvFields(header as string);
  const perGenre = new Map<string, number>();
  const ids = new Set<string>();
  for (const row of rows) {
    const fields = csvFields(row);
    assert.equal(fields.length, columns.length);
    const genre = fields[columns.indexOf('track_genre')] as string;
    perGenre.set(genre, (perGenre.get(genre) ?? 0) + 1);
    ids.add(fields[columns.indexOf('track_id')] as string);
  }
  assert.equal(perGenre.size, 114);
  assert.equal(ids.size, rows.length, 'one row per track_id');
  const counts = [...perGenre.values()];
  assert.ok(Math.min(...counts) >= 20, `smallest genre ${Math.min(...counts)}`);
  // At least half the genres reach the drivers' minimum of 31 tracks.
  assert.ok(counts.filter((n) => n >= 31).length >= 57);

  const sample = readFileSync(SAMPLE, 'utf8');
  const sampleRows = new Set(csvRecords(sample));
  assert.equal(header, csvRecords(sample)[0], 'the same header');
  assert.deepEqual(
    rows.filter((r) => !sampleRows.has(r)),
    [],
    'every row is a row of the sample, byte for byte',
  );
  // The committed file is the seeded script's output (regenerating it changes nothing).
  const made = demoExcerpt(sample);
  assert.equal(`${[made.header, ...made.records].join('\n')}\n`, text);
});

test('with no --data, no $SPOTIFY_INTEL_DATA and no default file, the data is the demo', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'spotify-intel-nodata-'));
  const here = process.cwd();
  try {
    process.chdir(cwd);
    assert.equal(resolveDataPath(undefined, {}), DEMO);
    assert.equal(resolveDataPath('mine.csv', {}), 'mine.csv');
    assert.equal(resolveDataPath(undefined, { SPOTIFY_INTEL_DATA: 'env.csv' }), 'env.csv');
  } finally {
    process.chdir(here);
  }
});

test('report runs on the demo from a folder without ../shared or data/, says so, and writes under out/', () => {
  const cwd = join(mkdtempSync(join(tmpdir(), 'spotify-intel-clone-')), 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  assert.ok(!existsSync(join(cwd, '../shared')) && !existsSync(join(cwd, 'data')));
  const run = runCli(['report', '--trees', '10', '--boosting-rounds', '5'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /using the demo excerpt \(3,000 tracks, examples\/demo_tracks\.csv\)/);
  assert.match(run.stderr, /data\/dataset\.csv/, 'says where the full file goes');
  assert.match(run.stderr, /next: open .*report\.html.*npx spotify-intel serve.*http:\/\/127\.0\.0\.1:8080\//);
  const html = join(cwd, 'out/report/report.html');
  assert.deepEqual(run.stdout.trim().split('\n'), ['out/report/report.html', 'out/report/report.json']);
  assert.ok(existsSync(html));
  const report = JSON.parse(readFileSync(join(cwd, 'out/report/report.json'), 'utf8')) as { source: unknown };
  assert.match(JSON.stringify(report.source), /demo_tracks\.csv/);
});

test('on the demo, emerging says there is no growth evidence and drivers fits the genres with 31+ tracks', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'spotify-intel-clone-'));
  const emerging = runCli(['emerging', '--json'], { cwd });
  assert.equal(emerging.code, 0, emerging.stderr);
  const answer = JSON.parse(emerging.stdout) as { evidence: unknown; tracks: { tracks: unknown[] } | unknown };
  assert.equal(answer.evidence, null);
  const drivers = runCli(['drivers', '--json'], { cwd });
  assert.equal(drivers.code, 0, drivers.stderr);
  const fitted = JSON.parse(drivers.stdout) as { genres: { n: number }[]; skipped: unknown[] };
  assert.equal(fitted.genres.length, 60);
  assert.ok(fitted.genres.every((g) => g.n >= 31));
  assert.equal(fitted.skipped.length, 54);
});
