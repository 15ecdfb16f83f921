import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binMatrix, fitBins } from '../src/classify/binning.js';
import { type FeatureMatrix, selectLabels, selectRows } from '../src/classify/features.js';
import { balancedClassWeights, bootstrapCounts, fitForest, forestProba, oobScore } from '../src/classify/forest.js';
import { boostingProba, fitBoosting } from '../src/classify/gbdt.js';
import {
  anyLabelAccuracy,
  argmaxRows,
  classificationReport,
  confusionMatrix,
  mostConfusedPairs,
  topKAccuracy,
} from '../src/classify/metrics.js';
import { approximateMode, stratifiedFolds, stratifiedSplit } from '../src/classify/split.js';
import { seededRandom } from '../src/stats/random.js';
import { assertClose } from './helpers.js';

/** Column-major matrix from rows of numbers. */
function matrixOf(rows: number[][], names?: string[]): FeatureMatrix {
  const d = (rows[0] as number[]).length;
  const values = new Float64Array(rows.length * d);
  rows.forEach((row, i) => {
    row.forEach((v, f) => {
      values[f * rows.length + i] = v;
    });
  });
  return { names: names ?? Array.from({ length: d }, (_, f) => `x${f}`), rows: rows.length, values };
}

/** Four quadrant classes of the unit square, with a margin around the boundaries; two noise features. */
function quadrants(n: number, seed: number): { matrix: FeatureMatrix; labels: Int32Array } {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = random() < 0.5 ? random() * 0.4 : 0.6 + random() * 0.4;
    const y = random() < 0.5 ? random() * 0.4 : 0.6 + random() * 0.4;
    rows.push([x, random(), y, random()]);
    labels[i] = (x > 0.5 ? 1 : 0) + (y > 0.5 ? 2 : 0);
  }
  return { matrix: matrixOf(rows), labels };
}

const QUADRANT_CLASSES = ['bottom-left', 'bottom-right', 'top-left', 'top-right'];

function accuracy(proba: Float64Array, classes: number, labels: Int32Array): number {
  const predicted = argmaxRows(proba, classes);
  return predicted.filter((p, i) => p === labels[i]).length / labels.length;
}

describe('binning', () => {
  it('few distinct values: thresholds midway between neighbours, exact codes', () => {
    const bins = fitBins(matrixOf([[1], [3], [3], [7], [1]]));
    assert.deepEqual(Array.from(bins.thresholds), [2, 5]);
    assert.deepEqual(Array.from(binMatrix(bins, matrixOf([[0], [1], [2], [2.5], [5], [9]]))), [0, 0, 0, 1, 1, 2]);
  });

  it('many distinct values: at most 255 thresholds, codes ordered like the values', () => {
    const random = seededRandom(1);
    const rows = Array.from({ length: 5000 }, () => [random()]);
    const m = matrixOf(rows);
    const bins = fitBins(m);
    assert.equal(bins.thresholds.length, 255);
    const codes = binMatrix(bins, m);
    const order = rows.map((_, i) => i).sort((a, b) => ((rows[a] as number[])[0] as number) - ((rows[b] as number[])[0] as number));
    for (let k = 1; k < order.length; k++) assert.ok((codes[order[k] as number] as number) >= (codes[order[k - 1] as number] as number));
    // Quantile bins: each of the 256 bins holds about 5000/256 rows.
    const counts = new Array(256).fill(0);
    for (const c of codes) counts[c]++;
    assert.ok(Math.max(...counts) <= 25 && Math.min(...counts) >= 15, `bin sizes ${Math.min(...counts)}..${Math.max(...counts)}`);
  });
});

describe('random forest', () => {
  it('learns separable data perfectly, and generalizes to new points of the same quadrants', async () => {
    const train = quadrants(400, 1);
    const test = quadrants(200, 2);
    const model = await fitForest(train.matrix, train.labels, QUADRANT_CLASSES, { nEstimators: 25, seed: 3 }, { threads: 1 });
    assert.equal(accuracy(forestProba(model, train.matrix), 4, train.labels), 1);
    assert.equal(accuracy(forestProba(model, test.matrix), 4, test.labels), 1);
    // The two informative features carry nearly all the impurity decrease.
    assert.ok((model.importances[0] as number) + (model.importances[2] as number) > 0.9, String(model.importances));
    assertClose(
      model.importances.reduce((a, b) => a + b, 0),
      1,
      1e-12,
      'importances sum',
    );
  });

  it('balanced class weights follow scikit-learn: n_samples / (n_classes * bincount(y))', () => {
    // compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 0, 0, 1, 2, 2]) in scikit-learn 1.2.1
    // gives [0.66666667, 2.0, 1.0].
    const weights = balancedClassWeights(Int32Array.from([0, 0, 0, 1, 2, 2]), 3);
    assert.deepEqual(
      Array.from(weights, (w) => Number(w.toFixed(8))),
      [0.66666667, 2, 1],
    );
  });

  it('a leaf holds the class-weighted distribution (3 x 2/3 vs 1 x 2 = 50/50 when balanced)', async () => {
    // All rows identical: the root is the only leaf. Balanced weights 4/(2*3) and 4/(2*1).
    const matrix = matrixOf([[1], [1], [1], [1]]);
    const labels = Int32Array.from([0, 0, 0, 1]);
    const opts = { nEstimators: 1, bootstrap: false, seed: 1 } as const;
    const balanced = await fitForest(matrix, labels, ['a', 'b'], { ...opts, classWeight: 'balanced' }, { threads: 1 });
    assert.deepEqual(Array.from(forestProba(balanced, matrixOf([[1]]))), [0.5, 0.5]);
    const plain = await fitForest(matrix, labels, ['a', 'b'], { ...opts, classWeight: 'none' }, { threads: 1 });
    assert.deepEqual(Array.from(forestProba(plain, matrixOf([[1]]))), [0.75, 0.25]);
  });

  it('bootstrap draws n rows with replacement (about 63.2% distinct)', () => {
    const counts = bootstrapCounts(10000, 42, 7);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      10000,
    );
    assertClose(counts.filter((c) => c > 0).length / 10000, 1 - Math.exp(-1), 0.015, 'share of distinct rows');
  });

  it('is identical whatever the number of threads (1, 2 or 3 workers)', async () => {
    const random = seededRandom(9);
    const rows = Array.from({ length: 600 }, () => [random(), random(), Math.floor(random() * 5), random()]);
    const labels = Int32Array.from(
      rows,
      (r) => ((r[0] as number) + (r[1] as number) * 2 + random() > 1.5 ? 1 : 0) + ((r[2] as number) > 2 ? 2 : 0),
    );
    const matrix = matrixOf(rows);
    const fits = [];
    for (const threads of [1, 2, 3])
      fits.push(await fitForest(matrix, labels, ['a', 'b', 'c', 'd'], { nEstimators: 12, seed: 5 }, { threads }));
    const [one, two, three] = fits as [(typeof fits)[0], (typeof fits)[0], (typeof fits)[0]];
    for (const key of ['treeStart', 'feature', 'threshold', 'right', 'valueClass', 'valueProb', 'importances'] as const) {
      assert.deepEqual(two[key], one[key], key);
      assert.deepEqual(three[key], one[key], key);
    }
    assert.deepEqual(forestProba(two, matrix), forestProba(one, matrix));
    // Different seed, different forest (the test can fail).
    const other = await fitForest(matrix, labels, ['a', 'b', 'c', 'd'], { nEstimators: 12, seed: 6 }, { threads: 1 });
    assert.notDeepEqual(other.feature, one.feature);
  });

  it('out-of-bag accuracy is high on separable data and uses only left-out rows', async () => {
    const train = quadrants(300, 4);
    const model = await fitForest(train.matrix, train.labels, QUADRANT_CLASSES, { nEstimators: 20, seed: 1 }, { threads: 1 });
    const oob = oobScore(model, train.matrix, train.labels);
    assert.ok(oob.accuracy > 0.97, String(oob.accuracy));
    assert.equal(oob.rows, 300); // with 20 trees every row is left out at least once (0.632^20 ~ 1e-4)
  });
});

describe('gradient boosting', () => {
  it('learns separable data perfectly', async () => {
    const train = quadrants(400, 1);
    const test = quadrants(200, 2);
    const model = await fitBoosting(
      train.matrix,
      train.labels,
      QUADRANT_CLASSES,
      {
        // 256 bins: a threshold falls in the gap between the quadrants (with 128 quantile bins on 400
        // rows the nearest threshold may sit a hair inside a cluster and miss one test point of 200).
        maxBins: 256,
        maxIterations: 60,
        learningRate: 0.3,
        maxLeaves: 8,
        minSamplesLeaf: 5,
        l2: 1,
        colsample: 1,
        subsample: 0.8,
        validationFraction: 0,
        seed: 1,
      },
      { threads: 1 },
    );
    assert.equal(accuracy(boostingProba(model, train.matrix), 4, train.labels), 1);
    assert.equal(accuracy(boostingProba(model, test.matrix), 4, test.labels), 1);
    const proba = boostingProba(model, test.matrix);
    for (let i = 0; i < test.matrix.rows; i++)
      assertClose(
        proba.subarray(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0),
        1,
        1e-9,
        'row sum',
      );
  });

  it('maxBins: at most maxBins - 1 thresholds per feature, still enough for few-valued features', async () => {
    // x, y take 4 values each (thresholds midway between them); the noise columns have 400 values (capped).
    const random = seededRandom(8);
    const levels = [0.1, 0.3, 0.7, 0.9];
    const rows = Array.from({ length: 400 }, () => [
      levels[Math.floor(random() * 4)] as number,
      random(),
      levels[Math.floor(random() * 4)] as number,
      random(),
    ]);
    const labels = Int32Array.from(rows, (r) => ((r[0] as number) > 0.5 ? 1 : 0) + ((r[2] as number) > 0.5 ? 2 : 0));
    const params = { maxIterations: 40, learningRate: 0.3, maxLeaves: 8, minSamplesLeaf: 5, l2: 1, colsample: 1 };
    const model = await fitBoosting(
      matrixOf(rows),
      labels,
      QUADRANT_CLASSES,
      { ...params, maxBins: 4, validationFraction: 0, seed: 1 },
      { threads: 1 },
    );
    const thresholds = (f: number) => (model.bins.offsets[f + 1] as number) - (model.bins.offsets[f] as number);
    assert.deepEqual([0, 1, 2, 3].map(thresholds), [3, 3, 3, 3]);
    assert.deepEqual(Array.from(model.bins.thresholds.subarray(0, 3)), [0.2, 0.5, 0.8]);
    assert.equal(accuracy(boostingProba(model, matrixOf(rows)), 4, labels), 1);
  });

  /** 500 rows of 2 features, noisy labels: boosting overfits after a while, so early stopping must stop before the cap. */
  const noisyData = () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 500 }, () => [random(), random()]);
    return { rows, labels: Int32Array.from(rows, (r) => ((r[0] as number) + 0.6 * random() > 0.8 ? 1 : 0)) };
  };

  it('early stopping keeps the rounds with the lowest validation loss', async () => {
    const { rows, labels } = noisyData();
    const model = await fitBoosting(
      matrixOf(rows),
      labels,
      ['a', 'b'],
      { maxIterations: 300, learningRate: 0.3, patience: 10, refit: false, seed: 2 },
      { threads: 1 },
    );
    const losses = model.validationLoss;
    assert.ok(model.iterations < 300 && losses.length === model.iterations + 10, `${model.iterations} kept of ${losses.length}`);
    assert.equal(Math.min(...losses), losses[model.iterations - 1]);
  });

  it('early stopping on accuracy keeps the first round with the highest validation accuracy', async () => {
    const { rows, labels } = noisyData();
    const model = await fitBoosting(
      matrixOf(rows),
      labels,
      ['a', 'b'],
      { maxIterations: 300, learningRate: 0.3, stopOn: 'accuracy', patience: 15, refit: false, seed: 2 },
      { threads: 1 },
    );
    const accuracies = model.validationAccuracy;
    assert.equal(accuracies.length, model.iterations + 15);
    assert.equal(accuracies.indexOf(Math.max(...accuracies)), model.iterations - 1);
    // The recorded accuracy is the kept model's accuracy on the validation slice (10%, stratified, same seed).
    const slice = stratifiedSplit(labels, 0.1, 2).test;
    const proba = boostingProba(model, selectRows(matrixOf(rows), slice));
    assert.equal(accuracy(proba, 2, selectLabels(labels, slice)), accuracies[model.iterations - 1]);
  });

  it('early stopping with groups: one row per group is the plain slice; groups of twins give another slice', async () => {
    const { rows, labels } = noisyData();
    const params = { maxIterations: 60, learningRate: 0.3, patience: 10, refit: false, seed: 2 };
    const plain = await fitBoosting(matrixOf(rows), labels, ['a', 'b'], params, { threads: 1 });
    const singletons = Int32Array.from(labels, (_, i) => 3 * i + 1);
    const grouped = await fitBoosting(matrixOf(rows), labels, ['a', 'b'], params, { threads: 1, groups: singletons });
    assert.deepEqual(grouped.validationLoss, plain.validationLoss);
    assert.deepEqual(grouped.value, plain.value);
    // Every row twice: with the pairs as groups no row's twin is in the validation slice, so its losses differ.
    const twice = [...rows, ...rows];
    const twiceLabels = Int32Array.from([...labels, ...labels]);
    const pairs = Int32Array.from(twiceLabels, (_, i) => i % rows.length);
    const byRow = await fitBoosting(matrixOf(twice), twiceLabels, ['a', 'b'], params, { threads: 1 });
    const byPair = await fitBoosting(matrixOf(twice), twiceLabels, ['a', 'b'], params, { threads: 1, groups: pairs });
    assert.notDeepEqual(byPair.validationLoss, byRow.validationLoss);
    // Twins on both sides flatter the slice: its best loss is lower than with whole pairs held out.
    assert.ok(Math.min(...byRow.validationLoss) < Math.min(...byPair.validationLoss));
  });

  it('early stopping on windowed accuracy keeps the middle of the best window of rounds', async () => {
    const random = seededRandom(4);
    const rows = Array.from({ length: 600 }, () => [random(), random()]);
    const labels = Int32Array.from(rows, (r) => ((r[0] as number) + 0.6 * random() > 0.8 ? 1 : 0));
    const window = 5;
    const patience = 12;
    const model = await fitBoosting(
      matrixOf(rows),
      labels,
      ['a', 'b'],
      { maxIterations: 300, learningRate: 0.3, stopOn: 'accuracy', accuracyWindow: window, patience, refit: false, seed: 5 },
      { threads: 1 },
    );
    // Trailing means of the recorded accuracies, computed here from scratch.
    const accuracies = model.validationAccuracy;
    let bestEnd = 0;
    let best = -1;
    for (let end = window; end <= accuracies.length; end++) {
      const mean = accuracies.slice(end - window, end).reduce((a, b) => a + b, 0) / window;
      if (mean > best + 1e-12) {
        best = mean;
        bestEnd = end;
      }
    }
    assert.equal(accuracies.length, bestEnd + patience);
    assert.equal(model.iterations, bestEnd - 2);
  });

  it('refit: boosts again on every training row for the best round count / (1 - validation share)', async () => {
    const random = seededRandom(6);
    const rows = Array.from({ length: 400 }, () => [random(), random()]);
    const labels = Int32Array.from(rows, (r) => ((r[0] as number) + 0.6 * random() > 0.8 ? 1 : 0));
    const params = { maxIterations: 200, learningRate: 0.3, patience: 10, validationFraction: 0.2, seed: 7 };
    const searched = await fitBoosting(matrixOf(rows), labels, ['a', 'b'], { ...params, refit: false }, { threads: 1 });
    const refit = await fitBoosting(matrixOf(rows), labels, ['a', 'b'], { ...params, refit: true }, { threads: 1 });
    // Same search (same validation slice and seeds), then best rounds / 0.8 rounds on all 400 rows.
    assert.deepEqual(refit.validationLoss, searched.validationLoss);
    assert.equal(refit.validationRounds, searched.iterations);
    assert.ok(searched.iterations < 200, `${searched.iterations} rounds`);
    const rounds = Math.round(searched.iterations / 0.8);
    assert.equal(refit.iterations, rounds);
    const plain = await fitBoosting(
      matrixOf(rows),
      labels,
      ['a', 'b'],
      { ...params, validationFraction: 0, maxIterations: rounds },
      { threads: 1 },
    );
    for (const key of ['treeStart', 'feature', 'threshold', 'value', 'baseline'] as const) assert.deepEqual(refit[key], plain[key], key);
  });

  it('is identical with 1 or 2 threads', async () => {
    const train = quadrants(300, 5);
    const params = { maxIterations: 8, seed: 4, subsample: 0.7, colsample: 0.5, colsampleByNode: 0.5 };
    const one = await fitBoosting(train.matrix, train.labels, QUADRANT_CLASSES, params, { threads: 1 });
    const two = await fitBoosting(train.matrix, train.labels, QUADRANT_CLASSES, params, { threads: 2 });
    for (const key of ['treeStart', 'feature', 'threshold', 'left', 'right', 'value', 'baseline'] as const)
      assert.deepEqual(two[key], one[key], key);
    assert.deepEqual(two.validationLoss, one.validationLoss);
  });
});

describe('metrics', () => {
  // y_true / y_pred and the expected numbers: scikit-learn 1.2.1
  // classification_report(y_true, y_pred, output_dict=True, zero_division=0).
  const truth = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 3]);
  const predicted = Int32Array.from([0, 1, 0, 1, 1, 2, 0, 2, 3, 3]);

  it('classification report equals scikit-learn on a small example', () => {
    const r = classificationReport(truth, predicted, ['a', 'b', 'c', 'd']);
    const expected = [
      ['a', 0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 3],
      ['b', 0.6666666666666666, 1.0, 0.8, 2],
      ['c', 1.0, 0.5, 0.6666666666666666, 4],
      ['d', 0.5, 1.0, 0.6666666666666666, 1],
    ] as const;
    r.perClass.forEach((c, k) => {
      const [genre, precision, recall, f1, support] = expected[k] as (typeof expected)[number];
      assert.equal(c.genre, genre);
      assertClose(c.precision, precision, 1e-12, `${genre} precision`);
      assertClose(c.recall, recall, 1e-12, `${genre} recall`);
      assertClose(c.f1, f1, 1e-12, `${genre} f1`);
      assert.equal(c.support, support);
    });
    assert.equal(r.accuracy, 0.7);
    assertClose(r.macro.precision, 0.7083333333333333, 1e-12, 'macro precision');
    assertClose(r.macro.recall, 0.7916666666666666, 1e-12, 'macro recall');
    assertClose(r.macro.f1, 0.7, 1e-12, 'macro f1');
    assertClose(r.weighted.precision, 0.7833333333333333, 1e-12, 'weighted precision');
    assertClose(r.weighted.f1, 0.6933333333333334, 1e-12, 'weighted f1');
  });

  it('a class predicted but absent from y_true counts in the macro average with zeros', () => {
    // scikit-learn: classification_report([0, 0, 1, 1], [0, 2, 1, 1]) macro f1 0.5555..., weighted f1 0.8333...
    const r = classificationReport(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 2, 1, 1]), ['a', 'b', 'c', 'never']);
    assert.deepEqual(
      r.perClass.map((c) => c.genre),
      ['a', 'b', 'c'],
    );
    assertClose(r.macro.f1, 0.5555555555555556, 1e-12, 'macro f1');
    assertClose(r.weighted.f1, 0.8333333333333333, 1e-12, 'weighted f1');
  });

  it('top-k accuracy equals scikit-learn top_k_accuracy_score', () => {
    // top_k_accuracy_score([1, 1, 0, 2], P, k=1) = 0.25 and k=2 = 0.75 (scikit-learn 1.2.1).
    const P = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.6, 0.3, 0.2, 0.3, 0.5, 0.6, 0.1, 0.3]);
    const y = Int32Array.from([1, 1, 0, 2]);
    assert.equal(topKAccuracy(P, 3, y, 1), 0.25);
    assert.equal(topKAccuracy(P, 3, y, 2), 0.75);
    assert.equal(topKAccuracy(P, 3, y, 3), 1);
  });

  it('top-k does not count a zero-probability true class as a hit when few classes are positive', () => {
    // Row: only class 0 has probability; the true class 3 (probability 0) ranks after 0, 1, 2.
    const P = Float64Array.from([1, 0, 0, 0, 0]);
    assert.equal(topKAccuracy(P, 5, Int32Array.from([3]), 3), 0);
    assert.equal(topKAccuracy(P, 5, Int32Array.from([3]), 4), 1);
  });

  it('confusion pairs and any-genre accuracy by hand', () => {
    const pairs = mostConfusedPairs(confusionMatrix(truth, predicted, 4), ['a', 'b', 'c', 'd'], 3);
    assert.deepEqual(
      pairs.map((p) => [p.trueGenre, p.predictedGenre, p.count, p.shareOfTrue]),
      [
        ['a', 'b', 1, 1 / 3],
        ['c', 'a', 1, 1 / 4],
        ['c', 'd', 1, 1 / 4],
      ],
    );
    // Row 1 (true a, predicted b) also carries genre b; row 6 (true c, predicted a) carries only c.
    const extra: Record<number, number[]> = { 1: [1] };
    const anyGenre = anyLabelAccuracy(predicted, (row) => [truth[row] as number, ...(extra[row] ?? [])]);
    assert.equal(anyGenre, 0.8);
  });
});

describe('stratified split', () => {
  it('allocates per class like scikit-learn _approximate_mode', () => {
    // counts [10, 6, 4], 16 draws: shares 8, 4.8, 3.2 -> floors 8, 4, 3, the largest remainder (0.8) gets the last.
    assert.deepEqual(approximateMode([10, 6, 4], 16, seededRandom(1)), [8, 5, 3]);
    const labels = Int32Array.from([...Array(10).fill(0), ...Array(6).fill(1), ...Array(4).fill(2)]);
    const split = stratifiedSplit(labels, 0.2, 42);
    assert.equal(split.test.length, 4); // ceil(0.2 * 20)
    const trainPerClass = [0, 1, 2].map((c) => Array.from(split.train).filter((i) => labels[i] === c).length);
    assert.deepEqual(trainPerClass, [8, 5, 3]);
    assert.deepEqual(
      [...split.train, ...split.test].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('is seeded: same seed same split, another seed another split', () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 7);
    assert.deepEqual(stratifiedSplit(labels, 0.2, 1), stratifiedSplit(labels, 0.2, 1));
    assert.notDeepEqual(stratifiedSplit(labels, 0.2, 1).test, stratifiedSplit(labels, 0.2, 2).test);
  });

  it('k folds: every row in one fold, folds and classes balanced within one row', () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => (i * 7) % 5);
    const fold = stratifiedFolds(labels, 4, 3);
    const sizes = [0, 1, 2, 3].map((k) => fold.filter((f) => f === k).length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, String(sizes));
    for (let c = 0; c < 5; c++) {
      const perFold = [0, 1, 2, 3].map((k) => Array.from(fold).filter((f, i) => f === k && labels[i] === c).length);
      assert.ok(Math.max(...perFold) - Math.min(...perFold) <= 1, `class ${c}: ${perFold}`);
    }
  });
});
