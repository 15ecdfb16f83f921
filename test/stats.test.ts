import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlationMatrix, histogram, kernelDensity, quantileSorted, summarize } from '../src/stats/descriptive.js';
import { assertClose } from './helpers.js';

describe('descriptive statistics', () => {
  it('quantiles interpolate linearly as numpy', () => {
    const sorted = [1, 2, 3, 4];
    // numpy.percentile([1,2,3,4], [25, 50, 75]) = [1.75, 2.5, 3.25]
    assert.deepEqual(
      [0.25, 0.5, 0.75].map((q) => quantileSorted(sorted, q)),
      [1.75, 2.5, 3.25],
    );
  });

  it('summarize gives count, mean, sample std and quartiles', () => {
    const s = summarize(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]));
    assert.equal(s.mean, 5);
    assertClose(s.std, Math.sqrt(32 / 7), 1e-12);
    assert.deepEqual([s.min, s.p25, s.p50, s.p75, s.max], [2, 4, 4.5, 5.5, 9]);
  });

  it('histogram closes the last bin on the right and ignores values outside', () => {
    assert.deepEqual(
      histogram([0, 4.99, 5, 99, 100, 101, -1], 20, 0, 100).filter((_, i) => [0, 1, 19].includes(i)),
      [2, 1, 2],
    );
  });

  it('correlation of perfectly (anti-)correlated columns is +-1', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([2, 4, 6, 8]);
    const c = Float64Array.from([4, 3, 2, 1]);
    const m = correlationMatrix([a, b, c]);
    assertClose(m[0]?.[1] as number, 1, 1e-12);
    assertClose(m[0]?.[2] as number, -1, 1e-12);
  });

  it("kernel density of two points is a Gaussian mixture with Scott's bandwidth", () => {
    // Two points 0 and 2: std = sqrt(2), n^(-1/5) = 2^(-0.2).
    const { bandwidth, density } = kernelDensity([0, 2], [1]);
    const h = Math.SQRT2 * 2 ** -0.2;
    assertClose(bandwidth, h, 1e-12);
    const phi = Math.exp(-0.5 / (h * h)) / (h * Math.sqrt(2 * Math.PI));
    assertClose(density[0] as number, phi, 1e-12);
  });
});
