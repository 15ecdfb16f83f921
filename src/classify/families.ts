/**
 * Genre families: the 114 genres grouped by how a classifier confuses them, derived on training data
 * only. The similarity of two genres is their symmetrized confusion rate on out-of-fold predictions of
 * the training tracks, (C[a][b] + C[b][a]) / (n_a + n_b); families are built by average-linkage
 * agglomerative clustering on it, never merging past a cap on a family's share of the tracks, until
 * the number of families asked for is reached.
 */
import { InputError } from '../data/errors.js';
import { type FeatureMatrix, selectLabels, selectRows } from './features.js';
import { fitModel, predictProba } from './model.js';
import { foldSplit, stratifiedFolds } from './split.js';

export interface FamilyOptions {
  /** Families wanted (default 12). */
  families?: number;
  /** Largest share of the tracks one family may hold (default 0.2). */
  maxShare?: number;
}

/**
 * Family index (0..families-1) of each class. `confusion` is row-major C x C (true -> predicted) and
 * `sizes` the tracks per class. Families are numbered by size, largest first; ties by first class.
 */
export function deriveFamilies(confusion: Float64Array | Int32Array, sizes: Float64Array, options: FamilyOptions = {}): Int32Array {
  const classes = sizes.length;
  const target = options.families ?? 12;
  const maxShare = options.maxShare ?? 0.2;
  if (confusion.length !== classes * classes) throw new InputError('families: the confusion matrix must be classes x classes');
  if (!Number.isInteger(target) || target < 1 || target > classes)
    throw new InputError(`families: the number of families must be 1-${classes}`);
  const total = sizes.reduce((a, b) => a + b, 0);
  const cap = maxShare * total;
  // Pairwise similarity, then cluster-to-cluster sums of it (average linkage = sum / (|A| |B|)).
  const link = new Float64Array(classes * classes);
  for (let a = 0; a < classes; a++)
    for (let b = 0; b < classes; b++)
      if (a !== b)
        link[a * classes + b] =
          ((confusion[a * classes + b] as number) + (confusion[b * classes + a] as number)) /
          Math.max(1, (sizes[a] as number) + (sizes[b] as number));
  const members = Array.from({ length: classes }, (_, c) => [c]);
  const weight = Float64Array.from(sizes);
  const alive = new Uint8Array(classes).fill(1);
  let clusters = classes;
  while (clusters > target) {
    let best = -1;
    let bestA = -1;
    let bestB = -1;
    for (let a = 0; a < classes; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < classes; b++) {
        if (!alive[b] || (weight[a] as number) + (weight[b] as number) > cap) continue;
        const score = (link[a * classes + b] as number) / ((members[a] as number[]).length * (members[b] as number[]).length);
        if (score > best) {
          best = score;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) break; // no pair fits under the cap
    // Merge b into a: link sums add.
    for (let c = 0; c < classes; c++) {
      const sum = (link[bestA * classes + c] as number) + (link[bestB * classes + c] as number);
      link[bestA * classes + c] = sum;
      link[c * classes + bestA] = sum;
    }
    (members[bestA] as number[]).push(...(members[bestB] as number[]));
    weight[bestA] = (weight[bestA] as number) + (weight[bestB] as number);
    alive[bestB] = 0;
    clusters--;
  }
  const order = members
    .map((m, a) => ({ m, a }))
    .filter(({ a }) => alive[a])
    .sort((x, y) => (weight[y.a] as number) - (weight[x.a] as number) || Math.min(...x.m) - Math.min(...y.m));
  const familyOf = new Int32Array(classes);
  order.forEach(({ m }, f) => {
    for (const c of m) familyOf[c] = f;
  });
  return familyOf;
}

/**
 * Soft confusion of out-of-fold predictions on the given (training) rows: C[a][b] = the summed
 * probability of genre b over the rows of genre a, each row predicted by a random forest fitted on the
 * other folds (stratified k folds). Probabilities rather than argmax counts: 114 x 114 cells from a
 * few thousand tracks are too sparse as counts. Nothing outside `matrix` is seen.
 */
export async function outOfFoldConfusion(
  matrix: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
  seed: number,
  folds = 5,
  threads?: number,
): Promise<Float64Array> {
  const fold = stratifiedFolds(labels, folds, seed);
  const classes = classNames.length;
  const confusion = new Float64Array(classes * classes);
  for (let k = 0; k < folds; k++) {
    const split = foldSplit(fold, k);
    const model = await fitModel(
      selectRows(matrix, split.train),
      selectLabels(labels, split.train),
      classNames,
      { kind: 'rf', seed },
      threads ? { threads } : {},
    );
    const proba = predictProba(model, selectRows(matrix, split.test));
    split.test.forEach((row, j) => {
      const at = (labels[row] as number) * classes;
      for (let c = 0; c < classes; c++) confusion[at + c] = (confusion[at + c] as number) + (proba[j * classes + c] as number);
    });
  }
  return confusion;
}
