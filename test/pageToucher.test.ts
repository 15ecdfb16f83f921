import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { PageToucher } from '../src/data/pageToucher.js';

describe('page toucher', () => {
  it('never changes a value, whether written before, during or after its touches', {
    skip: availableParallelism() < 2 && 'one core: no toucher',
  }, async () => {
    const rows = 3_000_000;
    for (let round = 0; round < 3; round++) {
      const pages = PageToucher.start();
      assert.ok(pages);
      const numbers = PageToucher.sharedColumns(Float64Array, rows, 3);
      const codes = PageToucher.sharedColumns(Int32Array, rows, 2);
      const value = (c: number, r: number) => (r + 1) * (c + 1.5) + round;
      // A third written before the touches start, the rest while they run (or after).
      const write = (from: number, to: number) => {
        for (let r = from; r < to; r++) {
          numbers.forEach((column, c) => {
            column[r] = value(c, r);
          });
          codes.forEach((column, c) => {
            column[r] = -(r + c + round);
          });
        }
      };
      write(0, rows / 3);
      pages.touch([...numbers, ...codes]);
      write(rows / 3, rows);
      // Give the worker time to touch every page (its touches are about 1 per 4 KiB).
      await new Promise((resolve) => setTimeout(resolve, 300));
      pages.close();
      numbers.forEach((column, c) => {
        for (let r = 0; r < rows; r++) if (column[r] !== value(c, r)) assert.fail(`number column ${c}, row ${r}: ${column[r]}`);
      });
      codes.forEach((column, c) => {
        for (let r = 0; r < rows; r++) if (column[r] !== -(r + c + round)) assert.fail(`code column ${c}, row ${r}: ${column[r]}`);
      });
    }
  });

  it('columns it is given are shared memory of the asked length', () => {
    const [a, b] = PageToucher.sharedColumns(Int32Array, 10, 2);
    assert.ok(a && b && a.buffer instanceof SharedArrayBuffer && a.length === 10 && a.buffer !== b.buffer);
  });
});
