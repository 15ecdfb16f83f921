import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fitForest } from '../src/classify/forest.js';
import { fitBoosting } from '../src/classify/gbdt.js';
import { predictProba } from '../src/classify/model.js';
import { decodeModel, encodeModel, FORMAT_VERSION, loadModel, saveModel } from '../src/classify/modelFile.js';
import { InputError } from '../src/data/errors.js';
import { seededRandom } from '../src/stats/random.js';
import { fixture } from './helpers.js';

const random = seededRandom(11);
const rows = 300;
const values = new Float64Array(rows * 3);
const labels = new Int32Array(rows);
for (let i = 0; i < rows; i++) {
  for (let f = 0; f < 3; f++) values[f * rows + i] = random();
  labels[i] = (values[i] as number) + (values[rows + i] as number) > 1 ? ((values[2 * rows + i] as number) > 0.5 ? 2 : 1) : 0;
}
const matrix = { names: ['danceability', 'energy', 'valence'], rows, values };
const classes = ['a', 'b', 'c'];
const forest = await fitForest(matrix, labels, classes, { nEstimators: 8, seed: 1 }, { threads: 1 });
const boosting = await fitBoosting(matrix, labels, classes, { maxIterations: 10, seed: 1 }, { threads: 1 });
const dir = mkdtempSync(join(tmpdir(), 'spotify-intel-model-'));

function rejects(bytes: Buffer, pattern: RegExp): void {
  assert.throws(
    () => decodeModel(bytes, 'bad.model'),
    (error: unknown) => error instanceof InputError && /^bad\.model: /.test(error.message) && pattern.test(error.message),
  );
}

describe('model files', () => {
  it('round trip: a saved forest and a saved boosting model predict exactly as before', () => {
    for (const model of [forest, boosting]) {
      const path = join(dir, `${model.kind}.model`);
      saveModel(path, model, { features: 'custom' });
      const loaded = loadModel(path);
      assert.equal(loaded.model.kind, model.kind);
      assert.deepEqual(loaded.meta, { features: 'custom' });
      assert.deepEqual(loaded.model.classNames, classes);
      assert.deepEqual(predictProba(loaded.model, matrix), predictProba(model, matrix));
      assert.deepEqual(loaded.model.params, model.params);
    }
  });

  it('a truncated file is refused as truncated, at any cut', () => {
    const bytes = encodeModel(forest);
    for (const keep of [4, 14, 40, bytes.length >> 1, bytes.length - 1])
      rejects(bytes.subarray(0, keep), keep < 8 ? /not a spotify-intel model/ : /truncated/);
  });

  it('a flipped byte anywhere after the header is a checksum error; trailing bytes are refused', () => {
    const bytes = Buffer.from(encodeModel(forest));
    for (const at of [bytes.length >> 1, bytes.length - 40, bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[at] = (damaged[at] as number) ^ 0x40;
      rejects(damaged, /corrupt model file \(checksum mismatch\)/);
    }
    rejects(Buffer.concat([bytes, Buffer.from([0])]), /unexpected trailing bytes/);
  });

  it('a foreign file, another format version and a broken header are named as such', () => {
    rejects(readFileSync(fixture('kaggle.csv')), /not a spotify-intel model file/);
    rejects(Buffer.alloc(0), /not a spotify-intel model file/);
    const bytes = Buffer.from(encodeModel(forest));
    bytes.writeUInt32LE(FORMAT_VERSION + 1, 8);
    rejects(bytes, new RegExp(`version ${FORMAT_VERSION + 1}; this build reads version ${FORMAT_VERSION}`));
    const header = Buffer.from(encodeModel(forest));
    header[16] = 0x41; // the header's opening brace
    rejects(header, /header is not valid JSON/);
  });

  it('a file with a valid checksum but an out-of-range child index is refused, not followed', () => {
    const right = Int32Array.from(forest.right);
    const internal = forest.feature.findIndex((f) => f >= 0);
    right[internal] = forest.feature.length + 5;
    rejects(encodeModel({ ...forest, right }), /corrupt model file \(child index at node/);
    const feature = Int16Array.from(boosting.feature);
    feature[0] = 7;
    rejects(encodeModel({ ...boosting, feature }), /corrupt model file \(feature index at node 0\)/);
  });

  it('a boosting tree whose two splits share a subtree is refused: trees only', () => {
    // The first tree's root sends rows right to the tree's last node, which already has a parent.
    const left = Int32Array.from(boosting.left);
    const right = Int32Array.from(boosting.right);
    const last = (boosting.treeStart[1] as number) - 1;
    assert.ok((boosting.feature[0] as number) >= 0 && last > 2, 'the first tree has two levels');
    right[0] = last;
    rejects(encodeModel({ ...boosting, left, right }), /corrupt model file \(child index at node/);
  });

  it('an unreadable path is an InputError naming it', () => {
    assert.throws(
      () => loadModel(join(dir, 'missing.model')),
      (e: unknown) => e instanceof InputError && /missing\.model: cannot read/.test(e.message),
    );
  });

  it('is compact: 17 bytes per node (4 of them the cover TreeSHAP needs), 6 per leaf value, plus the bin thresholds and a small header', () => {
    const bytes = encodeModel(forest).length;
    const arrays = forest.feature.length * 17 + forest.valueClass.length * 6 + forest.bins.thresholds.length * 8;
    assert.ok(bytes > arrays && bytes < arrays + 2048, `${bytes} bytes for ${arrays} bytes of arrays`);
  });
});
