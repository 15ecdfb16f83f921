/** The split files both sides of a classify bench read (row-major float64 / int32, numpy's order), and what a run reports. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FeatureMatrix, selectLabels, selectRows } from '../src/classify/features.js';
import type { Split } from '../src/classify/split.js';

function rowMajor(m: FeatureMatrix): Float64Array {
  const d = m.names.length;
  const out = new Float64Array(m.values.length);
  for (let i = 0; i < m.rows; i++) for (let f = 0; f < d; f++) out[i * d + f] = m.values[f * m.rows + i] as number;
  return out;
}

/** Writes X_train/X_test/y_train/y_test (and groups_train when given) and meta.json into dir. */
export function writeSplit(
  dir: string,
  matrix: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
  split: Split,
  groups?: Int32Array,
): void {
  mkdirSync(dir, { recursive: true });
  const train = selectRows(matrix, split.train);
  const test = selectRows(matrix, split.test);
  writeFileSync(join(dir, 'X_train.f64'), rowMajor(train));
  writeFileSync(join(dir, 'X_test.f64'), rowMajor(test));
  writeFileSync(join(dir, 'y_train.i32'), selectLabels(labels, split.train));
  writeFileSync(join(dir, 'y_test.i32'), selectLabels(labels, split.test));
  if (groups) writeFileSync(join(dir, 'groups_train.i32'), selectLabels(groups, split.train));
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({ features: matrix.names, classes: classNames, train: train.rows, test: test.rows }),
  );
}

/** One fit + predict, as classifyRun.js and the Python scripts print it. */
export interface BenchRun {
  accuracy: number;
  macroF1: number;
  top5: number;
  fitSeconds: number;
  predictSeconds: number;
  /** CPU seconds of the whole process (every thread): steadier than wall time on a busy machine. */
  fitCpuSeconds?: number;
  predictCpuSeconds?: number;
  modelBytes: number;
  peakMB: number;
}
