import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { fitGrowthEvidence } from '../src/discover/growth.js';
import { loadSnapshots } from '../src/discover/snapshots.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { REFERENCE, ROOT, runCli, SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const app = buildServer({ engine: Engine.fromCatalog(catalog, SAMPLE), source: SAMPLE });
const growingEngine = Engine.fromCatalog(catalog, SAMPLE);
growingEngine.useGrowth(fitGrowthEvidence(catalog, await loadSnapshots([resolve(ROOT, '../shared/data/spotify_earlier_snapshots.csv')])));
const withGrowth = buildServer({ engine: growingEngine, source: SAMPLE });
after(() => app.close());
after(() => withGrowth.close());

const run = (args: string[]) => runCli([...args, '--data', SAMPLE]);

describe('GET /api/emerging and /api/drivers', () => {
  it('emerging answers the documented shape; parameters reach the ranking', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/emerging?limit=5&notebook=true',
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.poolSize, REFERENCE.emerging_pool_tracks);
    assert.deepEqual(
      body.tracks.map((t: { trackId: string }) => t.trackId),
      (REFERENCE.emerging_top10_tracks as [string, number][]).slice(0, 5).map(([id]) => id),
    );
    for (const key of ['trackId', 'trackName', 'mainArtist', 'score', 'components', 'url']) assert.ok(key in body.tracks[0], key);
    for (const key of ['artist', 'tracks', 'meanScore', 'shrunkScore', 'meanPopularity', 'genres']) assert.ok(key in body.artists[0], key);
    assert.equal(body.artists[0].artist, REFERENCE.emerging_top10_artists_mean_score[0][0]);

    const weighted = (
      await app.inject({ method: 'GET', url: '/api/emerging?weight_valence=0&weight_tempo=1/100&genre=rock&min_pop=30&max_pop=60' })
    ).json();
    assert.equal(weighted.weights.tempo, 0.01);
    assert.ok(!('valence' in weighted.weights));
    assert.equal(weighted.genre, 'rock');
    assert.ok(
      weighted.tracks.every(
        (t: { popularity: number; genres: string[] }) => t.popularity >= 30 && t.popularity <= 60 && t.genres.includes('rock'),
      ),
    );

    const hit = (await app.inject({ method: 'GET', url: '/api/emerging?by=hit-likeness&limit=3' })).json();
    assert.equal(hit.by, 'hit-likeness');
    assert.ok(hit.model.auc > 0.5 && hit.tracks[0].score < 1);
  });

  it('with snapshots, emerging gains the two growth lists, and the backtest answers', async () => {
    const body = (await withGrowth.inject({ method: 'GET', url: '/api/emerging?limit=5&list=both' })).json();
    assert.equal(body.evidence.pairs, 2577);
    assert.equal(body.risingNow.tracks.length, 5);
    assert.equal(body.likelyToRise.tracks.length, 5);
    for (const key of ['earlierPopularity', 'popularity', 'change', 'peerChange', 'excessChange', 'changePerYear', 'url'])
      assert.ok(key in body.risingNow.tracks[0], key);
    for (const key of ['probability', 'drivers', 'popularity', 'url']) assert.ok(key in body.likelyToRise.tracks[0], key);
    assert.ok(Array.isArray(body.tracks), 'the audio ranking stays in the answer');
    const none = (await app.inject({ method: 'GET', url: '/api/emerging?limit=3' })).json();
    assert.equal(none.risingNow, null);
    assert.match(none.note, /^No growth evidence/);
    const backtest = await withGrowth.inject({ method: 'GET', url: '/api/emerging/backtest?resamples=50&seed=3' });
    assert.equal(backtest.statusCode, 200, backtest.body);
    const b = backtest.json();
    assert.equal(b.tracks, 1473);
    assert.equal(b.rows.filter((r: { default: boolean }) => r.default).length, 1);
    assert.equal((await withGrowth.inject({ method: 'GET', url: '/api/emerging/backtest?folds=1' })).statusCode, 400);
  });

  it('drivers answers per genre with uncertainty, rankings and insights', async () => {
    const body = (await app.inject({ method: 'GET', url: '/api/drivers?feature=valence&standardized=true' })).json();
    assert.equal(body.genres.length, 114);
    const g = body.genres[0];
    for (const key of ['genre', 'n', 'r2', 'adjR2', 'fPValue', 'intercept', 'coefficients']) assert.ok(key in g, key);
    for (const key of ['feature', 'coef', 'stdCoef', 'se', 't', 'p', 'pAdjusted', 'ciLow', 'ciHigh', 'vif', 'significant']) {
      assert.ok(key in g.coefficients[0], key);
    }
    assert.equal(body.ranking.length, 114);
    assert.equal(body.ranking[0].genre, 'reggaeton');
    const significantValence = body.genres.filter(
      (x: { coefficients: { feature: string; significant: boolean }[] }) =>
        x.coefficients.find((c) => c.feature === 'valence')?.significant,
    );
    assert.equal(body.insights.length, significantValence.length, 'one insight per significant valence coefficient');
    assert.ok(body.insights.every((i: { feature: string }) => i.feature === 'valence'));
    const pop = (await app.inject({ method: 'GET', url: '/api/drivers?genre=pop&membership=all' })).json();
    assert.equal(pop.membership, 'all');
    assert.deepEqual(
      pop.genres.map((x: { genre: string }) => x.genre),
      ['pop'],
    );
  });

  it('bad parameters answer 400 naming the parameter', async () => {
    for (const [url, message] of [
      ['/api/emerging?min_pop=abc', /min_pop/],
      ['/api/emerging?min_pop=80&max_pop=20', /min_pop and max_pop/],
      ['/api/emerging?weight_foo=1', /unknown parameter weight_foo/],
      ['/api/emerging?weight_tempo=x', /weight_tempo/],
      ['/api/emerging?genre=polka', /parameter genre: unknown genre "polka"/],
      ['/api/emerging?by=magic', /parameter by/],
      ['/api/emerging?limit=0', /limit/],
      ['/api/emerging?limit=1&limit=2', /more than once/],
      ['/api/emerging?exclude_genres=polka', /parameter exclude_genres: unknown genre "polka"/],
      ['/api/emerging?list=all', /parameter list/],
      ['/api/emerging?horizon=0', /horizon must be a number from 0.1 to 10/],
      ['/api/emerging/backtest', /no earlier popularity snapshots/],
      ['/api/drivers?feature=tempox', /parameter feature: unknown feature "tempox"/],
      ['/api/drivers?genre=polka', /parameter genre/],
      ['/api/drivers?membership=some', /parameter membership/],
      ['/api/drivers?nonsense=1', /unknown parameter nonsense/],
    ] as const) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.match(response.json().message, message, url);
    }
  });
});

describe('spotify-intel emerging / drivers', () => {
  it('emerging prints a table with links, and --json the documented shape', () => {
    const table = run(['emerging', '--limit', '3', '--notebook']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /pool 8,230 tracks/);
    assert.match(table.stdout, /https:\/\/open\.spotify\.com\/track\/505rTU8E2KdQEhzJKyuOaE/);
    const json = JSON.parse(
      run(['emerging', '--json', '--artists', '--weights', 'tempo=1/100,loudness=0', '--min-tracks', '3', '--no-previous']).stdout,
    );
    assert.equal(json.evidence, null);
    assert.match(json.note, /^No growth evidence/);
    assert.deepEqual(json.weights, { danceability: 1, energy: 1, valence: 1, tempo: 0.01 });
    assert.ok(json.artists.every((a: { tracks: number }) => a.tracks >= 3));
  });

  it('drivers prints the model of a genre, the notebook claims, and --json', () => {
    const text = run(['drivers', '--genre', 'pop']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /pop: n=221/);
    assert.match(text.stdout, /no genre "dance pop"/);
    const json = JSON.parse(run(['drivers', '--feature', 'valence', '--json']).stdout);
    assert.equal(json.standardized, false);
    assert.equal(json.ranking[0].coef, Math.max(...json.ranking.map((r: { coef: number }) => r.coef)));
  });

  it('bad input exits 2 with a message', () => {
    for (const args of [
      ['emerging', '--weights', 'foo=1'],
      ['emerging', '--by', 'magic'],
      ['emerging', '--min-pop', 'x'],
      ['drivers', '--feature', 'nope'],
      ['drivers', '--membership', 'some'],
    ]) {
      const { code, stderr } = run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /spotify-intel: /);
    }
  });
});
