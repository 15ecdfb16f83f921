import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Column, DamagedFile, readColumns, readManifest, writeColumnFile } from '../src/cache/columnFile.js';

/** Every kind of column the cache stores, with the values that choose each encoding. */
const COLUMNS: Record<string, Column> = {
  numbers: Float64Array.from([0.5, -1e-300, Number.NaN, 1e300]),
  ints: Int32Array.from([3, -7, 2 ** 31 - 1]),
  flags: Uint8Array.from([1, 0, 1]),
  // More than half distinct (ids): joined.
  ids: ['a1', 'b2', 'c3', 'a1'],
  // Repeats: codes into the distinct values, wide characters included.
  names: ['米津玄師', 'Beyoncé', '米津玄師', '米津玄師', '', 'Beyoncé', '米津玄師'],
  // A value holding the separator: JSON.
  odd: ['x\u001fy', 'z'],
  empty: [],
};

function written(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'column-file-')), 'test.columns');
  writeColumnFile(path, COLUMNS, { note: 'meta' });
  return path;
}

describe('column file', () => {
  it('reads back every column as written, each encoding chosen by its values', () => {
    const path = written();
    const manifest = readManifest<{ note: string }>(path);
    assert.ok(manifest);
    assert.deepEqual(Object.fromEntries(manifest.columns.map((c) => [c.name, c.kind])), {
      numbers: 'f64',
      ints: 'i32',
      flags: 'u8',
      ids: 'joined',
      names: 'coded',
      odd: 'json',
      empty: 'coded',
    });
    assert.equal(manifest.columns.find((c) => c.name === 'names')?.distinct, 3);
    const read = readColumns(path, manifest);
    assert.deepEqual(read, COLUMNS);
    // Typed columns are views of the bytes read, not copies: all share one buffer.
    assert.equal((read.numbers as Float64Array).buffer, (read.ints as Int32Array).buffer);
  });

  it('refuses a file with one byte changed, whatever column it falls in', () => {
    const path = written();
    const manifest = readManifest(path);
    assert.ok(manifest);
    const bytes = readFileSync(path);
    for (const place of manifest.columns.filter((c) => c.bytes > 0)) {
      const damaged = Buffer.from(bytes);
      damaged[place.offset] = (damaged[place.offset] as number) ^ 0x01;
      writeFileSync(path, damaged);
      assert.throws(() => readColumns(path, manifest), DamagedFile, place.name);
    }
  });
});
