import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { buildServer } from '../src/server/app.js';
import { fixture, REFERENCE, runCli, SAMPLE } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spotify-intel-classify-'));
const modelPath = join(dir, 'rf.model');

describe('spotify-intel classify', () => {
  it('evaluate --json on the sample: notebook split sizes, every documented field, accuracy far above chance', () => {
    const { code, stdout, stderr } = runCli(['classify', 'evaluate', '--data', SAMPLE, '--trees', '20', '--threads', '2', '--json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    for (const key of [
      'model',
      'features',
      'trainRows',
      'testRows',
      'accuracy',
      'macroF1',
      'weightedF1',
      'top3Accuracy',
      'top5Accuracy',
      'anyGenreAccuracy',
      'perGenre',
      'importances',
      'trainSeconds',
    ])
      assert.ok(key in out, key);
    // scikit-learn train_test_split(test_size=0.2, stratify) on the 22,332 tracks: 17,865 / 4,467.
    assert.equal(out.trainRows + out.testRows, REFERENCE.clean_tracks);
    assert.deepEqual([out.trainRows, out.testRows], [17865, 4467]);
    assert.equal(out.perGenre.length, REFERENCE.genres);
    assert.equal(
      out.perGenre.reduce((s: number, g: { support: number }) => s + g.support, 0),
      4467,
    );
    // 114 genres: chance is under 1% and the majority genre 2.4%; even 20 trees reach about 20%.
    assert.ok(out.accuracy > 0.15, `accuracy ${out.accuracy}`);
    assert.ok(out.top5Accuracy > out.top3Accuracy && out.top3Accuracy > out.accuracy);
    assert.ok(out.anyGenreAccuracy >= out.accuracy);
    assert.equal(out.importances.length, 9);
    assert.equal(stderr, '', 'no progress bar when stderr is not a terminal');
  });

  it('train writes a model file that predict reads; CSV and JSON inputs give the same answer', () => {
    const trained = runCli(['classify', 'train', '--data', SAMPLE, '--trees', '5', '--threads', '1', '--out', modelPath, '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    const summary = JSON.parse(trained.stdout);
    assert.equal(summary.trainRows, REFERENCE.clean_tracks);
    assert.ok(summary.oobAccuracy > 0.05 && summary.oobAccuracy < 1);
    const csv = runCli(['classify', 'predict', '--model-file', modelPath, '--input', fixture('kaggle.csv'), '--json']);
    assert.equal(csv.code, 0, csv.stderr);
    const fromCsv = JSON.parse(csv.stdout);
    assert.equal(fromCsv.results.length, 5);
    assert.equal(fromCsv.results[0].trackId, 'trackA000000000000001');
    assert.equal(fromCsv.results[0].genres.length, 3);
    const json = join(dir, 'tracks.json');
    writeFileSync(
      json,
      JSON.stringify({
        danceability: 0.5,
        energy: 0.6,
        loudness: -5.5,
        speechiness: 0.05,
        acousticness: 0.1,
        instrumentalness: 1.01e-6,
        liveness: 0.1,
        valence: 0.7,
        tempo: 120,
      }),
    );
    const fromJson = JSON.parse(runCli(['classify', 'predict', '--model-file', modelPath, '--input', json, '--json']).stdout);
    assert.deepEqual(fromJson.results[0].genres, fromCsv.results[0].genres);
  });

  it('bad input exits 2 with a message naming the problem', () => {
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, JSON.stringify([{ danceability: 1.5 }]));
    const bad = runCli(['classify', 'predict', '--model-file', modelPath, '--input', badJson]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /row 1: field danceability must be a number from 0 to 1, got 1\.5/);
    const foreign = runCli(['classify', 'predict', '--model-file', fixture('kaggle.csv'), '--input', badJson]);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /kaggle\.csv: not a spotify-intel model file/);
    assert.equal(runCli(['classify', 'evaluate', '--data', SAMPLE, '--model', 'svm']).code, 2);
    assert.equal(runCli(['classify', 'evaluate', '--data', SAMPLE, '--trees', '0']).code, 2);
    assert.equal(runCli(['classify', 'train', '--data', SAMPLE]).code, 2, '--out is required');
  });
});

describe('POST /api/classify', async () => {
  const { catalog } = await loadCatalog(SAMPLE);
  const engine = Engine.fromCatalog(catalog, SAMPLE, { threads: 2 });
  const training = engine.genreModel({ kind: 'rf', seed: 1, trees: 5 });
  const app = buildServer({ engine, source: SAMPLE });
  const idle = buildServer({ engine: Engine.fromCatalog(catalog, SAMPLE, { threads: 2 }), source: SAMPLE });
  after(async () => {
    await app.close();
    await idle.close();
  });
  const track = {
    danceability: 0.8,
    energy: 0.9,
    loudness: -5,
    speechiness: 0.1,
    acousticness: 0.1,
    instrumentalness: 0,
    liveness: 0.2,
    valence: 0.9,
    tempo: 130,
  };

  it('answers 503 with a clear message until the model is ready, then top-k genres with probabilities', async () => {
    const early = await app.inject({ method: 'POST', url: '/api/classify', payload: track });
    assert.equal(early.statusCode, 503);
    assert.match(early.json().message, /still training/);
    await training;
    const response = await app.inject({
      method: 'POST',
      url: '/api/classify?top=5',
      payload: [track, { ...track, track_id: 'x1', energy: 0.1 }],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.results.length, 2);
    assert.equal(body.results[1].trackId, 'x1');
    for (const r of body.results) {
      assert.equal(r.genres.length, 5);
      const p = r.genres.map((g: { probability: number }) => g.probability);
      assert.deepEqual(
        p,
        [...p].sort((a, b) => b - a),
      );
      assert.ok(p.reduce((a: number, b: number) => a + b, 0) <= 1 + 1e-9);
    }
  });

  it('bad input answers 400 naming the field or parameter', async () => {
    await training;
    for (const [payload, url, message] of [
      [{ ...track, tempo: 'fast' }, '/api/classify', /field tempo must be a number from 0 to 1000, got "fast"/],
      [{ energy: 0.5 }, '/api/classify', /field danceability is missing/],
      [[track, { ...track, valence: -1 }], '/api/classify', /body row 2: field valence/],
      [[], '/api/classify', /no rows/],
      ['"text"', '/api/classify', /expected an object of feature values/],
      [track, '/api/classify?top=0', /parameter top/],
      [track, '/api/classify?k=3', /unknown parameter k/],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url,
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)} -> ${response.body}`);
      assert.match(response.json().message, message);
    }
  });

  it('an engine with no genre model yet starts training one and answers 503 with Retry-After', async () => {
    const response = await idle.inject({ method: 'POST', url: '/api/classify', payload: track });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '2');
    assert.match(response.json().message, /still training/);
  });
});
