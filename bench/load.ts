/**
 * Load + clean, side by side in one run: spotify-intel (DuckDB reader + typed-array cleaning, then
 * the same file again from the catalogue cache), nodejs-polars (the anchor: read, drop missing names,
 * first row per track_id, 9 features to JS), DuckDB alone (read every column + window dedupe, no
 * transfer) and pandas read_csv + the notebook's cleaning, on the shared sample and on a generated
 * 1,000,000-row catalogue. Each runs in a fresh process, alternating, BENCH_RUNS times (default 3);
 * the tables show medians. Then the goals: the load ratios, a second `explore` end to end, and
 * `serve --workers 2` fitting one genre model in total.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { markdownTable, median, millionRowCatalogue, ROOT, SAMPLE } from './common.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLI = resolve(ROOT, 'dist/src/cli/main.js');

interface Run {
  seconds: number;
  peakRssMB: number;
  rows: number;
  tracks: number;
}

function runJson(command: string, args: string[]): Run {
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Run;
}

const node =
  (script: string, ...args: string[]) =>
  () =>
    runJson(process.execPath, [resolve(ROOT, 'dist/bench', script), ...args]);

interface Measured {
  seconds: number;
  peakMB: number;
  tracks: number;
}

function measure(contenders: Record<string, () => Run>): Record<string, Measured> {
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [name, run] of Object.entries(contenders)) runs[name]?.push(run());
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      { seconds: median(list.map((r) => r.seconds)), peakMB: median(list.map((r) => r.peakRssMB)), tracks: (list[0] as Run).tracks },
    ]),
  );
}

/** Wall time of one CLI run, start to exit. */
function timeCli(args: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  execFileSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 24,
  });
  return (performance.now() - start) / 1000;
}

/** Runs `serve --workers 2` until both workers are ready; returns its log. */
function serveTwoWorkers(data: string, cache: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--workers', '2', '--port', '0', '--data', data], {
      env: { ...process.env, SPOTIFY_INTEL_CACHE: cache },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      log += text;
      if ((log.match(/ ready: /g) ?? []).length >= 2) child.kill('SIGTERM');
    });
    child.once('exit', () => done(log));
    child.once('error', fail);
  });
}

async function main(): Promise<void> {
  const million = await millionRowCatalogue();
  const cache = mkdtempSync(join(tmpdir(), 'bench-load-cache-'));
  const rows: string[][] = [];
  const results: Record<string, Record<string, Measured>> = {};
  for (const [label, file] of [
    ['sample (24,616 rows)', SAMPLE],
    ['generated (1,000,000 rows)', million],
  ] as const) {
    runJson(process.execPath, [resolve(ROOT, 'dist/bench/loadClean.js'), file, cache]); // fills the cache for the cached row
    const measured = measure({
      'spotify-intel (parse + clean)': node('loadClean.js', file),
      'spotify-intel (from the cache)': node('loadCached.js', file, cache),
      'nodejs-polars 0.25.2': node('loadPolars.js', file),
      'DuckDB alone (no transfer)': node('loadDuckdb.js', file),
      'pandas + notebook cleaning': () => runJson('/usr/bin/python3', [resolve(ROOT, 'bench/load_clean_pandas.py'), file]),
    });
    results[label] = measured;
    const tracks = new Set(Object.values(measured).map((m) => m.tracks));
    if (tracks.size !== 1) throw new Error(`track counts differ on ${label}: ${JSON.stringify(measured)}`);
    const pandas = measured['pandas + notebook cleaning'] as Measured;
    for (const [name, m] of Object.entries(measured)) {
      rows.push([
        label,
        name,
        m.tracks.toLocaleString('en-US'),
        m.seconds.toFixed(2),
        `${(pandas.seconds / m.seconds).toFixed(2)}x`,
        m.peakMB.toFixed(0),
      ]);
    }
  }
  process.stdout.write(`\nLoad + clean, median of ${RUNS} run${RUNS > 1 ? 's' : ''} each (fresh process per run, alternating)\n`);
  process.stdout.write(markdownTable(['catalogue', 'reader', 'tracks', 'seconds', 'vs pandas', 'peak MB'], rows));

  // A second `explore` on the unchanged 1M-row file, end to end (process start to exit), fresh cache.
  const exploreCache = mkdtempSync(join(tmpdir(), 'bench-explore-cache-'));
  const firstExplore = timeCli(['explore', '--data', million], { SPOTIFY_INTEL_CACHE: exploreCache });
  const secondExplores = Array.from({ length: Math.max(RUNS, 3) }, () =>
    timeCli(['explore', '--data', million], { SPOTIFY_INTEL_CACHE: exploreCache }),
  );
  rmSync(exploreCache, { recursive: true, force: true });

  const serveLog = await serveTwoWorkers(SAMPLE, mkdtempSync(join(tmpdir(), 'bench-serve-cache-')));
  const trained = (serveLog.match(/genre model trained in/g) ?? []).length;
  const loadedModels = (serveLog.match(/genre model loaded from/g) ?? []).length;
  const indexBuilds = (serveLog.match(/building the approximate index/g) ?? []).length;

  const big = results['generated (1,000,000 rows)'] as Record<string, Measured>;
  const ours = big['spotify-intel (parse + clean)'] as Measured;
  const polars = big['nodejs-polars 0.25.2'] as Measured;
  const pandas = big['pandas + notebook cleaning'] as Measured;
  const second = median(secondExplores);
  const goal = (met: boolean) => (met ? 'met' : 'NOT met');
  const goals = [
    [
      'load + clean 1M <= 1.5x nodejs-polars',
      `${(ours.seconds / polars.seconds).toFixed(2)}x (${ours.seconds.toFixed(2)} s vs ${polars.seconds.toFixed(2)} s)`,
      goal(ours.seconds <= 1.5 * polars.seconds),
    ],
    [
      'load + clean 1M >= 5x faster than pandas',
      `${(pandas.seconds / ours.seconds).toFixed(2)}x`,
      goal(pandas.seconds >= 5 * ours.seconds),
    ],
    [
      'peak memory <= Polars + 50%',
      `${ours.peakMB.toFixed(0)} MB vs ${polars.peakMB.toFixed(0)} MB (${((100 * ours.peakMB) / polars.peakMB).toFixed(0)}%)`,
      goal(ours.peakMB <= 1.5 * polars.peakMB),
    ],
    [
      'second explore on 1M < 1.5 s end to end',
      `${second.toFixed(2)} s (first: ${firstExplore.toFixed(1)} s; median of ${secondExplores.length})`,
      goal(second < 1.5),
    ],
    [
      'serve --workers 2 (sample): one genre model',
      `${trained} trained, ${loadedModels} loaded by workers; ${indexBuilds} index builds (ANN from 500,000 tracks)`,
      goal(trained === 1 && loadedModels === 2),
    ],
  ];
  const agreement = execFileSync(process.execPath, [resolve(ROOT, 'dist/bench/readersAgree.js'), million], { encoding: 'utf8' });
  process.stdout.write(`\n${agreement}`);
  process.stdout.write('\nGoals (issue 14), this run\n');
  process.stdout.write(markdownTable(['goal', 'measured', ''], goals));
  rmSync(cache, { recursive: true, force: true });
}

await main();
