/**
 * Load + clean: spotify-intel (DuckDB reader + typed-array cleaning) vs pandas read_csv + the
 * notebook's cleaning, on the shared sample and on a generated 1,000,000-row catalogue. Each side
 * runs in a fresh process, alternating, 3 times; the table shows medians and the speed ratio.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalogue } from './generate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = resolve(ROOT, '../shared/data/spotify_sample.csv');
const OUT = resolve(ROOT, 'bench/out');
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const million = resolve(OUT, 'tracks_1m.csv');
  if (!existsSync(million)) {
    process.stderr.write('generating a 1,000,000-row catalogue from the sample...\n');
    await generateCatalogue(SAMPLE, million, 1_000_000);
  }
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
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  process.stdout.write(`\nLoad + clean, median of ${RUNS} runs each (fresh process per run)\n`);
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
}

await main();
