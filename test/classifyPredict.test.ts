import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binMatrix } from '../src/classify/binning.js';
import { type BoostingModel, boostingProba, fitBoosting } from '../src/classify/gbdt.js';
import { boostingProbaParallel, PARALLEL_WORK, packTrees, rawScoresRows } from '../src/classify/packedTrees.js';
import { seededRandom } from '../src/stats/random.js';

/** The model's own arrays walked one row and one tree at a time, as the tree was fitted: the reference. */
function walkedRawScores(model: BoostingModel, codes: Uint8Array, rows: number): Float64Array {
  const classes = model.classNames.length;
  const trees = model.treeStart.length - 1;
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < classes; k++) out[i * classes + k] = model.baseline[k] as number;
    for (let t = 0; t < trees; t++) {
      let node = model.treeStart[t] as number;
      while ((model.feature[node] as number) >= 0) {
        const code = codes[(model.feature[node] as number) * rows + i] as number;
        node = code <= (model.threshold[node] as number) ? (model.left[node] as number) : (model.right[node] as number);
      }
      out[i * classes + (t % classes)] = (out[i * classes + (t % classes)] as number) + (model.value[node] as number);
    }
  }
  return out;
}

function softmaxRows(raw: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(raw.length);
  for (let at = 0; at < raw.length; at += classes) {
    const row = Array.from(raw.subarray(at, at + classes));
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, k) => {
      out[at + k] = e / sum;
    });
  }
  return out;
}

describe('boosting predictor (packed trees)', () => {
  it('walks hand-made trees to the hand-computed leaves, whatever their node order', () => {
    // Tree 0 (class 0): node 0 splits feature 0 at code 3; its right child is numbered before its left.
    // Node 2 splits feature 1 at 255, which sends every code left (node 3); node 4 is unreachable.
    // Tree 1 (class 1): a single leaf.
    const trees = {
      treeStart: Int32Array.from([0, 5, 6]),
      feature: Int16Array.from([0, -1, 1, -1, -1, -1]),
      threshold: Uint8Array.from([3, 0, 255, 0, 0, 0]),
      left: Int32Array.from([2, -1, 3, -1, -1, -1]),
      right: Int32Array.from([1, -1, 4, -1, -1, -1]),
      value: Float32Array.from([0, 1.5, 0, 0.25, 9, -0.5]),
    };
    const baseline = Float64Array.from([0.125, -1]);
    // Eleven rows: a group of eight walked in lockstep, then three one at a time.
    const rows: [number, number][] = [
      [3, 0],
      [4, 255],
      [0, 255],
      [255, 7],
      [3, 255],
      [4, 0],
      [2, 1],
      [200, 3],
      [0, 0],
      [5, 5],
      [3, 9],
    ];
    const rowCodes = Uint8Array.from(rows.flat());
    const expected = rows.flatMap(([f0]) => [0.125 + (f0 <= 3 ? 0.25 : 1.5), -1 - 0.5]);
    const packed = packTrees(trees);
    assert.deepEqual(Array.from(rawScoresRows(packed, baseline, rowCodes, 2, 0, rows.length)), expected);
    assert.deepEqual(Array.from(rawScoresRows(packed, baseline, rowCodes, 2, 3, 11)), expected.slice(6));
    assert.deepEqual(Array.from(packTrees(trees, true).node), Array.from(packed.node), 'shared memory packs the same words');
    assert.ok(packTrees(trees, true).node.buffer instanceof SharedArrayBuffer);
  });

  it('loss-guided trees: the same bits as a row-by-row walk, for 1, 2 and 3 threads', async () => {
    const random = seededRandom(5);
    const train = 600;
    const features = 4;
    const values = new Float64Array(train * features);
    const labels = new Int32Array(train);
    for (let i = 0; i < train; i++) {
      for (let f = 0; f < features; f++) values[f * train + i] = random();
      const [a, b, c] = [values[i] as number, values[train + i] as number, values[2 * train + i] as number];
      labels[i] = a * b > 0.2 ? 0 : c > 0.5 + 0.3 * Math.sin(9 * a) ? 1 : 2;
    }
    const names = ['danceability', 'energy', 'valence', 'tempo'];
    const model = await fitBoosting(
      { names, rows: train, values },
      labels,
      ['x', 'y', 'z'],
      { maxIterations: 60, maxLeaves: 31, maxDepth: Number.POSITIVE_INFINITY, learningRate: 0.3, validationFraction: 0, seed: 2 },
      { threads: 1 },
    );
    const trees = model.treeStart.length - 1;
    const depths = Array.from(packTrees(model).depth);
    assert.ok(Math.max(...depths) >= 2 * Math.min(...depths), `lopsided trees (depths ${Math.min(...depths)}-${Math.max(...depths)})`);
    // Enough rows that the parallel path runs (row-tree walks >= PARALLEL_WORK), not a multiple of any block.
    const rows = Math.ceil(PARALLEL_WORK / trees) + 37;
    const test = new Float64Array(rows * features);
    for (let k = 0; k < test.length; k++) test[k] = random() * 1.2 - 0.1;
    const matrix = { names, rows, values: test };
    const expected = softmaxRows(walkedRawScores(model, binMatrix(model.bins, matrix), rows), 3);
    assert.deepEqual(boostingProba(model, matrix), expected);
    for (const threads of [1, 2, 3]) assert.deepEqual(await boostingProbaParallel(model, matrix, threads), expected, `${threads} threads`);
  });
});
