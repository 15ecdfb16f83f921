/**
 * Evaluates one gradient boosting configuration on the shared sample over several seeds, through the
 * library, on the bench's splits (audio9, stratified 80/20 by track; the seed drives the split and the
 * model). The round count is chosen inside fitBoosting on the validation slice of the training tracks;
 * the test tracks are only scored. With "refit": true it reports both models of one search: the one
 * kept by early stopping and the refit on every training track (fitBoosting's refit, done here as a
 * plain fit for validationRounds / (1 - validationFraction) rounds, which is the same model, tested).
 * Usage: node dist/bench/classifyTune.js '{"learningRate":0.1,"refit":true}'   (BENCH_SEEDS=42,43,44)
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogMatrix, FEATURE_SETS, type FeatureMatrix, genreLabels, selectLabels, selectRows } from '../src/classify/features.js';
import { type BoostingModel, type BoostingParams, boostingProba, DEFAULT_BOOSTING_PARAMS, fitBoosting } from '../src/classify/gbdt.js';
import { argmaxRows, classificationReport, topKAccuracy } from '../src/classify/metrics.js';
import { stratifiedSplit } from '../src/classify/split.js';
import { loadCatalog } from '../src/data/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = resolve(ROOT, '../shared/data/spotify_sample.csv');
const SEEDS = (process.env.BENCH_SEEDS ?? '42,43,44').split(',').map(Number);
const params = JSON.parse(process.argv[2] ?? '{}') as Partial<BoostingParams>;
const p = { ...DEFAULT_BOOSTING_PARAMS, ...params };

const { catalog } = await loadCatalog(SAMPLE);
const { labels, classNames } = genreLabels(catalog);
const matrix = catalogMatrix(catalog, [...FEATURE_SETS.audio9]);
const classes = classNames.length;

interface Scores {
  accuracy: number;
  macroF1: number;
  top5: number;
  fitSeconds: number;
  predictSeconds: number;
  iterations: number;
}
const results: Record<string, Scores[]> = {};
const validation: { rounds: number; loss: number; accuracy: number; bestAccuracy: number; bestAccuracyRound: number }[] = [];

function score(name: string, model: BoostingModel, fitSeconds: number, test: FeatureMatrix, yTest: Int32Array): void {
  const started = performance.now();
  const proba = boostingProba(model, test);
  const predictSeconds = (performance.now() - started) / 1000;
  const report = classificationReport(yTest, argmaxRows(proba, classes), classNames);
  const run = {
    accuracy: report.accuracy,
    macroF1: report.macro.f1,
    top5: topKAccuracy(proba, classes, yTest, 5),
    fitSeconds,
    predictSeconds,
    iterations: model.iterations,
  };
  results[name] ??= [];
  results[name].push(run);
  process.stderr.write(`${name}: ${JSON.stringify(run)}\n`);
}

for (const seed of SEEDS) {
  const split = stratifiedSplit(labels, 0.2, seed);
  const train = selectRows(matrix, split.train);
  const yTrain = selectLabels(labels, split.train);
  const test = selectRows(matrix, split.test);
  const yTest = selectLabels(labels, split.test);
  let started = performance.now();
  const searched = await fitBoosting(train, yTrain, classNames, { ...p, refit: false, seed });
  const searchSeconds = (performance.now() - started) / 1000;
  const r = searched.validationRounds;
  const best = Math.max(...searched.validationAccuracy);
  validation.push({
    rounds: r,
    loss: searched.validationLoss[r - 1] as number,
    accuracy: searched.validationAccuracy[r - 1] as number,
    bestAccuracy: best,
    bestAccuracyRound: searched.validationAccuracy.indexOf(best) + 1,
  });
  process.stderr.write(`seed ${seed} validation: ${JSON.stringify(validation.at(-1))}\n`);
  score(`seed ${seed} search`, searched, searchSeconds, test, yTest);
  if (!p.refit) continue;
  started = performance.now();
  const rounds = Math.max(1, Math.round(r / (1 - p.validationFraction)));
  const refit = await fitBoosting(train, yTrain, classNames, { ...p, seed, validationFraction: 0, maxIterations: rounds });
  score(`seed ${seed} refit`, refit, searchSeconds + (performance.now() - started) / 1000, test, yTest);
}
const mean = (list: number[]) => Number((list.reduce((a, b) => a + b, 0) / list.length).toFixed(4));
const summary: Record<string, unknown> = { params, seeds: SEEDS };
summary.validation = Object.fromEntries(
  (['rounds', 'loss', 'accuracy', 'bestAccuracy', 'bestAccuracyRound'] as const).map((k) => [k, mean(validation.map((v) => v[k]))]),
);
for (const variant of ['search', 'refit']) {
  const list = Object.entries(results)
    .filter(([name]) => name.endsWith(variant))
    .flatMap(([, runs]) => runs);
  if (list.length === 0) continue;
  summary[variant] = Object.fromEntries((Object.keys(list[0] as Scores) as (keyof Scores)[]).map((k) => [k, mean(list.map((s) => s[k]))]));
}
console.log(JSON.stringify(summary));
