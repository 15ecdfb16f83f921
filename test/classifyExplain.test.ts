import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binMatrix } from '../src/classify/binning.js';
import { explainPredictions, MAX_EXPLAIN_ROWS } from '../src/classify/explain.js';
import type { FeatureMatrix } from '../src/classify/features.js';
import { fitForest, forestProba } from '../src/classify/forest.js';
import { boostingProba, fitBoosting } from '../src/classify/gbdt.js';
import { expectedValue, type LeafValues, type ShapTree, TreeShap } from '../src/classify/treeShap.js';
import { InputError } from '../src/data/errors.js';
import { seededRandom } from '../src/stats/random.js';
import { assertClose } from './helpers.js';

/** A tree from nodes listed as [feature, threshold, left, right, cover, value] (feature -1: leaf). */
function treeOf(nodes: [number, number, number, number, number, number][]): { tree: ShapTree; value: LeafValues } {
  const tree: ShapTree = {
    feature: Int16Array.from(nodes.map((n) => n[0])),
    threshold: Uint8Array.from(nodes.map((n) => n[1])),
    left: Int32Array.from(nodes.map((n) => n[2])),
    right: Int32Array.from(nodes.map((n) => n[3])),
    cover: Float32Array.from(nodes.map((n) => n[4])),
  };
  return {
    tree,
    value: (node, out) => {
      out[0] = (nodes[node] as number[])[5] as number;
    },
  };
}

/** E[tree | features in S fixed to the row], the others integrated out by cover (TreeSHAP's coalition value). */
function conditional(tree: ShapTree, node: number, row: number[], known: (f: number) => boolean, value: LeafValues): number {
  const f = tree.feature[node] as number;
  const out = new Float64Array(1);
  if (f < 0) {
    value(node, out);
    return out[0] as number;
  }
  const left = (tree.left as Int32Array)[node] as number;
  const right = tree.right[node] as number;
  if (known(f)) return conditional(tree, (row[f] as number) <= (tree.threshold[node] as number) ? left : right, row, known, value);
  const c = tree.cover[node] as number;
  return (
    ((tree.cover[left] as number) / c) * conditional(tree, left, row, known, value) +
    ((tree.cover[right] as number) / c) * conditional(tree, right, row, known, value)
  );
}

/** Shapley values by enumerating every coalition (2^features), from the definition. */
function bruteForceShapley(coalitionValue: (inS: (f: number) => boolean) => number, features: number): number[] {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Array<number>(features).fill(0);
  for (let i = 0; i < features; i++) {
    for (let mask = 0; mask < 1 << features; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let f = 0; f < features; f++) if (mask & (1 << f)) size++;
      const weight = (factorial(size) * factorial(features - size - 1)) / factorial(features);
      const withI = coalitionValue((f) => ((mask | (1 << i)) & (1 << f)) !== 0);
      const without = coalitionValue((f) => (mask & (1 << f)) !== 0);
      phi[i] = (phi[i] as number) + weight * (withI - without);
    }
  }
  return phi;
}

/** A random tree over `features` features (features repeat along paths), covers that add up. */
function randomTree(random: () => number, features: number, depth: number): { tree: ShapTree; value: LeafValues } {
  const nodes: [number, number, number, number, number, number][] = [];
  const grow = (cover: number, level: number): number => {
    const id = nodes.length;
    nodes.push([-1, 0, -1, -1, cover, Math.round((random() * 10 - 5) * 100) / 100]);
    if (level < depth && random() < 0.8) {
      const share = 0.1 + 0.8 * random();
      const node = nodes[id] as [number, number, number, number, number, number];
      node[0] = Math.floor(random() * features);
      node[1] = Math.floor(random() * 4);
      node[2] = grow(cover * share, level + 1);
      node[3] = grow(cover * (1 - share), level + 1);
    }
    return id;
  };
  grow(100, 0);
  return treeOf(nodes);
}

describe('TreeSHAP', () => {
  it('a hand-made tree: the values computed by hand from the definition', () => {
    // root: x0 <= 0 ? (x1 <= 0 ? 1 : 3) : 5, covers 10 -> 6 (2, 4) and 4.
    const { tree, value } = treeOf([
      [0, 0, 1, 4, 10, 0],
      [1, 0, 2, 3, 6, 0],
      [-1, 0, -1, -1, 2, 1],
      [-1, 0, -1, -1, 4, 3],
      [-1, 0, -1, -1, 4, 5],
    ]);
    // Row (x0 bin 0, x1 bin 1) -> 3. v() = 0.6 (1/3 + 2) + 0.4 * 5 = 3.4; v(x0) = 7/3; v(x1) = 0.6 * 3 + 2 = 3.8;
    // phi0 = ((7/3 - 3.4) + (3 - 3.8)) / 2 = -14/15; phi1 = ((3.8 - 3.4) + (3 - 7/3)) / 2 = 8/15.
    const phi = new Float64Array(2);
    new TreeShap(2, 1).explain(tree, 0, (f) => [0, 1][f] as number, value, phi);
    assertClose(phi[0] as number, -14 / 15, 1e-12, 'phi x0');
    assertClose(phi[1] as number, 8 / 15, 1e-12, 'phi x1');
    assertClose(expectedValue(tree, 0, value, 1)[0] as number, 3.4, 1e-12, 'expected value');
  });

  it('equals brute-force Shapley values on random trees with features repeated along paths', () => {
    const random = seededRandom(7);
    const features = 4;
    for (let trial = 0; trial < 40; trial++) {
      const { tree, value } = randomTree(random, features, 2 + (trial % 6));
      const row = Array.from({ length: features }, () => Math.floor(random() * 4));
      const phi = new Float64Array(features);
      new TreeShap(features, 1).explain(tree, 0, (f) => row[f] as number, value, phi);
      const expected = bruteForceShapley((inS) => conditional(tree, 0, row, inS, value), features);
      for (let f = 0; f < features; f++) assertClose(phi[f] as number, expected[f] as number, 1e-9, `trial ${trial} feature ${f}`);
      const total = phi.reduce((a, b) => a + b, 0) + (expectedValue(tree, 0, value, 1)[0] as number);
      assertClose(
        total,
        conditional(tree, 0, row, () => true, value),
        1e-9,
        `trial ${trial} local accuracy`,
      );
    }
  });
});

/** Three classes from four features with interactions (x0 x x2), plus noise; column-major. */
function data(n: number, seed: number): { matrix: FeatureMatrix; labels: Int32Array } {
  const random = seededRandom(seed);
  const values = new Float64Array(n * 4);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = [random(), random(), random(), random()];
    x.forEach((v, f) => {
      values[f * n + i] = v;
    });
    labels[i] = (x[0] as number) > 0.6 ? 0 : (x[2] as number) + 0.3 * (x[1] as number) > 0.5 ? 1 : 2;
    if (random() < 0.1) labels[i] = Math.floor(random() * 3);
  }
  return { matrix: { names: ['a', 'b', 'c', 'd'], rows: n, values }, labels };
}

describe('explainPredictions', () => {
  const train = data(600, 1);
  const test = data(40, 2);
  const classNames = ['zero', 'one', 'two'];

  it('boosting: base + contributions = the margin, margins agree with the probabilities, and equal brute-force Shapley', async () => {
    const model = await fitBoosting(
      train.matrix,
      train.labels,
      classNames,
      { maxIterations: 12, validationFraction: 0, maxLeaves: 8 },
      { threads: 1 },
    );
    const explained = explainPredictions(model, test.matrix, 3);
    assert.equal(explained.scale, 'margin');
    const proba = boostingProba(model, test.matrix);
    const codes = binMatrix(model.bins, test.matrix);
    const trees = model.treeStart.length - 1;
    explained.rows.forEach((genres, i) => {
      assert.equal(genres.length, 3);
      for (const g of genres) {
        const total = g.baseValue + g.contributions.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - g.score) <= 1e-9, `row ${i} ${g.genre}: ${total} vs ${g.score}`);
        assertClose(g.probability, proba[i * 3 + classNames.indexOf(g.genre)] as number, 0, 'probability');
      }
      // Softmax: log(p_a / p_b) = margin_a - margin_b, an independent check of the scores explained.
      const [a, b] = genres as [(typeof genres)[0], (typeof genres)[0]];
      assertClose(Math.log(a.probability / b.probability), a.score - b.score, 1e-9, `row ${i} margins`);
      // Brute force over the 16 coalitions of the class's trees.
      const c = classNames.indexOf(a.genre);
      const row = [0, 1, 2, 3].map((f) => codes[f * test.matrix.rows + i] as number);
      const view: ShapTree = {
        feature: model.feature,
        threshold: model.threshold,
        left: model.left,
        right: model.right,
        cover: model.cover,
      };
      const leaf: LeafValues = (node, out) => {
        out[0] = model.value[node] as number;
      };
      const expected = bruteForceShapley((inS) => {
        let v = 0;
        for (let t = c; t < trees; t += 3) v += conditional(view, model.treeStart[t] as number, row, inS, leaf);
        return v;
      }, 4);
      a.contributions.forEach((x, f) => {
        assertClose(x, expected[f] as number, 1e-9, `row ${i} feature ${f}`);
      });
    });
  });

  it('forest: base + contributions = the probability, for the top genres', async () => {
    const model = await fitForest(train.matrix, train.labels, classNames, { nEstimators: 8, maxDepth: 6 }, { threads: 1 });
    const explained = explainPredictions(model, test.matrix, 2);
    assert.equal(explained.scale, 'probability');
    const proba = forestProba(model, test.matrix);
    explained.rows.forEach((genres, i) => {
      assert.equal(genres.length, 2);
      assert.ok((genres[0]?.probability as number) >= (genres[1]?.probability as number));
      for (const g of genres) {
        const p = proba[i * 3 + classNames.indexOf(g.genre)] as number;
        assertClose(g.score, p, 1e-12, 'score is the probability');
        const total = g.baseValue + g.contributions.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - p) <= 1e-9, `row ${i} ${g.genre}: ${total} vs ${p}`);
      }
    });
    // The feature that decides class "zero" (a > 0.6) carries its explanation.
    const zeroRows = explained.rows.flatMap((genres) => genres.filter((g) => g.genre === 'zero' && g.probability > 0.8));
    assert.ok(zeroRows.length > 0);
    for (const g of zeroRows) {
      const strongest = g.contributions.indexOf(Math.max(...g.contributions));
      assert.equal(strongest, 0, `contributions ${g.contributions}`);
    }
  });

  it('refuses more rows than a request may explain, and a bad top', async () => {
    const model = await fitForest(train.matrix, train.labels, classNames, { nEstimators: 2 }, { threads: 1 });
    const big = data(MAX_EXPLAIN_ROWS + 1, 3).matrix;
    assert.throws(
      () => explainPredictions(model, big),
      (e) => e instanceof InputError && /at most 1000 rows/.test(e.message),
    );
    assert.throws(
      () => explainPredictions(model, test.matrix, 4),
      (e) => e instanceof InputError && /top must be/.test(e.message),
    );
  });
});
