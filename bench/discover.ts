/**
 * Drivers (114 per-genre regressions) and the emerging ranking: spotify-intel vs the notebook's
 * pandas / scikit-learn loop, on the sample and on a generated 1,000,000-row catalogue. Each side loads
 * once in its own process (not timed) and runs each step 3 times untimed, then 5 times; the table shows medians and ratios,
 * and checks that both sides agree (pool size, top-10 ids, pop coefficients).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { markdownTable, millionRowCatalogue, ROOT, SAMPLE } from './common.js';

interface Run {
  tracks: number;
  regressions: number;
  regressionSeconds: number;
  emergingSeconds: number;
  poolSize: number;
  topTracks: string[];
  topScores: number[];
  topArtistScores: number[];
  emergingFirstSeconds?: number;
  popCoefficients: number[];
}

const runJson = (command: string, args: string[]) =>
  JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] })) as Run;

async function main(): Promise<void> {
  const million = await millionRowCatalogue();
  const rows: string[][] = [];
  const notes: string[] = [];
  const ms = (s: number) => (s * 1000).toFixed(1);
  for (const [label, file] of [
    ['sample', SAMPLE],
    ['generated 1M rows', million],
  ] as const) {
    const ours = runJson(process.execPath, [resolve(ROOT, 'dist/bench/discoverRun.js'), file]);
    const theirs = runJson('/usr/bin/python3', [resolve(ROOT, 'bench/discover_pandas.py'), file]);
    const worstCoefficient = Math.max(...ours.popCoefficients.map((c, j) => Math.abs(c - (theirs.popCoefficients[j] as number))));
    // Scores, not ids: the generated catalogue repeats sample rows, so equal scores tie and pandas'
    // (unstable) sort may order them differently.
    const sameScores = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-9);
    const checks = {
      tracks: ours.tracks === theirs.tracks,
      regressions: ours.regressions === theirs.regressions,
      poolSize: ours.poolSize === theirs.poolSize,
      topScores: sameScores(ours.topScores, theirs.topScores),
      topArtistScores: sameScores(ours.topArtistScores, theirs.topArtistScores),
      coefficients: worstCoefficient < 1e-6,
    };
    const agree = Object.values(checks).every(Boolean);
    if (!agree) process.stderr.write(`${label}: disagreement ${JSON.stringify({ checks, ours, theirs })}\n`);
    const sameIds = ours.topTracks.join() === theirs.topTracks.join();
    notes.push(
      `${label}: first emerging call ${ms(ours.emergingFirstSeconds ?? Number.NaN)} ms (builds the per-catalogue artist codes); ` +
        `top-10 ids ${sameIds ? 'identical' : 'equal up to the order of tied scores'}`,
    );
    rows.push([
      `${label} (${ours.tracks.toLocaleString('en-US')} tracks)`,
      String(ours.regressions),
      ms(ours.regressionSeconds),
      ms(theirs.regressionSeconds),
      `${(theirs.regressionSeconds / ours.regressionSeconds).toFixed(1)}x`,
      ms(ours.emergingSeconds),
      ms(theirs.emergingSeconds),
      `${(theirs.emergingSeconds / ours.emergingSeconds).toFixed(1)}x`,
      agree ? `yes (coef diff ${worstCoefficient.toExponential(0)})` : 'NO',
    ]);
  }
  const header = [
    'catalogue',
    'models',
    'OLS ours ms',
    'OLS sklearn ms',
    'speed-up',
    'emerging ours ms',
    'emerging pandas ms',
    'speed-up',
    'same results',
  ];
  process.stdout.write(
    '\nDrivers (per-genre OLS; ours adds SE, p, CI, VIF, BH) and emerging ranking, median of 5 runs after loading and 3 untimed runs\n',
  );
  process.stdout.write(markdownTable(header, rows));
  process.stdout.write(`${notes.join('\n')}\n`);
}

await main();
