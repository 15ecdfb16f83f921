import { describe, it } from 'node:test';
import {
  fCdf,
  fSurvival,
  logBeta,
  logGamma,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from '../src/stats/distributions.js';
import { assertClose } from './helpers.js';

/** |actual - expected| <= relative * |expected| (+ a tiny absolute floor). */
function assertRelative(actual: number, expected: number, relative: number, what: string): void {
  assertClose(actual, expected, relative * Math.abs(expected) + 1e-300, what);
}

// Expected values computed once with scipy 1.10.1 (Debian python3-scipy):
//   scipy.special.betainc(a, b, x), scipy.stats.t.cdf / 2*t.sf(|t|) / t.ppf, scipy.stats.f.sf / f.cdf,
//   scipy.special.gammaln.
describe('distributions (vs scipy)', () => {
  it('log-gamma', () => {
    assertClose(logGamma(0.5), 0.5723649429247, 1e-12, 'lnΓ(0.5)');
    assertClose(logGamma(10.3), 13.482036786138359, 1e-12, 'lnΓ(10.3)');
    assertRelative(logGamma(500000), 6061176.046459176, 1e-14, 'lnΓ(5e5)');
  });

  it('log-beta stays accurate when one argument is huge', () => {
    // mpmath 1.2.1 at 40 digits: log(beta(a, b)). (scipy.special.betaln is off by 2e-10 at a = 5e5.)
    for (const [a, b, expected] of [
      [2, 3, -2.4849066497880004],
      [500000, 0.5, -5.988816495777464],
      [40, 4.5, -14.336838652953638],
      [499995, 4.5, -56.59686937736754],
      [31, 31, -43.42257459018457],
    ] as const) {
      assertClose(logBeta(a, b), expected, 1e-12, `ln B(${a}, ${b})`);
    }
  });

  it('regularized incomplete beta, including extreme shapes and tails', () => {
    for (const [x, a, b, expected] of [
      [0.3, 2, 3, 0.3483],
      [0.9, 0.5, 5, 0.9999974294103008],
      [0.5, 100, 0.5, 6.255662994307412e-32],
      [0.999, 500000, 0.5, 1.3983637691220634e-219],
      [0.2, 0.1, 0.1, 0.4397091902233456],
    ] as const) {
      assertRelative(regularizedIncompleteBeta(x, a, b), expected, 1e-8, `I_${x}(${a}, ${b})`);
    }
    assertClose(regularizedIncompleteBeta(0, 2, 3), 0, 0, 'I_0');
    assertClose(regularizedIncompleteBeta(1, 2, 3), 1, 0, 'I_1');
  });

  it('Student t CDF and two-sided p-values', () => {
    for (const [t, df, cdf, twoSided] of [
      [2.0, 5, 0.9490302605850709, 0.10193947882985828],
      [-1.3, 12, 0.10900858554175712, 0.21801717108351423],
      [0.5, 1, 0.6475836176504333, 0.7048327646991336],
      [4.1, 200, 0.999969970279757, 6.00594404859239e-5],
      [10, 30, 0.9999999999771237, 4.5752514082296097e-11],
      [3.0, 999990, 0.9986500687289567, 0.0026998625420865826],
      [0.01, 3, 0.503675444293574, 0.992649111412852],
    ] as const) {
      assertClose(studentTCdf(t, df), cdf, 1e-12, `t cdf(${t}, ${df})`);
      assertRelative(studentTTwoSidedP(t, df), twoSided, 1e-8, `t p(${t}, ${df})`);
    }
  });

  it('Student t quantiles (for 95% intervals)', () => {
    // scipy's t.ppf is only ~1e-9 accurate here (its own t.sf of t.ppf(0.995, 10) gives 0.0100000000924), so
    // these are mpmath 1.2.1 roots at 40 digits of betainc(df/2, 1/2, 0, df/(df+t^2), regularized)/2 = 1 - p;
    // scipy's t.ppf agrees with each to 1e-8.
    for (const [p, df, expected] of [
      [0.975, 5, 2.570581835636315],
      [0.975, 30, 2.042272456301238],
      [0.975, 531, 1.96444156598154],
      [0.995, 10, 3.169272672616951],
      [0.975, 999990, 1.95996635683783],
      [0.025, 7, -2.364624251592785],
    ] as const) {
      assertClose(studentTQuantile(p, df), expected, 1e-11, `t ppf(${p}, ${df})`);
    }
  });

  it('F survival and CDF', () => {
    for (const [f, d1, d2, sf, cdf] of [
      [2.5, 9, 100, 0.012712378579430033, 0.9872876214205699],
      [1.0, 3, 10, 0.4323372030216969, 0.5676627969783029],
      [30, 9, 1000, 1.3914600150181002e-46, 0.9999999999999999],
      [0.2, 9, 20, 0.991289862949594, 0.008710137050405945],
      [5, 9, 999990, 9.229988981970879e-7, 0.9999990770011018],
    ] as const) {
      assertRelative(fSurvival(f, d1, d2), sf, 1e-8, `F sf(${f}, ${d1}, ${d2})`);
      assertClose(fCdf(f, d1, d2), cdf, 1e-12, `F cdf(${f}, ${d1}, ${d2})`);
    }
  });
});
