/** Multiple-comparison corrections. */

/**
 * Benjamini-Hochberg adjusted p-values (false discovery rate), as R's p.adjust(method = "BH") and
 * statsmodels' fdr_bh: sort ascending, adjusted p_(i) = min over j >= i of m p_(j) / j, capped at 1.
 * NaN p-values are left out of the family and stay NaN.
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pValues.length).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i] as number)) order.push(i);
  order.sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const m = order.length;
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    running = Math.min(running, ((pValues[index] as number) * m) / rank);
    out[index] = running;
  }
  return out;
}
