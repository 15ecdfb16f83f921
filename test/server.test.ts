import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const app = buildServer({ engine: Engine.fromCatalog(catalog, SAMPLE), source: SAMPLE });
after(() => app.close());

describe('HTTP API', () => {
  it('GET /api/recommend answers with the pool size and explained results', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/recommend?target_energy=0.9&min_tempo=120&seed_genres=pop&limit=10' });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.ok(body.poolSize > 0);
    assert.equal(body.results.length, 10);
    for (const r of body.results) {
      assert.ok(r.genres.includes('pop'));
      assert.ok(typeof r.explanation.reason === 'string');
      assert.match(r.url, /^https:\/\/open\.spotify\.com\/track\//);
    }
  });

  it('bad parameters answer 400 naming the parameter, never 500', async () => {
    for (const [query, message] of [
      ['limit=500&target_energy=0.5', /limit/],
      ['target_energy=x', /target_energy/],
      ['nonsense=1', /unknown parameter nonsense/],
      ['limit=5', /at least one target/],
      ['seed_tracks=zzzzzzzzzzzzzzzzzzzzzz', /not in the catalogue/],
      ['target_energy=0.5&seed_genres=polka', /unknown genre "polka"/],
      ['target_energy=0.5&limit=1&limit=2', /more than once/],
      ['target_energy=%E0%A4%A', /./],
      ['like=sad%20slow%20pianoo', /Did you mean "piano"/],
      [`seed_tracks=${catalog.trackId.slice(0, 4).join(',')}&seed_artists=Billie%20Eilish&seed_artists=Jason%20Mraz`, /at most 5 seeds/],
      ['seed_artists=Bilie%20Eilish', /closest:\n {4}Billie Eilish/],
      ['seed_tracks=5SuOikwiRyPMVoIQDJUgSV&blend_genre=-1', /blend_genre must be a number from 0 to 100, got "-1"/],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/recommend?${query}` });
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.match(response.json().message, message, query);
    }
  });

  it('seed_artists, like and blend_ parameters reach the blend', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/recommend?seed_artists=Jason%20Mraz&blend_artist=0.3&seed_genres=acoustic',
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.seedArtists, ['Jason Mraz']);
    assert.equal(body.blend.genreSource, 'seed');
    assert.equal(body.blend.weights.artist, 0.3);
    for (const r of body.results) assert.ok(r.genres.includes('acoustic') && typeof r.match === 'number' && typeof r.score === 'number');
    const phrase = (await app.inject({ method: 'GET', url: '/api/recommend?like=drum%20and%20bass' })).json();
    assert.deepEqual(phrase.blend.genres, ['drum-and-bass']);
  });

  it('health and unknown routes', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).json().tracks, catalog.size);
    assert.equal((await app.inject({ method: 'GET', url: '/api/nope' })).statusCode, 404);
  });
});
