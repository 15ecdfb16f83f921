/**
 * Out-of-bag guesses for catalogue tracks: replaying one row's bootstrap draws gives exactly what the
 * whole-forest computation (oobProba, from bootstrapCounts) gives for that row, and the HTTP answer puts
 * the guess beside the track's true genres, saying when the model saw the track.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { catalogMatrix } from '../src/classify/features.js';
import { bootstrapCounts, bootstrapDraws, type ForestModel, oobProba } from '../src/classify/forest.js';
import { topGenres } from '../src/classify/model.js';
import { inBagRows, outOfBagRowProba, trackRow } from '../src/classify/outOfBag.js';
import { genresOf } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { writeReportFixture } from './reportFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'out-of-bag-'));
const csv = join(dir, 'catalogue.csv');
writeReportFixture(csv);
const loaded = await loadCatalog(csv);
const { catalog } = loaded;
const engine = Engine.fromLoaded(loaded);
const model = (await engine.genreModel()) as ForestModel;
const app = buildServer({ engine, source: csv, logger: false });
after(() => app.close());

describe('out-of-bag guesses', () => {
  it('one row replayed equals the whole-forest out-of-bag probabilities, voted by the trees that left it out', () => {
    assert.equal(model.kind, 'rf');
    const matrix = catalogMatrix(catalog, model.featureNames);
    const whole = oobProba(model, matrix);
    const classes = model.classNames.length;
    const treeCount = model.treeStart.length - 1;
    const draws = bootstrapDraws(catalog.size, model.params.maxSamples);
    const counts = Array.from({ length: treeCount }, (_, t) => bootstrapCounts(catalog.size, model.params.seed, t, draws));
    const inBag = inBagRows(model, catalog.size);
    for (let t = 0; t < catalog.size; t++) {
      // Replayed for the one row, and looked up in the samples built once: both equal the whole forest's.
      for (const samples of [undefined, inBag]) {
        const { proba, trees } = outOfBagRowProba(model, catalog.size, trackRow(catalog, model.featureNames, t), t, samples);
        assert.equal(trees, counts.filter((c) => c[t] === 0).length, `track ${t}: trees that left it out`);
        for (let c = 0; c < classes; c++) assert.ok(Math.abs((proba[c] as number) - (whole.proba[t * classes + c] as number)) < 1e-12);
      }
    }
    assert.throws(
      () => outOfBagRowProba(model, catalog.size, trackRow(catalog, model.featureNames, 0), catalog.size),
      /not a training row/,
    );
  });

  it('GET /api/classify/track: the guess beside the true genres, out-of-bag; in-sample for a model from a file; 400 on a bad id', async () => {
    const track = 5;
    const id = catalog.trackId[track] as string;
    const response = await app.inject({ method: 'GET', url: `/api/classify/track?id=${id}&top=3` });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.trueGenres, genresOf(catalog, track));
    assert.equal(body.basis, 'out-of-bag');
    assert.equal(body.trees.total, model.treeStart.length - 1);
    const { proba } = outOfBagRowProba(model, catalog.size, trackRow(catalog, model.featureNames, track), track);
    assert.deepEqual(body.genres, topGenres(model, proba, 3)[0]);

    const bad = await app.inject({ method: 'GET', url: '/api/classify/track?id=handTrack0000000000001' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /parameter id: no track with track_id "handTrack0000000000001"/);
    assert.equal((await app.inject({ method: 'GET', url: `/api/classify/track?id=${id}&top=0` })).statusCode, 400);

    // The same forest handed over as a model file: nothing says which tracks it saw, so the guess is in-sample.
    const fromFile = Engine.fromLoaded(loaded);
    fromFile.useGenreModel(model, 'a model file');
    const other = buildServer({ engine: fromFile, source: csv, logger: false });
    const inSample = (await other.inject({ method: 'GET', url: `/api/classify/track?id=${id}` })).json();
    await other.close();
    assert.equal(inSample.basis, 'in-sample');
    assert.deepEqual(inSample.trueGenres, genresOf(catalog, track));
    assert.equal(inSample.genres.length, model.classNames.length); // 5 asked by default, 3 genres in the fixture
  });
});
