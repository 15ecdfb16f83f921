/**
 * Ranking metrics with integer weights per item, so a bootstrap resample (item i drawn w_i times) is
 * scored in O(n) from one sort of the original items. Unweighted use passes no weights. Ties in the
 * score are handled as averages over every order of the tied items: AUC counts a tied pair one half,
 * precision@k takes the tied group's share of positives for the places left, Spearman uses average ranks.
 */

/** Items sorted by value ascending (ties by index, which no metric below depends on). */
export function ascendingOrder(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}

const weightOf = (weights: ArrayLike<number> | undefined, i: number) => (weights ? (weights[i] as number) : 1);

/** ROC AUC (Mann-Whitney): P(score of a positive > score of a negative), ties one half. NaN without both classes. */
export function weightedAuc(order: Int32Array, scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let negativesBelow = 0;
  let sum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let pos = 0;
    let neg = 0;
    const value = scores[order[start] as number];
    while (end < order.length && scores[order[end] as number] === value) {
      const i = order[end] as number;
      const w = weightOf(weights, i);
      if (labels[i]) pos += w;
      else neg += w;
      end++;
    }
    sum += pos * negativesBelow + 0.5 * pos * neg;
    negativesBelow += neg;
    positives += pos;
    start = end;
  }
  return positives > 0 && negativesBelow > 0 ? sum / (positives * negativesBelow) : Number.NaN;
}

/**
 * Share of positives among the k highest scores. A tied group straddling the cut contributes its share
 * of positives times the places left (the expected precision over random orders of the tie).
 */
export function weightedPrecisionAtK(
  order: Int32Array,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  weights?: ArrayLike<number>,
): number {
  let taken = 0;
  let hits = 0;
  let total = 0;
  for (let i = 0; i < order.length; i++) total += weightOf(weights, order[i] as number);
  const cut = Math.min(k, total);
  for (let end = order.length; end > 0 && taken < cut; ) {
    let start = end - 1;
    const value = scores[order[start] as number];
    while (start > 0 && scores[order[start - 1] as number] === value) start--;
    let groupWeight = 0;
    let groupPositives = 0;
    for (let j = start; j < end; j++) {
      const i = order[j] as number;
      const w = weightOf(weights, i);
      groupWeight += w;
      if (labels[i]) groupPositives += w;
    }
    const room = cut - taken;
    if (groupWeight <= room) {
      hits += groupPositives;
      taken += groupWeight;
    } else {
      hits += (groupPositives * room) / groupWeight;
      taken = cut;
    }
    end = start;
  }
  return cut > 0 ? hits / cut : Number.NaN;
}

/** Average ranks (1-based, ties averaged), each item counted `weight` times; items of weight 0 get NaN. */
export function weightedRanks(order: Int32Array, values: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const ranks = new Float64Array(values.length).fill(Number.NaN);
  let below = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let groupWeight = 0;
    const value = values[order[start] as number];
    while (end < order.length && values[order[end] as number] === value) groupWeight += weightOf(weights, order[end++] as number);
    const average = below + (groupWeight + 1) / 2;
    for (let j = start; j < end; j++) {
      const i = order[j] as number;
      if (weightOf(weights, i) > 0) ranks[i] = average;
    }
    below += groupWeight;
    start = end;
  }
  return ranks;
}

/** Spearman's rho: Pearson correlation of the average ranks, with weights. */
export function weightedSpearman(
  orderX: Int32Array,
  x: ArrayLike<number>,
  orderY: Int32Array,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const rx = weightedRanks(orderX, x, weights);
  const ry = weightedRanks(orderY, y, weights);
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weightOf(weights, i);
    if (w === 0) continue;
    n += w;
    mx += w * (rx[i] as number);
    my += w * (ry[i] as number);
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weightOf(weights, i);
    if (w === 0) continue;
    const dx = (rx[i] as number) - mx;
    const dy = (ry[i] as number) - my;
    sxy += w * dx * dy;
    sxx += w * dx * dx;
    syy += w * dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export const precisionAtK = (scores: ArrayLike<number>, labels: ArrayLike<number>, k: number) =>
  weightedPrecisionAtK(ascendingOrder(scores), scores, labels, k);
export const spearman = (x: ArrayLike<number>, y: ArrayLike<number>) => weightedSpearman(ascendingOrder(x), x, ascendingOrder(y), y);
export const auc = (scores: ArrayLike<number>, labels: ArrayLike<number>) => weightedAuc(ascendingOrder(scores), scores, labels);

/** Bootstrap multiplicities: `resamples` draws of n items with replacement, each as counts per item. */
export function* bootstrapWeights(n: number, resamples: number, random: () => number): Generator<Int32Array> {
  const weights = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let d = 0; d < n; d++) {
      const i = Math.floor(random() * n);
      weights[i] = (weights[i] as number) + 1;
    }
    yield weights;
  }
}

/** The percentile interval of finite values (linear interpolation, as numpy's default). */
export function percentileInterval(values: readonly number[], level = 0.95): [number, number] {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return [Number.NaN, Number.NaN];
  const at = (q: number) => {
    const position = q * (finite.length - 1);
    const low = Math.floor(position);
    const high = Math.min(low + 1, finite.length - 1);
    return (finite[low] as number) + (position - low) * ((finite[high] as number) - (finite[low] as number));
  };
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}
