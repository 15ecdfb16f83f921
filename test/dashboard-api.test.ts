import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { evaluateGenres } from '../src/classify/evaluate.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { writeReportFixture } from './reportFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'dashboard-api-'));
const csv = join(dir, 'catalogue.csv');
writeReportFixture(csv);
// A web root, and a secret next to it that no URL may reach.
const webRoot = join(dir, 'web');
mkdirSync(join(webRoot, 'assets'), { recursive: true });
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>dashboard</title>');
writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');

const loaded = await loadCatalog(csv);
const { catalog } = loaded;
const app = buildServer({ engine: Engine.fromLoaded(loaded), source: csv, webRoot });
const bare = buildServer({ engine: Engine.fromCatalog(catalog, csv), source: csv });
after(async () => {
  await app.close();
  await bare.close();
});

const get = (url: string, server = app) => server.inject({ method: 'GET', url });

describe('dashboard API', () => {
  it('GET /api/explore: the exploration (counts by construction of the fixture); 503 without one', async () => {
    const response = await get('/api/explore');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.rows, 122);
    assert.equal(body.tracks, 120);
    assert.equal(body.duplicateRows, 2);
    assert.ok(!('invalidRowList' in body));
    assert.equal((await get('/api/explore', bare)).statusCode, 503);
  });

  it('GET /api/genres: tracks per genre', async () => {
    const body = (await get('/api/genres')).json();
    const counts = Object.fromEntries(body.genres.map((g: { genre: string; tracks: number }) => [g.genre, g.tracks]));
    assert.deepEqual(counts, { ambient: 40, indie: 2, metal: 40, pop: 40 });
  });

  it('GET /api/tracks: matches on artist and title, ignoring case, with the 9 features', async () => {
    const body = (await get('/api/tracks?q=SONG%20METAL%201&limit=20')).json();
    const names = body.tracks.map((t: { trackName: string }) => t.trackName);
    // "Song metal 1" and "Song metal 10" to "Song metal 19".
    assert.deepEqual(names.sort(), ['Song metal 1', ...Array.from({ length: 10 }, (_, i) => `Song metal 1${i}`)].sort());
    const first = body.tracks[0];
    const t = catalog.trackId.indexOf(first.trackId);
    assert.equal(first.features.energy, catalog.numeric.energy[t]);
    assert.equal(Object.keys(first.features).length, 9);
    assert.equal((await get('/api/tracks?q=song&limit=3')).json().tracks.length, 3);
  });

  it('GET /api/classify/report: the library evaluation (random forest, 100 trees, seed 42)', async () => {
    const response = await get('/api/classify/report');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    const expected = await evaluateGenres(catalog, { model: 'rf', features: 'audio9', seed: 42, trees: 100 });
    assert.equal(body.accuracy, expected.accuracy);
    assert.deepEqual(body.perGenre, expected.perGenre);
    assert.equal(body.classes, 3);
  });

  it('answers 400 naming the parameter on bad input', async () => {
    for (const [url, pattern] of [
      ['/api/explore?x=1', /unknown parameter x/],
      ['/api/genres?genre=pop', /unknown parameter genre/],
      ['/api/tracks', /at least 2 letters/],
      ['/api/tracks?q=a', /at least 2 letters/],
      ['/api/tracks?q=song&limit=0', /limit/],
      ['/api/tracks?q=song&limit=21', /limit/],
      ['/api/tracks?q=song&limit=two', /limit/],
      ['/api/tracks?q=song&q=metal', /more than once/],
      ['/api/tracks?q=song&sort=name', /unknown parameter sort/],
      ['/api/classify/report?model=gbdt', /unknown parameter model/],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.match(response.json().message, pattern, url);
    }
  });

  it('serves the web app and refuses path traversal', async () => {
    const index = await get('/');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /<title>dashboard<\/title>/);
    assert.equal((await get('/assets/app.js')).body, 'console.log(1)');
    for (const url of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets/%252e%252e/secret.txt',
    ]) {
      const response = await get(url);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url} answered ${response.statusCode}`);
      assert.doesNotMatch(response.body, /TOP-SECRET/, url);
    }
    // Without a built app, only the API answers.
    assert.equal((await get('/', bare)).statusCode, 404);
  });
});
