/**
 * The boosting fit's fast paths against plain recomputations: the inlined exp against Math.exp, and
 * the in-training scores of every row (in-bag rows by their leaf, out-of-bag rows carried along the
 * splits) against a walk down the finished trees.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binMatrix } from '../src/classify/binning.js';
import { expNonPositive } from '../src/classify/expNonPositive.js';
import type { FeatureMatrix } from '../src/classify/features.js';
import { type BoostingModel, fitBoosting } from '../src/classify/gbdt.js';
import { streamRandom } from '../src/classify/random.js';
import { fillSeededRandom, seededRandom } from '../src/stats/random.js';
import { assertClose } from './helpers.js';

describe('expNonPositive', () => {
  it('is within 2 ulp of Math.exp on x <= 0, at the table and range bounds, and Math.exp outside the fast range', () => {
    const random = seededRandom(17);
    const xs: number[] = [];
    for (let n = 0; n < 200_000; n++) xs.push(-random() * ([1, 40, 720][n % 3] as number));
    // Around the multiples of ln2/64 where the table index turns over, and the ends of the range.
    for (let k = 0; k <= 64 * 1010; k += 61) for (const d of [-1e-12, 0, 1e-12]) xs.push(Math.min(0, -(k * Math.LN2) / 64 + d));
    xs.push(
      0,
      -0,
      -1e-300,
      -5e-324,
      -(Math.LN2 / 128),
      -699.999,
      -700,
      -700.0001,
      -745.2,
      -1e10,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      0.5,
      3,
    );
    const ulp = (v: number) => 2 ** (Math.floor(Math.log2(v)) - 52);
    const wrong = xs.filter((x) => {
      const ours = expNonPositive(x);
      const exact = Math.exp(x);
      if (!(x >= -700 && x <= 0)) return !Object.is(ours, exact);
      return !(Math.abs(ours - exact) <= 2 * ulp(exact));
    });
    assert.deepEqual(wrong, []);
  });
});

describe('fillSeededRandom', () => {
  it('writes the values seededRandom returns, in order, for any seed', () => {
    for (const seed of [0, 1, 42, 0xffffffff, 2 ** 31]) {
      const filled = new Float64Array(1000);
      fillSeededRandom(seed, filled);
      const random = seededRandom(seed);
      assert.deepEqual(
        Array.from(filled),
        Array.from({ length: 1000 }, () => random()),
      );
    }
  });
});

/** Four classes by quadrant of (x0, x2), with noise features x1 and x3. */
function quadrants(n: number, seed: number): { matrix: FeatureMatrix; labels: Int32Array } {
  const random = seededRandom(seed);
  const values = new Float64Array(4 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 4; f++) values[f * n + i] = random();
    // A tenth of the labels are noise, so every round still has gradients to fit.
    labels[i] =
      random() < 0.1 ? Math.floor(random() * 4) : ((values[i] as number) > 0.5 ? 1 : 0) + ((values[2 * n + i] as number) > 0.5 ? 2 : 0);
  }
  return { matrix: { names: ['x0', 'x1', 'x2', 'x3'], rows: n, values }, labels };
}

/** The node tree t sends row i to, walking the packed model's arrays. */
function leafOf(model: BoostingModel, codes: Uint8Array, rows: number, t: number, i: number): number {
  let node = model.treeStart[t] as number;
  while ((model.feature[node] as number) >= 0) {
    const code = codes[(model.feature[node] as number) * rows + i] as number;
    node = code <= (model.threshold[node] as number) ? (model.left[node] as number) : (model.right[node] as number);
  }
  return node;
}

describe('boosting fit', () => {
  for (const [policy, growth] of [
    ['depth-wise', { maxDepth: 3, maxLeaves: 0 }],
    ['loss-guided', { maxLeaves: 6, maxDepth: Number.POSITIVE_INFINITY }],
  ] as const) {
    it(`${policy}: each round's leaves hold -lr G / (H + l2) of the drawn rows, scored by walking the earlier trees`, async () => {
      const { matrix, labels } = quadrants(600, 3);
      const params = {
        ...growth,
        maxIterations: 4,
        validationFraction: 0,
        subsample: 0.6,
        colsample: 1,
        learningRate: 0.3,
        l2: 1,
        minChildWeight: 0.5,
        minSamplesLeaf: 1,
        seed: 9,
      };
      const classes = 4;
      const model = await fitBoosting(matrix, labels, ['a', 'b', 'c', 'd'], params, { threads: 1 });
      assert.equal(model.iterations, 4);
      const rows = matrix.rows;
      const codes = binMatrix(model.bins, matrix);
      // Raw scores from the baseline and the walk down every earlier tree (no use of the fit's own bookkeeping).
      const raw = Float64Array.from({ length: rows * classes }, (_, at) => model.baseline[at % classes] as number);
      let leavesChecked = 0;
      for (let round = 0; round < model.iterations; round++) {
        const proba = raw.slice();
        for (let i = 0; i < rows; i++) {
          const row = proba.subarray(i * classes, (i + 1) * classes);
          const max = Math.max(...row);
          let sum = 0;
          for (let k = 0; k < classes; k++) {
            row[k] = Math.exp((row[k] as number) - max);
            sum += row[k] as number;
          }
          for (let k = 0; k < classes; k++) row[k] = (row[k] as number) / sum;
        }
        for (let k = 0; k < classes; k++) {
          const t = round * classes + k;
          const sums = new Map<number, { g: number; h: number }>();
          const draw = streamRandom(params.seed, round, k, 0);
          for (let i = 0; i < rows; i++) {
            if (!(draw() < params.subsample)) continue;
            const p = proba[i * classes + k] as number;
            const leaf = leafOf(model, codes, rows, t, i);
            const s = sums.get(leaf) ?? { g: 0, h: 0 };
            s.g += p - (labels[i] === k ? 1 : 0);
            s.h += 2 * Math.max(p * (1 - p), 1e-16);
            sums.set(leaf, s);
          }
          for (const [leaf, { g, h }] of sums) {
            const expected = (-params.learningRate * g) / (h + params.l2);
            assertClose(
              model.value[leaf] as number,
              expected,
              1e-6 * Math.abs(expected) + 1e-9,
              `round ${round} class ${k} leaf ${leaf} value`,
            );
            assertClose(model.cover[leaf] as number, h, 1e-6 * h, `round ${round} class ${k} leaf ${leaf} cover`);
            leavesChecked++;
          }
        }
        for (let i = 0; i < rows; i++)
          for (let k = 0; k < classes; k++) {
            const at = i * classes + k;
            raw[at] = (raw[at] as number) + (model.value[leafOf(model, codes, rows, round * classes + k, i)] as number);
          }
      }
      assert.ok(leavesChecked >= 4 * classes * 4, `only ${leavesChecked} leaves reached by drawn rows`);
    });
  }
});
