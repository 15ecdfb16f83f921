/** Chart spec options the dashboard uses at phone width. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlationHeatmap } from '../src/charts/specs.js';

describe('correlationHeatmap', () => {
  it('compact cells print r without the leading zero, and no minus sign on a value that rounds to zero', () => {
    // biome-ignore lint/suspicious/noExplicitAny: reading the plain spec object
    const spec: any = correlationHeatmap(
      ['a', 'b'],
      [
        [1, -0.74],
        [-0.001, 0.5],
      ],
      { compactCells: true },
    );
    assert.deepEqual(
      spec.data.values.map((c: { short: string }) => c.short),
      ['1.00', '−.74', '.00', '.50'],
    );
    assert.deepEqual(spec.layer[1].encoding.text, { field: 'short', type: 'nominal' });
    assert.equal(spec.layer[1].mark.fontSize, 8);
    // By default (the report): the value itself with two decimals.
    // biome-ignore lint/suspicious/noExplicitAny: reading the plain spec object
    const full: any = correlationHeatmap(
      ['a', 'b'],
      [
        [1, -0.74],
        [-0.74, 1],
      ],
    );
    assert.deepEqual(full.layer[1].encoding.text, { field: 'r', type: 'quantitative', format: '.2f' });
    assert.ok(!('short' in full.data.values[0]));
  });
});
