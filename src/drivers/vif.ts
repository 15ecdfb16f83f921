/**
 * Variance inflation factors: VIF_j = 1 / (1 - R^2_j), where R^2_j comes from regressing predictor j on
 * the others. `fitOls` already returns them as the diagonal of the inverse correlation matrix (the
 * same quantity, read off its QR); the auxiliary regressions here are the textbook definition.
 */
import { fitOls } from './ols.js';

/** Above this, a coefficient's variance is inflated tenfold by collinearity: treat it as unreliable. */
export const VIF_UNRELIABLE = 10;
/** Above this, worth a note. */
export const VIF_NOTICEABLE = 5;

/** VIF of each column of the column-major n x p matrix, by p auxiliary regressions. */
export function vifByAuxiliaryRegressions(x: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(p);
  const others = new Float64Array(n * (p - 1));
  for (let j = 0; j < p; j++) {
    let column = 0;
    for (let k = 0; k < p; k++) {
      if (k === j) continue;
      others.set(x.subarray(k * n, (k + 1) * n), column * n);
      column++;
    }
    const fit = fitOls(others, x.slice(j * n, (j + 1) * n), n, p - 1);
    out[j] = 1 / (1 - fit.r2);
  }
  return out;
}

/** A warning for a coefficient whose VIF makes it unreliable, or undefined. */
export function collinearityWarning(feature: string, vif: number): string | undefined {
  if (vif > VIF_UNRELIABLE) {
    return `${feature}: VIF ${vif.toFixed(1)} > ${VIF_UNRELIABLE}, collinear with other features; its coefficient is unreliable`;
  }
  return undefined;
}
