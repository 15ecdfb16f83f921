import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rocAuc } from '../src/discover/hitLikeness.js';
import { seededRandom } from '../src/stats/random.js';
import {
  ascendingOrder,
  auc,
  bootstrapWeights,
  percentileInterval,
  precisionAtK,
  spearman,
  weightedAuc,
  weightedPrecisionAtK,
  weightedSpearman,
} from '../src/stats/ranking.js';
import { assertClose } from './helpers.js';

describe('ranking metrics', () => {
  it('precision@k by hand, ties at the cut shared in expectation', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5];
    const labels = [1, 0, 1, 0, 1];
    assert.equal(precisionAtK(scores, labels, 1), 1);
    assert.equal(precisionAtK(scores, labels, 2), 0.5);
    assertClose(precisionAtK(scores, labels, 3), 2 / 3, 1e-15, 'p@3');
    assert.equal(precisionAtK(scores, labels, 10), 3 / 5, 'k beyond n: all items');
    // Three items tied at 0.5 (one positive) for the last 2 places of the top 3: 1 + 2 x 1/3 hits.
    const tied = [0.9, 0.5, 0.5, 0.5, 0.1];
    const tiedLabels = [1, 1, 0, 0, 1];
    assertClose(precisionAtK(tied, tiedLabels, 3), (1 + 2 / 3) / 3, 1e-15, 'tied p@3');
  });

  it('AUC by hand (Mann-Whitney, ties one half), equal to the existing rocAuc', () => {
    // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) 1, (0.9>0.1) 1, (0.5=0.5) 0.5, (0.5>0.1) 1 -> 3.5 / 4.
    const scores = [0.9, 0.5, 0.5, 0.1];
    const labels = [1, 1, 0, 0];
    assert.equal(auc(scores, labels), 3.5 / 4);
    assert.equal(rocAuc(scores, labels), 3.5 / 4);
    assert.ok(Number.isNaN(auc([1, 2], [1, 1])), 'one class only');
  });

  it('Spearman by hand with tied ranks', () => {
    // y ranks [1, 2, 3.5, 5, 3.5]; dx = [-2..2], dy = [-2, -1, 0.5, 2, 0.5]: 8 / sqrt(10 x 9.5).
    assertClose(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 8 / Math.sqrt(95), 1e-15, 'rho');
    assert.equal(spearman([1, 2, 3], [30, 20, 10]), -1);
  });

  it('weights equal explicit duplicates (how the bootstrap scores a resample)', () => {
    const random = seededRandom(3);
    const n = 40;
    const scores = Array.from({ length: n }, () => Math.round(random() * 10));
    const labels = Array.from({ length: n }, () => (random() < 0.3 ? 1 : 0));
    const change = Array.from({ length: n }, () => Math.round(random() * 20 - 10));
    for (const weights of bootstrapWeights(n, 5, seededRandom(11))) {
      const s: number[] = [];
      const l: number[] = [];
      const c: number[] = [];
      weights.forEach((w, i) => {
        for (let k = 0; k < w; k++) {
          s.push(scores[i] as number);
          l.push(labels[i] as number);
          c.push(change[i] as number);
        }
      });
      assert.equal(s.length, n, 'a resample has n draws');
      const order = ascendingOrder(scores);
      assertClose(weightedAuc(order, scores, labels, weights), auc(s, l), 1e-12, 'auc');
      assertClose(weightedPrecisionAtK(order, scores, labels, 7, weights), precisionAtK(s, l, 7), 1e-12, 'p@7');
      assertClose(weightedSpearman(order, scores, ascendingOrder(change), change, weights), spearman(s, c), 1e-12, 'spearman');
    }
  });

  it('percentile intervals interpolate as numpy', () => {
    // numpy.percentile(range(1, 11), [2.5, 97.5]) = [1.225, 9.775]
    const [low, high] = percentileInterval([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assertClose(low, 1.225, 1e-12, 'low');
    assertClose(high, 9.775, 1e-12, 'high');
  });
});
