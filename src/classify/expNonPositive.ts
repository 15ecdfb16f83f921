/**
 * e^x for x <= 0 within 2 ulp of Math.exp (tested), inlined by the JIT instead of a call into C and
 * without fdlibm's division: boosting's softmax takes one per training row and class every round.
 * Tang's table method: x = (64m + j) ln2/64 + r with |r| <= ln2/128, so e^x = 2^m 2^(j/64) e^r, with
 * e^r by its Taylor series to r^5 (the next term is below 4e-17 relative). Outside the range the
 * softmax meets (x < -700, NaN) it defers to Math.exp.
 */

/** 2^(j/64) for j = 0..63. */
const TWO_TO_SIXTY_FOURTHS = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
/** 2^-m for m = 0..1010 (exact: each is half the one before). */
const POW2_NEGATIVE = Float64Array.from({ length: 1011 }, (_, m) => 2 ** -m);
const SIXTY_FOUR_OVER_LN2 = 64 / Math.LN2;
// ln2/64 in two parts (fdlibm's ln2 split, divided by 64): the high part has 21 trailing zero bits, so
// k * high is exact for every |k| <= 64 * 1010.
const LN2_64_HI = 0.6931471803691238 / 64;
const LN2_64_LO = 1.9082149292705877e-10 / 64;
/** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude < 2^51 to the nearest integer. */
const ROUND = 6755399441055744;

export function expNonPositive(x: number): number {
  if (!(x >= -700 && x <= 0)) return Math.exp(x);
  const kf = x * SIXTY_FOUR_OVER_LN2 + ROUND - ROUND;
  const r = x - kf * LN2_64_HI - kf * LN2_64_LO;
  const k = kf | 0;
  // e^r - 1, added to 1 only after the scale by 2^(j/64), so its rounding error stays small.
  const q = r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  const t = TWO_TO_SIXTY_FOURTHS[k & 63] as number;
  return (t + t * q) * (POW2_NEGATIVE[-(k >> 6)] as number);
}
