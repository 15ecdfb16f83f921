/**
 * Principal component analysis of row-major points, the map's baseline (and UMAP's starting layout):
 * the covariance's eigenvectors by cyclic Jacobi rotations, which for 9 features is exact and instant.
 * Signs are fixed (each component's largest loading positive) so the projection is deterministic.
 */

export interface Pca {
  /** components[c * d + f]: loading of feature f on component c, by decreasing variance. */
  components: Float64Array;
  /** Variance along each component, decreasing. */
  variance: Float64Array;
  mean: Float64Array;
  dims: number;
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major d x d) of a symmetric matrix. */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += (a[p * d + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * d + q] as number) - (a[p * d + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p] as number;
          const akq = a[k * d + q] as number;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k] as number;
          const aqk = a[q * d + k] as number;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p] as number;
          const vkq = v[k * d + q] as number;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i] as number;
  return { values, vectors: v };
}

/** Fits the top `dims` principal components of n rows of d values. */
export function fitPca(points: ArrayLike<number>, n: number, d: number, dims = 2): Pca {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] = (mean[f] as number) + (points[i * d + f] as number) / n;
  const covariance = new Float64Array(d * d);
  const centered = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) centered[f] = (points[i * d + f] as number) - (mean[f] as number);
    for (let f = 0; f < d; f++)
      for (let g = f; g < d; g++)
        covariance[f * d + g] = (covariance[f * d + g] as number) + (centered[f] as number) * (centered[g] as number);
  }
  for (let f = 0; f < d; f++) {
    for (let g = f; g < d; g++) {
      const value = (covariance[f * d + g] as number) / Math.max(1, n - 1);
      covariance[f * d + g] = value;
      covariance[g * d + f] = value;
    }
  }
  const { values, vectors } = symmetricEigen(covariance, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => (values[y] as number) - (values[x] as number));
  const components = new Float64Array(dims * d);
  const variance = new Float64Array(dims);
  order.slice(0, dims).forEach((column, c) => {
    variance[c] = values[column] as number;
    let largest = 0;
    for (let f = 0; f < d; f++)
      if (Math.abs(vectors[f * d + column] as number) > Math.abs(largest)) largest = vectors[f * d + column] as number;
    const sign = largest < 0 ? -1 : 1;
    for (let f = 0; f < d; f++) components[c * d + f] = sign * (vectors[f * d + column] as number);
  });
  return { components, variance, mean, dims };
}

/** The rows projected on the fitted components (n rows of `pca.dims`). */
export function projectPca(pca: Pca, points: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * pca.dims);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < pca.dims; c++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += ((points[i * d + f] as number) - (pca.mean[f] as number)) * (pca.components[c * d + f] as number);
      out[i * pca.dims + c] = s;
    }
  }
  return out;
}
