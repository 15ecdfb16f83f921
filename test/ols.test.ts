import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benjaminiHochberg } from '../src/drivers/multiple.js';
import { fitOls, SingularDesignError } from '../src/drivers/ols.js';
import { vifByAuxiliaryRegressions } from '../src/drivers/vif.js';
import { seededRandom } from '../src/stats/random.js';
import { assertClose } from './helpers.js';

/** Column-major matrix from columns. */
function columns(...cols: number[][]): Float64Array {
  return Float64Array.from(cols.flat());
}

describe('OLS by Householder QR', () => {
  it('simple regression matches the hand computation', () => {
    // x = 0..4, y = 1,3,2,5,4: Sxx = 10, Sxy = 8, b = 0.8, b0 = 3 - 0.8 * 2 = 1.4; residuals
    // -0.4, 0.8, -1, 1.2, -0.6, RSS = 3.6, df = 3, s^2 = 1.2; SE(b) = sqrt(1.2 / 10);
    // SE(b0) = sqrt(1.2 (1/5 + 2^2/10)); TSS = 10, R^2 = 0.64, adj R^2 = 1 - 0.36 * 4 / 3 = 0.52,
    // F = 6.4 / 1.2. p-values and t quantile: scipy 1.10.1, 2*t.sf(t, 3), f.sf(16/3, 1, 3), t.ppf(0.975, 3).
    const fit = fitOls(columns([0, 1, 2, 3, 4]), Float64Array.from([1, 3, 2, 5, 4]), 5, 1);
    assertClose(fit.coefficients[0] as number, 0.8, 1e-14, 'b');
    assertClose(fit.intercept, 1.4, 1e-14, 'b0');
    assertClose(fit.rss, 3.6, 1e-13, 'RSS');
    assertClose(fit.standardErrors[0] as number, Math.sqrt(0.12), 1e-14, 'SE(b)');
    assertClose(fit.interceptStandardError, Math.sqrt(0.72), 1e-14, 'SE(b0)');
    assertClose(fit.tValues[0] as number, 0.8 / Math.sqrt(0.12), 1e-12, 't');
    assertClose(fit.pValues[0] as number, 0.10408803866182778, 1e-12, 'p');
    assertClose(fit.r2, 0.64, 1e-14, 'R^2');
    assertClose(fit.adjustedR2, 0.52, 1e-14, 'adjusted R^2');
    assertClose(fit.fStatistic, 16 / 3, 1e-12, 'F');
    assertClose(fit.fPValue, 0.10408803866182788, 1e-12, 'F p');
    assertClose(fit.ciLow[0] as number, 0.8 - 3.182446305284263 * Math.sqrt(0.12), 1e-8, 'CI low');
    assertClose(fit.ciHigh[0] as number, 0.8 + 3.182446305284263 * Math.sqrt(0.12), 1e-8, 'CI high');
    assertClose(fit.standardDeviations[0] as number, Math.sqrt(2.5), 1e-14, 'SD of x (ddof 1)');
  });

  it("orthogonal design: known coefficients and (X'X)^-1 = I/8 give known standard errors", () => {
    // A replicated 2x2 factorial in +-1 coding: the columns 1, x1, x2 are orthogonal with squared norm 8,
    // so (X'X)^-1 = I/8. The noise e is orthogonal to all three, so the fit recovers 10, 2, -3 exactly and
    // RSS = e'e = 1.25, s^2 = 1.25 / 5, every SE = sqrt(0.25 / 8). F = ((8*2^2 + 8*3^2) / 2) / 0.25.
    // p-values: scipy 1.10.1, 2*t.sf(2 / SE, 5) and f.sf(208, 2, 5).
    const x1 = [-1, -1, -1, -1, 1, 1, 1, 1];
    const x2 = [-1, -1, 1, 1, -1, -1, 1, 1];
    const e = [0.5, -0.5, 0.25, -0.25, -0.5, 0.5, -0.25, 0.25];
    const y = Float64Array.from(x1.map((_, i) => 10 + 2 * (x1[i] as number) - 3 * (x2[i] as number) + (e[i] as number)));
    const fit = fitOls(columns(x1, x2), y, 8, 2);
    const se = Math.sqrt(0.25 / 8);
    assertClose(fit.intercept, 10, 1e-13, 'b0');
    assertClose(fit.coefficients[0] as number, 2, 1e-13, 'b1');
    assertClose(fit.coefficients[1] as number, -3, 1e-13, 'b2');
    for (let j = 0; j < 2; j++) assertClose(fit.standardErrors[j] as number, se, 1e-14, `SE(b${j + 1})`);
    assertClose(fit.interceptStandardError, se, 1e-14, 'SE(b0)');
    assertClose(fit.pValues[0] as number, 9.43184097361818e-5, 1e-15, 'p(b1)');
    assertClose(fit.fStatistic, 208, 1e-10, 'F');
    assertClose(fit.fPValue, 1.537162465325365e-5, 1e-15, 'F p');
    for (let j = 0; j < 2; j++) assertClose(fit.vif[j] as number, 1, 1e-14, 'VIF of orthogonal columns');
    assertClose(fit.conditionNumber, 1, 1e-12, 'condition number of an orthogonal design');
  });

  it('standard errors are honest: over 400 simulated samples, SD of the estimates = mean reported SE', () => {
    // y = 5 + 1.5 x1 - 0.5 x2 + 0.02 x3 + N(0, 2^2), fixed design with correlated columns and a
    // predictor in large units (as tempo). With 400 replicates the SD of each estimate is within ~7%
    // of the true SE with high probability; the true coefficients must sit inside 95% CIs ~95% of the time.
    const random = seededRandom(7);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const n = 120;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const u = gaussian();
      x[i] = u;
      x[n + i] = 0.6 * u + 0.8 * gaussian();
      x[2 * n + i] = 120 + 30 * gaussian();
    }
    const truth = [1.5, -0.5, 0.02];
    const replicates = 400;
    const estimates = truth.map(() => new Float64Array(replicates));
    const reported = truth.map(() => 0);
    const covered = truth.map(() => 0);
    const y = new Float64Array(n);
    for (let r = 0; r < replicates; r++) {
      for (let i = 0; i < n; i++) {
        y[i] = 5 + truth.reduce((s, b, j) => s + b * (x[j * n + i] as number), 0) + 2 * gaussian();
      }
      const fit = fitOls(x, y, n, 3);
      truth.forEach((b, j) => {
        (estimates[j] as Float64Array)[r] = fit.coefficients[j] as number;
        reported[j] = (reported[j] as number) + (fit.standardErrors[j] as number) / replicates;
        if ((fit.ciLow[j] as number) <= b && b <= (fit.ciHigh[j] as number)) covered[j] = (covered[j] as number) + 1;
      });
    }
    truth.forEach((b, j) => {
      const values = estimates[j] as Float64Array;
      const mean = values.reduce((s, v) => s + v, 0) / replicates;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (replicates - 1));
      assertClose(mean, b, 4 * (sd / Math.sqrt(replicates)), `mean estimate of b${j + 1}`);
      assertClose(sd / (reported[j] as number), 1, 0.12, `empirical SD / reported SE of b${j + 1}`);
      assertClose((covered[j] as number) / replicates, 0.95, 0.035, `95% CI coverage of b${j + 1}`);
    });
  });

  it('VIF from the QR equals the auxiliary-regression definition 1 / (1 - R^2_j)', () => {
    const random = seededRandom(3);
    const n = 60;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const u = random();
      x[i] = u;
      x[n + i] = u + 0.1 * random();
      x[2 * n + i] = random() * 200;
    }
    const y = Float64Array.from({ length: n }, () => random());
    const fit = fitOls(x, y, n, 3);
    const auxiliary = vifByAuxiliaryRegressions(x, n, 3);
    for (let j = 0; j < 3; j++) assertClose(fit.vif[j] as number, auxiliary[j] as number, 1e-9 * (auxiliary[j] as number), `VIF ${j}`);
    assert.ok((fit.vif[0] as number) > 10, 'nearly collinear columns have a large VIF');
  });

  it('refuses singular designs instead of returning garbage', () => {
    const y = Float64Array.from([1, 2, 3, 4, 6]);
    assert.throws(() => fitOls(columns([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]), y, 5, 2), SingularDesignError);
    assert.throws(() => fitOls(columns([1, 2, 3, 4, 5], [3, 3, 3, 3, 3]), y, 5, 2), SingularDesignError);
    assert.throws(() => fitOls(columns([1, 2], [3, 1]), Float64Array.from([1, 2]), 2, 2), SingularDesignError);
  });
});

describe('Benjamini-Hochberg', () => {
  it('matches the hand computation (as R p.adjust(p, "BH"))', () => {
    // m = 5, sorted p = .01 .02 .03 .04 .20: m p / rank = .05 .05 .05 .05 .20, then running minimum from the top.
    // Input order shuffled; a NaN is left out of the family.
    const adjusted = benjaminiHochberg([0.04, 0.2, 0.01, Number.NaN, 0.03, 0.02]);
    assert.deepEqual(
      Array.from(adjusted, (v) => (Number.isNaN(v) ? 'NaN' : Number(v.toFixed(12)))),
      [0.05, 0.2, 0.05, 'NaN', 0.05, 0.05],
    );
    // p = .001 .008 .039 .041 .042 .06 .074 .205: m p / rank = .008 .032 .104 .082 .0672 .08 .08457 .205;
    // running minimum from the top gives .008 .032 .0672 .0672 .0672 .08 .08457 .205.
    const second = benjaminiHochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]);
    const expected = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, (0.074 * 8) / 7, 0.205];
    for (const [i, e] of expected.entries()) assertClose(second[i] as number, e, 1e-15, `adjusted p ${i}`);
  });
});
