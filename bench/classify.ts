/**
 * Genre classification, side by side with scikit-learn in one run: on the shared sample (audio9,
 * stratified 80/20 split by track, 17,865 / 4,467, the notebook's; then by song, no version or
 * re-release of a song on both sides: BENCH_SPLITS=track,song), for seeds 42, 43, 44: our random forest and
 * gradient boosting vs RandomForestClassifier(n_estimators=100, class_weight="balanced", n_jobs=2) and
 * HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05). Each fit runs in a fresh process
 * (peak memory is its own) on the same split files. Prints means over the seeds, ratios and the goals.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogMatrix, FEATURE_SETS, genreLabels } from '../src/classify/features.js';
import { songGroups } from '../src/classify/songGroups.js';
import { groupedStratifiedSplit, stratifiedSplit } from '../src/classify/split.js';
import { loadCatalog } from '../src/data/index.js';
import { type BenchRun, writeSplit } from './classifySplits.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = resolve(ROOT, '../shared/data/spotify_sample.csv');
const OUT = resolve(ROOT, 'bench/out/classify');
const SEEDS = (process.env.BENCH_SEEDS ?? '42,43,44').split(',').map(Number);
const SPLITS = (process.env.BENCH_SPLITS ?? 'track,song').split(',');
for (const kind of SPLITS) if (kind !== 'track' && kind !== 'song') throw new Error(`BENCH_SPLITS: "${kind}" is not track or song`);

type Run = BenchRun;

const { catalog } = await loadCatalog(SAMPLE);
const { labels, classNames } = genreLabels(catalog);
const names = [...FEATURE_SETS.audio9];
const matrix = catalogMatrix(catalog, names);

type Command = (dir: string, seed: number) => [string, string[]];
const engines: [string, Command][] = [
  ['ours rf', (dir, seed) => [process.execPath, [resolve(ROOT, 'dist/bench/classifyRun.js'), 'rf', dir, String(seed)]]],
  [
    'sklearn rf',
    (dir: string, seed: number) => ['/usr/bin/python3', [resolve(ROOT, 'bench/classify_sklearn.py'), 'rf', dir, String(seed)]],
  ],
  ['ours gbdt', (dir, seed) => [process.execPath, [resolve(ROOT, 'dist/bench/classifyRun.js'), 'gbdt', dir, String(seed)]]],
  [
    'sklearn hgb',
    (dir: string, seed: number) => ['/usr/bin/python3', [resolve(ROOT, 'bench/classify_sklearn.py'), 'hgb', dir, String(seed)]],
  ],
];
const groups = songGroups(catalog);
const runs = new Map<string, Run[]>(); // by "split engine"

for (const splitKind of SPLITS)
  for (const seed of SEEDS) {
    const split = splitKind === 'song' ? groupedStratifiedSplit(labels, groups, 0.2, seed) : stratifiedSplit(labels, 0.2, seed);
    const dir = join(OUT, splitKind, String(seed));
    writeSplit(dir, matrix, labels, classNames, split, splitKind === 'song' ? groups : undefined);
    for (const [name, command] of engines) {
      const [program, args] = command(dir, seed);
      const run = JSON.parse(execFileSync(program, [...args], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Run;
      const key = `${splitKind} ${name}`;
      runs.set(key, [...(runs.get(key) ?? []), run]);
      process.stderr.write(`${splitKind} split, seed ${seed} ${name}: ${JSON.stringify(run)}\n`);
    }
  }

const meanOf = (splitKind: string, name: string, key: keyof Run) => {
  const list = runs.get(`${splitKind} ${name}`) ?? [];
  return list.reduce((s, r) => s + (r[key] ?? Number.NaN), 0) / list.length;
};
const mean = (name: string, key: keyof Run) => meanOf(SPLITS[0] as string, name, key);
for (const splitKind of SPLITS) {
  console.log(
    `\nGenre classification on ${SAMPLE} (audio9, ${classNames.length} genres, split by ${splitKind}), means over seeds ${SEEDS.join(', ')}`,
  );
  console.log('engine        accuracy  macro-F1  top-5   fit s    predict s  model MB   peak MB');
  printTable(splitKind);
}

function printTable(splitKind: string): void {
  const mean = (name: string, key: keyof Run) => meanOf(splitKind, name, key);
  for (const [name] of engines) {
    console.log(
      `${name.padEnd(12)}  ${mean(name, 'accuracy').toFixed(4)}    ${mean(name, 'macroF1').toFixed(4)}    ${mean(name, 'top5').toFixed(4)}  ${mean(name, 'fitSeconds').toFixed(2).padStart(6)}   ${mean(name, 'predictSeconds').toFixed(3).padStart(7)}  ${(mean(name, 'modelBytes') / 1e6).toFixed(1).padStart(8)}  ${mean(name, 'peakMB').toFixed(0).padStart(7)}`,
    );
  }
}
const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)} points`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
console.log(`\nRatios (same run, same machine, split by ${SPLITS[0]})`);
console.log(`  RF accuracy, ours - sklearn:   ${points(mean('ours rf', 'accuracy') - mean('sklearn rf', 'accuracy'))}`);
console.log(`  RF macro-F1, ours - sklearn:   ${points(mean('ours rf', 'macroF1') - mean('sklearn rf', 'macroF1'))}`);
console.log(`  RF fit speed-up:               ${ratio(mean('sklearn rf', 'fitSeconds'), mean('ours rf', 'fitSeconds'))}`);
console.log(`  RF predict speed-up:           ${ratio(mean('sklearn rf', 'predictSeconds'), mean('ours rf', 'predictSeconds'))}`);
console.log(`  RF model size, sklearn / ours: ${ratio(mean('sklearn rf', 'modelBytes'), mean('ours rf', 'modelBytes'))}`);
console.log(`  GBDT accuracy, ours - our RF:  ${points(mean('ours gbdt', 'accuracy') - mean('ours rf', 'accuracy'))}`);
console.log(`  GBDT accuracy, ours - sklearn HGB: ${points(mean('ours gbdt', 'accuracy') - mean('sklearn hgb', 'accuracy'))}`);
console.log(`  GBDT fit speed-up vs HGB:      ${ratio(mean('sklearn hgb', 'fitSeconds'), mean('ours gbdt', 'fitSeconds'))}`);
const goals: [string, boolean][] = [
  ['our RF accuracy >= sklearn RF - 0.5 points', mean('ours rf', 'accuracy') >= mean('sklearn rf', 'accuracy') - 0.005],
  ['our RF macro-F1 >= sklearn RF - 0.5 points', mean('ours rf', 'macroF1') >= mean('sklearn rf', 'macroF1') - 0.005],
  ['our RF fit >= 3x faster than sklearn RF (n_jobs=2)', mean('sklearn rf', 'fitSeconds') >= 3 * mean('ours rf', 'fitSeconds')],
  [`our GBDT accuracy > our RF accuracy (split by ${SPLITS[0]})`, mean('ours gbdt', 'accuracy') > mean('ours rf', 'accuracy')],
  ...SPLITS.slice(1).map((k): [string, boolean] => [
    `our GBDT accuracy > our RF accuracy (split by ${k}): ${points(meanOf(k, 'ours gbdt', 'accuracy') - meanOf(k, 'ours rf', 'accuracy'))}`,
    meanOf(k, 'ours gbdt', 'accuracy') > meanOf(k, 'ours rf', 'accuracy'),
  ]),
  ['our RF predicts the test tracks in < 0.2 s', mean('ours rf', 'predictSeconds') < 0.2],
];
console.log('\nGoals');
for (const [goal, met] of goals) console.log(`  ${met ? 'MET    ' : 'NOT MET'}  ${goal}`);
