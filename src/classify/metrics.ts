/**
 * Classification metrics with scikit-learn's definitions: classification_report (per-class precision,
 * recall, F1, support over the labels present in y_true or y_pred; zero_division = 0; macro and
 * support-weighted averages), top-k accuracy, plus "any-genre" accuracy and the most confused pairs.
 * Probabilities are row-major: proba[i * classes + c].
 */

export interface ClassScores {
  genre: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  perClass: ClassScores[];
  accuracy: number;
  macro: Averages;
  weighted: Averages;
}

/** The most likely class of each row (ties: the lower class index, as numpy argmax). */
export function argmaxRows(proba: Float64Array, classes: number): Int32Array {
  const rows = proba.length / classes;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const at = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if ((proba[at + c] as number) > (proba[at + best] as number)) best = c;
    out[i] = best;
  }
  return out;
}

/** The k most likely classes of row i, most likely first (ties: the lower class index first). */
export function topClasses(proba: Float64Array, classes: number, row: number, k: number): number[] {
  const at = row * classes;
  const order = Array.from({ length: classes }, (_, c) => c);
  order.sort((a, b) => (proba[at + b] as number) - (proba[at + a] as number) || a - b);
  return order.slice(0, Math.min(k, classes));
}

/**
 * Share of rows whose true class is among the k most likely, ranking as topClasses does: a class with
 * a probability tied with the true class's counts ahead of it when its index is lower.
 */
export function topKAccuracy(proba: Float64Array, classes: number, truth: Int32Array, k: number): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) {
    const at = i * classes;
    const t = truth[i] as number;
    const p = proba[at + t] as number;
    let ahead = 0;
    for (let c = 0; c < classes && ahead < k; c++) {
      const q = proba[at + c] as number;
      if (q > p || (q === p && c < t)) ahead++;
    }
    if (ahead < k) hits++;
  }
  return truth.length ? hits / truth.length : Number.NaN;
}

export function classificationReport(truth: Int32Array, predicted: Int32Array, classNames: readonly string[]): ClassificationReport {
  const classes = classNames.length;
  const tp = new Float64Array(classes);
  const support = new Float64Array(classes);
  const predictedCount = new Float64Array(classes);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    support[t] = (support[t] as number) + 1;
    predictedCount[p] = (predictedCount[p] as number) + 1;
    if (t === p) {
      tp[t] = (tp[t] as number) + 1;
      correct++;
    }
  }
  const perClass: ClassScores[] = [];
  for (let c = 0; c < classes; c++) {
    const s = support[c] as number;
    const pc = predictedCount[c] as number;
    if (s === 0 && pc === 0) continue; // not among y_true or y_pred: scikit-learn leaves it out
    const precision = pc > 0 ? (tp[c] as number) / pc : 0;
    const recall = s > 0 ? (tp[c] as number) / s : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ genre: classNames[c] as string, precision, recall, f1, support: s });
  }
  const total = truth.length;
  const average = (weighted: boolean): Averages => {
    const out = { precision: 0, recall: 0, f1: 0, support: total };
    for (const r of perClass) {
      const w = weighted ? r.support / total : 1 / perClass.length;
      out.precision += w * r.precision;
      out.recall += w * r.recall;
      out.f1 += w * r.f1;
    }
    return out;
  };
  return { perClass, accuracy: total ? correct / total : Number.NaN, macro: average(false), weighted: average(true) };
}

/**
 * Share of rows whose predicted genre is any of the row's genres (a track listed under several genres
 * is right when the prediction is one of them). genresOfRow(i) lists row i's genres as class indexes.
 */
export function anyLabelAccuracy(predicted: Int32Array, genresOfRow: (row: number) => readonly number[]): number {
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (genresOfRow(i).includes(predicted[i] as number)) hits++;
  return predicted.length ? hits / predicted.length : Number.NaN;
}

/** confusion[t * classes + p]: rows of true class t predicted as p. */
export function confusionMatrix(truth: Int32Array, predicted: Int32Array, classes: number): Int32Array {
  const out = new Int32Array(classes * classes);
  for (let i = 0; i < truth.length; i++) {
    const at = (truth[i] as number) * classes + (predicted[i] as number);
    out[at] = (out[at] as number) + 1;
  }
  return out;
}

export interface ConfusedPair {
  trueGenre: string;
  predictedGenre: string;
  count: number;
  /** Share of the true genre's rows that went to the predicted genre. */
  shareOfTrue: number;
}

/** The largest off-diagonal cells of the confusion matrix (ties: by true then predicted class index). */
export function mostConfusedPairs(confusion: Int32Array, classNames: readonly string[], limit = 10): ConfusedPair[] {
  const classes = classNames.length;
  const support = new Float64Array(classes);
  for (let t = 0; t < classes; t++)
    for (let p = 0; p < classes; p++) support[t] = (support[t] as number) + (confusion[t * classes + p] as number);
  const cells: number[] = [];
  for (let t = 0; t < classes; t++)
    for (let p = 0; p < classes; p++) if (t !== p && (confusion[t * classes + p] as number) > 0) cells.push(t * classes + p);
  cells.sort((a, b) => (confusion[b] as number) - (confusion[a] as number) || a - b);
  return cells.slice(0, limit).map((cell) => {
    const t = Math.floor(cell / classes);
    const count = confusion[cell] as number;
    return {
      trueGenre: classNames[t] as string,
      predictedGenre: classNames[cell % classes] as string,
      count,
      shareOfTrue: count / (support[t] as number),
    };
  });
}
