/**
 * "Why this genre?": exact TreeSHAP contributions per feature for a row's top-k predicted genres.
 * Boosting is explained in its raw score (the softmax margin of the genre: baseline + its trees), the
 * forest in probability (the mean over trees of the leaf's share of the genre). For every genre
 * explained, baseValue + the sum of the contributions equals that score (up to rounding).
 */
import { InputError } from '../data/errors.js';
import { binMatrix } from './binning.js';
import type { FeatureMatrix } from './features.js';
import type { ForestModel } from './forest.js';
import type { BoostingModel } from './gbdt.js';
import { topClasses } from './metrics.js';
import { type GenreModel, predictProba } from './model.js';
import { expectedValue, type LeafValues, type ShapTree, TreeShap } from './treeShap.js';

export const MAX_EXPLAIN_ROWS = 1000;

export interface GenreExplanation {
  genre: string;
  probability: number;
  /** What is explained: the genre's raw boosting score, or the forest's probability. */
  score: number;
  /** The score with every feature integrated out (over the training rows, by node cover). */
  baseValue: number;
  /** One per feature, in the model's feature order; baseValue + their sum = score. */
  contributions: number[];
}

export interface Explanations {
  /** "margin": boosting's raw score before the softmax; "probability": the forest's output. */
  scale: 'margin' | 'probability';
  features: string[];
  rows: GenreExplanation[][];
}

function treeView(model: GenreModel): ShapTree {
  return {
    feature: model.feature,
    threshold: model.threshold,
    left: model.kind === 'gbdt' ? model.left : null,
    right: model.right,
    cover: model.cover,
  };
}

/** Contributions for the `top` most likely genres of each row (at most MAX_EXPLAIN_ROWS rows). */
export function explainPredictions(model: GenreModel, matrix: FeatureMatrix, top = 3): Explanations {
  const classes = model.classNames.length;
  if (matrix.rows > MAX_EXPLAIN_ROWS)
    throw new InputError(`explanations: at most ${MAX_EXPLAIN_ROWS} rows per request, got ${matrix.rows}`);
  if (!Number.isInteger(top) || top < 1 || top > classes)
    throw new InputError(`explanations: top must be a whole number from 1 to ${classes}, got ${top}`);
  const proba = predictProba(model, matrix); // also checks the features
  const codes = binMatrix(model.bins, matrix);
  const explain = model.kind === 'gbdt' ? boostingExplainer(model) : forestExplainer(model);
  const rows: GenreExplanation[][] = [];
  for (let i = 0; i < matrix.rows; i++) {
    const wanted = topClasses(proba, classes, i, top);
    const code = (f: number) => codes[f * matrix.rows + i] as number;
    const explained = explain(wanted, code);
    rows.push(
      wanted.map((c, j) => ({
        genre: model.classNames[c] as string,
        probability: proba[i * classes + c] as number,
        ...(explained[j] as Omit<GenreExplanation, 'genre' | 'probability'>),
      })),
    );
  }
  return { scale: model.kind === 'gbdt' ? 'margin' : 'probability', features: [...model.featureNames], rows };
}

type Explainer = (wanted: number[], code: (f: number) => number) => Omit<GenreExplanation, 'genre' | 'probability'>[];

function boostingExplainer(model: BoostingModel): Explainer {
  const classes = model.classNames.length;
  const d = model.featureNames.length;
  const tree = treeView(model);
  const trees = model.treeStart.length - 1;
  const value: LeafValues = (node, out) => {
    out[0] = model.value[node] as number;
  };
  // Base value of each class: its baseline plus every tree's expectation.
  const base = Float64Array.from(model.baseline);
  for (let t = 0; t < trees; t++)
    base[t % classes] = (base[t % classes] as number) + (expectedValue(tree, model.treeStart[t] as number, value, 1)[0] as number);
  const shap = new TreeShap(d, 1);
  return (wanted, code) =>
    wanted.map((c) => {
      const phi = new Float64Array(d);
      let score = model.baseline[c] as number;
      for (let t = c; t < trees; t += classes) {
        const root = model.treeStart[t] as number;
        shap.explain(tree, root, code, value, phi);
        let node = root;
        while ((model.feature[node] as number) >= 0)
          node =
            code(model.feature[node] as number) <= (model.threshold[node] as number)
              ? (model.left[node] as number)
              : (model.right[node] as number);
        score += model.value[node] as number;
      }
      return { score, baseValue: base[c] as number, contributions: Array.from(phi) };
    });
}

function forestExplainer(model: ForestModel): Explainer {
  const classes = model.classNames.length;
  const d = model.featureNames.length;
  const tree = treeView(model);
  const trees = model.treeStart.length - 1;
  const leafValues =
    (wanted: number[]): LeafValues =>
    (node, out) => {
      out.fill(0);
      const start = model.valueStart[node] as number;
      const end = start + (model.valueCount[node] as number);
      for (let v = start; v < end; v++) {
        const j = wanted.indexOf(model.valueClass[v] as number);
        if (j >= 0) out[j] = model.valueProb[v] as number;
      }
    };
  // Base values: each tree's expectation (expectedValue's arithmetic, in one forward pass over the
  // preorder nodes, parents before children, adding only each leaf's stored genres).
  const base = new Float64Array(classes);
  const share = new Float64Array(model.feature.length);
  const expectation = new Float64Array(classes);
  for (let t = 0; t < trees; t++) {
    const root = model.treeStart[t] as number;
    expectation.fill(0);
    share[root] = 1;
    for (let node = root; node < (model.treeStart[t + 1] as number); node++) {
      const s = share[node] as number;
      if ((model.feature[node] as number) >= 0) {
        const cover = model.cover[node] as number;
        const right = model.right[node] as number;
        share[node + 1] = (s * (model.cover[node + 1] as number)) / cover;
        share[right] = (s * (model.cover[right] as number)) / cover;
        continue;
      }
      const start = model.valueStart[node] as number;
      for (let v = start; v < start + (model.valueCount[node] as number); v++) {
        const c = model.valueClass[v] as number;
        expectation[c] = (expectation[c] as number) + s * (model.valueProb[v] as number);
      }
    }
    for (let c = 0; c < classes; c++) base[c] = (base[c] as number) + (expectation[c] as number) / trees;
  }
  // Which genres each subtree's leaves hold (a bit set per node), so TreeSHAP skips the subtrees where
  // the genres asked about never appear: their leaves are worth 0, and most of a grown tree is such.
  const words = Math.ceil(classes / 32);
  const nodes = model.feature.length;
  const holds = new Uint32Array(nodes * words);
  for (let node = nodes - 1; node >= 0; node--) {
    const at = node * words;
    if ((model.feature[node] as number) < 0) {
      const start = model.valueStart[node] as number;
      for (let v = start; v < start + (model.valueCount[node] as number); v++) {
        const c = model.valueClass[v] as number;
        holds[at + (c >> 5)] = (holds[at + (c >> 5)] as number) | (1 << (c & 31));
      }
    } else {
      const left = (node + 1) * words;
      const right = (model.right[node] as number) * words;
      for (let w = 0; w < words; w++) holds[at + w] = ((holds[left + w] as number) | (holds[right + w] as number)) >>> 0;
    }
  }
  return (wanted, code) => {
    const k = wanted.length;
    const shap = new TreeShap(d, k);
    const phi = new Float64Array(d * k);
    const values = leafValues(wanted);
    const mask = new Uint32Array(words);
    for (const c of wanted) mask[c >> 5] = (mask[c >> 5] as number) | (1 << (c & 31));
    const skip = (node: number) => {
      for (let w = 0; w < words; w++) if (((holds[node * words + w] as number) & (mask[w] as number)) !== 0) return false;
      return true;
    };
    const leaf = new Float64Array(k);
    const score = new Float64Array(k);
    for (let t = 0; t < trees; t++) {
      shap.explain(tree, model.treeStart[t] as number, code, values, phi, skip);
      let node = model.treeStart[t] as number;
      while ((model.feature[node] as number) >= 0)
        node = code(model.feature[node] as number) <= (model.threshold[node] as number) ? node + 1 : (model.right[node] as number);
      values(node, leaf);
      for (let j = 0; j < k; j++) score[j] = (score[j] as number) + (leaf[j] as number);
    }
    return wanted.map((c, j) => ({
      score: (score[j] as number) / trees,
      baseValue: base[c] as number,
      contributions: Array.from({ length: d }, (_, f) => (phi[f * k + j] as number) / trees),
    }));
  };
}

/** A genre's explanation with contributions keyed by feature name (for JSON answers). */
export interface NamedExplanation extends Omit<GenreExplanation, 'contributions'> {
  contributions: Record<string, number>;
}

export function namedExplanations(e: Explanations): NamedExplanation[][] {
  return e.rows.map((genres) =>
    genres.map((g) => ({ ...g, contributions: Object.fromEntries(e.features.map((f, j) => [f, g.contributions[j] as number])) })),
  );
}

/** One line per genre: the score as base + the largest contributions (by size), e.g. for a terminal. */
export function describeExplanation(g: GenreExplanation, features: readonly string[], scale: Explanations['scale'], shown = 4): string {
  const order = g.contributions
    .map((_, f) => f)
    .sort((a, b) => Math.abs(g.contributions[b] as number) - Math.abs(g.contributions[a] as number));
  const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(3)}`;
  const parts = order.slice(0, shown).map((f) => `${features[f]} ${signed(g.contributions[f] as number)}`);
  const rest = order.slice(shown).reduce((s, f) => s + (g.contributions[f] as number), 0);
  if (order.length > shown) parts.push(`others ${signed(rest)}`);
  return `${scale} ${g.score.toFixed(3)} = base ${g.baseValue.toFixed(3)} ${parts.join(', ')}`;
}
