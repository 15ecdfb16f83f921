/**
 * One fit + predict of our classifier in a fresh process (so peak memory is its own), over the split
 * bench/classify.ts wrote, on $BENCH_THREADS threads (default 2). Prints one JSON line, with wall and CPU seconds.
 * Usage: node dist/bench/classifyRun.js rf|gbdt DIR SEED ['{"maxDepth":6,...}' (LearnerParams)]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LearnerParams } from '../src/classify/learnerParams.js';
import { argmaxRows, classificationReport, topKAccuracy } from '../src/classify/metrics.js';
import { fitModel, type ModelKind, predictProba, predictProbaParallel } from '../src/classify/model.js';
import { encodeModel } from '../src/classify/modelFile.js';

const [kind, dir, seedText, paramsText] = process.argv.slice(2) as [ModelKind, string, string, string | undefined];
const params = JSON.parse(paramsText ?? '{}', (_k, v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v)) as LearnerParams;
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since); // the whole process: this thread and the workers
  return (used.user + used.system) / 1e6;
};
const seed = Number(seedText);
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
  features: string[];
  classes: string[];
  train: number;
  test: number;
};
const read = (name: string) => readFileSync(join(dir, name));
const asF64 = (b: Buffer) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const asI32 = (b: Buffer) => new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const d = meta.features.length;
// Files are row-major (numpy's order); our matrices are column-major.
function columnMajor(rowMajor: Float64Array, rows: number) {
  const values = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) for (let f = 0; f < d; f++) values[f * rows + i] = rowMajor[i * d + f] as number;
  return { names: meta.features, rows, values };
}
const train = columnMajor(asF64(read('X_train.f64')), meta.train);
const test = columnMajor(asF64(read('X_test.f64')), meta.test);
const yTrain = asI32(read('y_train.i32'));
const yTest = asI32(read('y_test.i32'));
// Split by song: the training tracks' song groups, so boosting's early-stopping slice is by song too.
const groups = existsSync(join(dir, 'groups_train.i32')) ? asI32(read('groups_train.i32')) : undefined;

const started = performance.now();
const fitCpu = process.cpuUsage();
const model = await fitModel(train, yTrain, meta.classes, { kind, seed, params }, { threads: THREADS, ...(groups ? { groups } : {}) });
const fitSeconds = (performance.now() - started) / 1000;
const fitCpuSeconds = cpuSeconds(fitCpu);
predictProba(model, { ...test, rows: 1, values: test.values.filter((_, k) => k % test.rows === 0) }); // warm-up on one row
const predictStarted = performance.now();
const predictCpu = process.cpuUsage();
const proba = await predictProbaParallel(model, test, THREADS);
const predictSeconds = (performance.now() - predictStarted) / 1000;
const predictCpuSeconds = cpuSeconds(predictCpu);
const classes = meta.classes.length;
const report = classificationReport(yTest, argmaxRows(proba, classes), meta.classes);
process.stdout.write(
  `${JSON.stringify({
    accuracy: report.accuracy,
    macroF1: report.macro.f1,
    top5: topKAccuracy(proba, classes, yTest, 5),
    fitSeconds,
    predictSeconds,
    fitCpuSeconds,
    predictCpuSeconds,
    modelBytes: encodeModel(model).length,
    peakMB: process.resourceUsage().maxRSS / 1024,
    ...(model.kind === 'gbdt' ? { iterations: model.iterations } : {}),
  })}\n`,
);
