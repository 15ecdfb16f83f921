/**
 * Our TreeSHAP beside XGBoost's own pred_contribs on the same trees: XGBoost (Debian python3-xgboost,
 * installed by bench/run.sh) fits a small softmax model on made-up data; its trees, exported as JSON
 * with their covers, are read into our ShapTree form, and our contributions and base values must match
 * XGBoost's for every test row, class and feature. Skipped when python3 cannot import xgboost.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { expectedValue, type LeafValues, type ShapTree, TreeShap } from '../src/classify/treeShap.js';
import { seededRandom } from '../src/stats/random.js';

const PYTHON = '/usr/bin/python3';
const hasXgboost = spawnSync(PYTHON, ['-c', 'import xgboost'], { encoding: 'utf8' }).status === 0;

// Reads rows and labels as JSON on stdin; prints the trees (JSON dump with covers), the base score,
// the contributions (rows x classes x (features + 1), the last being the bias) and the margins.
const SCRIPT = `
import json, sys
import numpy as np
import xgboost as xgb
data = json.load(sys.stdin)
X, y, T = np.array(data["train"]), np.array(data["labels"]), np.array(data["test"])
model = xgb.XGBClassifier(tree_method="hist", n_estimators=4, max_depth=3, learning_rate=0.5, max_bin=16,
                          objective="multi:softprob", n_jobs=1, random_state=0)
model.fit(X, y)
booster = model.get_booster()
test = xgb.DMatrix(T)
config = json.loads(booster.save_config())
print(json.dumps({
    "trees": [json.loads(t) for t in booster.get_dump(dump_format="json", with_stats=True)],
    "baseScore": float(config["learner"]["learner_model_param"]["base_score"]),
    "contribs": booster.predict(test, pred_contribs=True).tolist(),
    "margins": booster.predict(test, output_margin=True).tolist(),
}))
`;

interface XgbNode {
  nodeid: number;
  split?: string;
  split_condition?: number;
  yes?: number;
  no?: number;
  cover: number;
  leaf?: number;
  children?: XgbNode[];
}

/**
 * One XGBoost tree as a ShapTree over codes: XGBoost sends x left when x < condition, so with the
 * sorted distinct conditions of each feature (as float32, as XGBoost compares), a row's code is the
 * number of conditions <= x and a node
 * with the j-th condition sends it left when code <= j.
 */
function toShapTree(root: XgbNode, conditions: number[][]): { tree: ShapTree; leafValue: Float64Array } {
  const nodes: XgbNode[] = [];
  const byId = new Map<number, XgbNode>();
  const collect = (n: XgbNode) => {
    byId.set(n.nodeid, n);
    for (const c of n.children ?? []) collect(c);
  };
  collect(root);
  const order = (n: XgbNode) => {
    nodes.push(n);
    if (n.leaf === undefined) {
      order(byId.get(n.yes as number) as XgbNode);
      order(byId.get(n.no as number) as XgbNode);
    }
  };
  order(root);
  const at = new Map(nodes.map((n, i) => [n.nodeid, i]));
  const featureOf = (n: XgbNode) => (n.leaf === undefined ? Number((n.split as string).slice(1)) : -1);
  const tree: ShapTree = {
    feature: Int16Array.from(nodes, featureOf),
    threshold: Uint8Array.from(nodes, (n) =>
      n.leaf === undefined ? (conditions[featureOf(n)] as number[]).indexOf(Math.fround(n.split_condition as number)) : 0,
    ),
    left: Int32Array.from(nodes, (n) => (n.leaf === undefined ? (at.get(n.yes as number) as number) : -1)),
    right: Int32Array.from(nodes, (n) => (n.leaf === undefined ? (at.get(n.no as number) as number) : -1)),
    cover: Float32Array.from(nodes, (n) => n.cover),
  };
  return { tree, leafValue: Float64Array.from(nodes, (n) => n.leaf ?? 0) };
}

describe('TreeSHAP beside XGBoost pred_contribs', { skip: hasXgboost ? false : 'python3 cannot import xgboost' }, () => {
  it('matches XGBoost contributions and base values on its own trees (3 classes, 4 features, depth 3)', () => {
    const random = seededRandom(17);
    const features = 4;
    const row = () => Array.from({ length: features }, () => Math.round(random() * 1000) / 1000);
    const train = Array.from({ length: 300 }, row);
    // Class from a noisy mix of the first three features (the fourth is noise).
    const labels = train.map((r) => {
      const s = (r[0] as number) + 0.5 * (r[1] as number) - 0.7 * (r[2] as number) + 0.3 * random();
      return s < 0.2 ? 0 : s < 0.6 ? 1 : 2;
    });
    const test = Array.from({ length: 40 }, row);
    const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify({ train, labels, test }), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { trees: XgbNode[]; baseScore: number; contribs: number[][][]; margins: number[][] };
    const classes = 3;
    assert.equal(out.trees.length, 4 * classes);

    const conditions: number[][] = Array.from({ length: features }, () => []);
    const gather = (n: XgbNode) => {
      if (n.leaf === undefined)
        (conditions[Number((n.split as string).slice(1))] as number[]).push(Math.fround(n.split_condition as number));
      for (const c of n.children ?? []) gather(c);
    };
    for (const t of out.trees) gather(t);
    for (let f = 0; f < features; f++) conditions[f] = [...new Set(conditions[f])].sort((a, b) => a - b);
    const trees = out.trees.map((t) => toShapTree(t, conditions));

    const shap = new TreeShap(features, 1);
    let compared = 0;
    test.forEach((x, i) => {
      // XGBoost compares in float32.
      const codes = x.map((v, f) => (conditions[f] as number[]).filter((c) => c <= Math.fround(v)).length);
      for (let k = 0; k < classes; k++) {
        const phi = new Float64Array(features);
        let base = out.baseScore;
        let margin = out.baseScore;
        trees.forEach(({ tree, leafValue }, t) => {
          if (t % classes !== k) return;
          const values: LeafValues = (node, o) => {
            o[0] = leafValue[node] as number;
          };
          shap.explain(tree, 0, (f) => codes[f] as number, values, phi);
          base += expectedValue(tree, 0, values, 1)[0] as number;
          let node = 0;
          while ((tree.feature[node] as number) >= 0)
            node =
              (codes[tree.feature[node] as number] as number) <= (tree.threshold[node] as number)
                ? (tree.left?.[node] as number)
                : (tree.right[node] as number);
          margin += leafValue[node] as number;
        });
        const theirs = (out.contribs[i] as number[][])[k] as number[];
        // XGBoost computes in float32: agreement to 1e-5 on values of order 1.
        for (let f = 0; f < features; f++)
          assert.ok(
            Math.abs((phi[f] as number) - (theirs[f] as number)) < 1e-5,
            `row ${i} class ${k} feature ${f}: ${phi[f]} vs ${theirs[f]}`,
          );
        assert.ok(Math.abs(base - (theirs[features] as number)) < 1e-5, `row ${i} class ${k} base: ${base} vs ${theirs[features]}`);
        // Our tree walk reproduces XGBoost's margin, and ours add up to it exactly (to 1e-9).
        assert.ok(Math.abs(margin - ((out.margins[i] as number[])[k] as number)) < 1e-5, `row ${i} class ${k} margin`);
        assert.ok(Math.abs(base + phi.reduce((a, b) => a + b, 0) - margin) < 1e-9, `row ${i} class ${k}: contributions + base = margin`);
        compared++;
      }
    });
    assert.equal(compared, test.length * classes);
  });
});
