/**
 * Load + clean: spotify-intel (DuckDB reader + typed-array cleaning) vs pandas read_csv + the
 * notebook's cleaning, on the shared sample and on a generated 1,000,000-row catalogue. Each side
 * runs in a fresh process, alternating, 3 times; the table shows medians and the speed ratio.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { markdownTable, median, millionRowCatalogue, ROOT, SAMPLE } from './common.js';

const RUNS = 3;

interface Run {
  seconds: number;
  peakRssMB: number;
  rows: number;
  tracks: number;
}

function runJson(command: string, args: string[]): Run {
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Run;
}

async function main(): Promise<void> {
  const million = await millionRowCatalogue();
  const rows: string[][] = [];
  for (const [label, file] of [
    ['sample (24,616 rows)', SAMPLE],
    ['generated (1,000,000 rows)', million],
  ] as const) {
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(runJson(process.execPath, [resolve(ROOT, 'dist/bench/loadClean.js'), file]));
      theirs.push(runJson('/usr/bin/python3', [resolve(ROOT, 'bench/load_clean_pandas.py'), file]));
    }
    const a = ours[0] as Run;
    const b = theirs[0] as Run;
    if (a.tracks !== b.tracks) throw new Error(`track counts differ: spotify-intel ${a.tracks}, pandas ${b.tracks}`);
    const oursSeconds = median(ours.map((r) => r.seconds));
    const theirSeconds = median(theirs.map((r) => r.seconds));
    rows.push([
      label,
      a.tracks.toLocaleString('en-US'),
      oursSeconds.toFixed(2),
      theirSeconds.toFixed(2),
      `${(theirSeconds / oursSeconds).toFixed(2)}x`,
      median(ours.map((r) => r.peakRssMB)).toFixed(0),
      median(theirs.map((r) => r.peakRssMB)).toFixed(0),
    ]);
  }
  const header = ['catalogue', 'tracks', 'spotify-intel s', 'pandas s', 'speed-up', 'ours peak MB', 'pandas peak MB'];
  process.stdout.write(`\nLoad + clean, median of ${RUNS} runs each (fresh process per run)\n`);
  process.stdout.write(markdownTable(header, rows));
}

await main();
