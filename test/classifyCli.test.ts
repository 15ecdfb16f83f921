import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GENRE_FAMILIES } from '../src/classify/genreFamilies.js';
import { rowsFromObjects } from '../src/classify/input.js';
import { predictProba } from '../src/classify/model.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
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

  it('predict --explain: per genre, base value + contributions = the probability (forest) or the margin (boosting)', () => {
    const plain = JSON.parse(runCli(['classify', 'predict', '--model-file', modelPath, '--input', fixture('kaggle.csv'), '--json']).stdout);
    const run = runCli(['classify', 'predict', '--model-file', modelPath, '--input', fixture('kaggle.csv'), '--explain', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.scale, 'probability');
    out.results.forEach((r: ExplainedRow, i: number) => {
      assert.deepEqual(
        r.genres.map((g) => [g.genre, g.probability]),
        plain.results[i].genres.map((g: { genre: string; probability: number }) => [g.genre, g.probability]),
      );
      for (const g of r.genres) {
        assert.deepEqual(Object.keys(g.contributions), out.features);
        const total = g.baseValue + Object.values(g.contributions).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - g.probability) <= 1e-9, `${g.genre}: ${total} vs ${g.probability}`);
      }
    });
    const text = runCli(['classify', 'predict', '--model-file', modelPath, '--input', fixture('kaggle.csv'), '--explain']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /probability 0\.\d{3} = base 0\.\d{3} \w+ [+-]\d\.\d{3}/);

    const gbdtPath = join(dir, 'gbdt.model');
    const trained = runCli([
      'classify',
      'train',
      '--data',
      SAMPLE,
      '--model',
      'gbdt',
      '--rounds',
      '3',
      '--early-stopping',
      'off',
      '--max-depth',
      '4',
      '--max-leaves',
      '0',
      '--threads',
      '1',
      '--out',
      gbdtPath,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    const boosted = JSON.parse(
      runCli(['classify', 'predict', '--model-file', gbdtPath, '--input', fixture('kaggle.csv'), '--explain', '--top', '2', '--json'])
        .stdout,
    );
    assert.equal(boosted.scale, 'margin');
    for (const r of boosted.results as ExplainedRow[]) {
      for (const g of r.genres) {
        const total = g.baseValue + Object.values(g.contributions).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - g.score) <= 1e-9, `${g.genre}: ${total} vs ${g.score}`);
      }
      // Softmax: the log ratio of two genres' probabilities is the difference of their margins.
      const [a, b] = r.genres as [ExplainedGenre, ExplainedGenre];
      assert.ok(Math.abs(Math.log(a.probability / b.probability) - (a.score - b.score)) <= 1e-9);
    }
  });

  it('hyper-parameters: a setting the learner lacks, or a bad value, exits 2 naming the flag', () => {
    const rf = runCli(['classify', 'evaluate', '--data', SAMPLE, '--model', 'rf', '--learning-rate', '0.1']);
    assert.equal(rf.code, 2);
    assert.match(rf.stderr, /learning rate applies to gradient boosting only/);
    const stop = runCli(['classify', 'evaluate', '--data', SAMPLE, '--model', 'gbdt', '--early-stopping', 'maybe']);
    assert.equal(stop.code, 2);
    assert.match(stop.stderr, /--early-stopping must be on or off, got "maybe"/);
    const share = runCli(['classify', 'train', '--data', SAMPLE, '--subsample', '1.5', '--out', join(dir, 'x.model')]);
    assert.equal(share.code, 2);
    assert.match(share.stderr, /--subsample must be a share in \(0, 1\], got "1\.5"/);
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
    // Without --model-file, predict reads out/genres.model (where `classify train` writes by default) and says when it is missing.
    const noModel = runCli(['classify', 'predict', '--input', badJson], { cwd: dir });
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /out\/genres\.model/);
  });
});

interface ExplainedGenre {
  genre: string;
  probability: number;
  score: number;
  baseValue: number;
  contributions: Record<string, number>;
}
interface ExplainedRow {
  genres: ExplainedGenre[];
}

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

  it("explain=true: TreeSHAP contributions that add up to each genre's probability", async () => {
    await training;
    const response = await app.inject({
      method: 'POST',
      url: '/api/classify?explain=true&top=2',
      payload: [track, { ...track, tempo: 70 }],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.scale, 'probability');
    assert.equal(body.results.length, 2);
    for (const r of body.results as ExplainedRow[]) {
      assert.equal(r.genres.length, 2);
      for (const g of r.genres) {
        const total = g.baseValue + Object.values(g.contributions).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - g.probability) <= 1e-9, `${g.genre}: ${total} vs ${g.probability}`);
      }
    }
    const plain = (await app.inject({ method: 'POST', url: '/api/classify?top=2', payload: track })).json();
    assert.deepEqual(
      body.results[0].genres.map((g: ExplainedGenre) => g.genre),
      plain.results[0].genres.map((g: ExplainedGenre) => g.genre),
    );
    const many = await app.inject({ method: 'POST', url: '/api/classify?explain=true', payload: new Array(1001).fill(track) });
    assert.equal(many.statusCode, 400);
    assert.match(many.json().message, /at most 1000 rows per request with explain=true, got 1001/);
  });

  it('families=true: the top families by summed genre probability, each with its likeliest genres', async () => {
    await training;
    const model = await training;
    const proba = predictProba(model, rowsFromObjects(track, model.featureNames, 'track').matrix);
    const response = await app.inject({ method: 'POST', url: '/api/classify?families=true&top=2', payload: track });
    assert.equal(response.statusCode, 200, response.body);
    const [first, second] = response.json().results[0].families as { family: string; probability: number; genres: { genre: string }[] }[];
    assert.ok(first && second && first.probability >= second.probability);
    // Independent: sum the library's genre probabilities over the family's genres.
    const sumOf = (family: string) => {
      const genres = GENRE_FAMILIES.find((f) => f.name === family)?.genres ?? [];
      return model.classNames.reduce((s, g, c) => s + (genres.includes(g) ? (proba[c] as number) : 0), 0);
    };
    assert.ok(Math.abs(first.probability - sumOf(first.family)) <= 1e-12);
    for (const g of first.genres) assert.ok(GENRE_FAMILIES.find((f) => f.name === first.family)?.genres.includes(g.genre));
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
      [track, '/api/classify?explain=yes', /parameter explain must be true or false, got "yes"/],
      [track, '/api/classify?explain=true&families=true', /one of them per request/],
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
