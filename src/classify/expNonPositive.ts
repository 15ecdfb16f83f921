/**
 * e^x for x <= 0, bit for bit what V8's Math.exp returns (both follow fdlibm's e_exp.c: x = k ln2 + r,
 * a degree-5 minimax polynomial in r, then a scale by 2^k), but inlined by the JIT instead of a call
 * into C: boosting's softmax takes one per training row and class every round. Outside the range the
 * softmax meets (x < -700, NaN) it defers to Math.exp.
 */

/** The double whose high 32 bits are `high` and low 32 bits are 0. */
function fromHighWord(high: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  return view.getFloat64(0);
}

// fdlibm compares the high word of |x| with these bounds; as doubles: |x| >= 0.5 ln2 (rounded up),
// |x| < 1.5 ln2, |x| < 2^-28. Below, fdlibm's constants as the shortest decimals of the same doubles.
const HALF_LN2 = fromHighWord(0x3fd62e43);
const THREE_HALVES_LN2 = fromHighWord(0x3ff0a2b2);
const TINY = fromHighWord(0x3e300000);
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 0.00006613756321437934;
const P4 = -0.0000016533902205465252;
const P5 = 4.1381367970572385e-8;
/** 2^-k for k = 0..1010 (exact: each is half the one before). */
const POW2_NEGATIVE: readonly number[] = halvings(1011);

function halvings(count: number): number[] {
  const out: number[] = [];
  for (let k = 0, p = 1; k < count; k++, p /= 2) out.push(p);
  return out;
}

export function expNonPositive(x: number): number {
  if (!(x >= -700 && x <= 0)) return Math.exp(x);
  let k = 0;
  let hi = 0;
  let lo = 0;
  let r = x;
  const size = -x;
  if (size >= HALF_LN2) {
    if (size < THREE_HALVES_LN2) {
      hi = x + LN2_HI;
      lo = -LN2_LO;
      k = -1;
    } else {
      k = Math.trunc(INV_LN2 * x - 0.5);
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
  } else if (size < TINY) return 1 + x;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  return (1 - (lo - (r * c) / (2 - c) - hi)) * (POW2_NEGATIVE[-k] as number);
}
