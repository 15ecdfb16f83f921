/** Descriptive statistics over typed arrays, with pandas/numpy semantics where they differ. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Sample standard deviation (ddof = 1, as pandas). Two-pass for accuracy. */
export function standardDeviation(values: ArrayLike<number>, center = mean(values)): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - center;
    sum += d * d;
  }
  return Math.sqrt(sum / (values.length - 1));
}

/** Quantile of an ascending-sorted array with linear interpolation (numpy's default, used by pandas). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const fraction = position - lower;
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * fraction;
}

export interface Summary {
  count: number;
  mean: number;
  std: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  max: number;
}

/** count/mean/std/min/25%/50%/75%/max, as pandas `describe()`. */
export function summarize(values: Float64Array): Summary {
  const sorted = Float64Array.from(values).sort();
  const m = mean(values);
  return {
    count: values.length,
    mean: m,
    std: standardDeviation(values, m),
    min: sorted[0] as number,
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Pearson correlation matrix of equally long columns. */
export function correlationMatrix(columns: readonly Float64Array[]): number[][] {
  const n = columns[0]?.length ?? 0;
  const centered = columns.map((c) => {
    const m = mean(c);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (c[i] as number) - m;
    return out;
  });
  const norms = centered.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (c[i] as number) ** 2;
    return Math.sqrt(s);
  });
  return centered.map((a, i) =>
    centered.map((b, j) => {
      if (i === j) return 1;
      let s = 0;
      for (let k = 0; k < n; k++) s += (a[k] as number) * (b[k] as number);
      return s / ((norms[i] as number) * (norms[j] as number));
    }),
  );
}

/** Equal-width histogram over [low, high]; the last bin is closed on the right, as numpy.histogram. */
export function histogram(values: ArrayLike<number>, bins: number, low: number, high: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (high - low) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < low || v > high) continue;
    const b = v === high ? bins - 1 : Math.floor((v - low) / width);
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}

/**
 * Gaussian kernel density estimate with Scott's bandwidth (scipy.stats.gaussian_kde's default, which
 * seaborn's kdeplot uses), evaluated at `points`.
 */
export function kernelDensity(values: ArrayLike<number>, points: readonly number[]): { bandwidth: number; density: number[] } {
  const n = values.length;
  const bandwidth = standardDeviation(values) * n ** (-1 / 5);
  const norm = 1 / (n * bandwidth * Math.sqrt(2 * Math.PI));
  const density = points.map((x) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = (x - (values[i] as number)) / bandwidth;
      s += Math.exp(-0.5 * z * z);
    }
    return s * norm;
  });
  return { bandwidth, density };
}
