/**
 * Fuzzing with a fixed seed and count (in-process and loopback only, well under a minute): random
 * malformed CSV files through the loader and the CLI, random query strings and bodies to every API
 * route. Whatever the input, the answer is a result or a clear refusal: exit 0 or 2 (never 1), HTTP
 * 2xx/4xx (never 5xx), no stack trace, no absolute path in an HTTP answer, no temporary file left,
 * and the server still healthy. A failure prints the seed and the input.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { isInputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { seededRandom } from '../src/stats/random.js';
import { MUTATIONS, pick } from './csvMutations.js';
import { CLI, fixture } from './helpers.js';
import { writeReportFixture } from './reportFixture.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const CSV_CASES = 120;
const CLI_CASES = 6;
const HTTP_CASES = 400;

const STACK_TRACE = /\n\s+at .+:\d+:\d+|internal error/;
const ABSOLUTE_PATH = /(^|[\s"'(=])\/(tmp|work|home|root|usr|var)\//;
const ourTempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('spotify-intel-input-')).length;

const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));

/** Paths of score-like fields that are not finite numbers (overflow turns them into null in JSON). */
function nonFiniteScores(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteScores(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    SCORE_FIELDS.has(key) && typeof v !== 'number' ? [`${path}.${key}`] : nonFiniteScores(v, `${path}.${key}`),
  );
}
const SCORE_FIELDS: ReadonlySet<string> = new Set([
  'similarity',
  'distance',
  'match',
  'score',
  'meanScore',
  'shrunkScore',
  'heuristicScore',
  'poolMeanScore',
]);

describe(`fuzz (seed ${SEED})`, () => {
  const base = readFileSync(fixture('kaggle.csv'), 'utf8');

  it(`${CSV_CASES} malformed CSV files: loaded or refused with an InputError, never a crash`, async () => {
    const random = seededRandom(SEED);
    const before = ourTempDirs();
    for (let c = 0; c < CSV_CASES; c++) {
      let text = base;
      const steps = 1 + Math.floor(random() * 3);
      for (let s = 0; s < steps; s++) text = pick(MUTATIONS, random)(text, random);
      const path = join(dir, `case${c}.csv`);
      writeFileSync(path, text);
      try {
        await loadCatalog(path, { onInvalid: random() < 0.5 ? 'skip' : 'error' });
      } catch (error) {
        assert.ok(
          isInputError(error),
          `seed ${SEED}, case ${c}: not an InputError: ${(error as Error).stack}\ninput:\n${JSON.stringify(text)}`,
        );
        assert.doesNotMatch((error as Error).message, STACK_TRACE, `seed ${SEED}, case ${c}`);
      }
    }
    assert.equal(ourTempDirs(), before, 'no temporary folder left');
  });

  it(`${CLI_CASES} malformed files through the CLI: exit 0 or 2 with no stack trace`, () => {
    const random = seededRandom(SEED + 1);
    for (let c = 0; c < CLI_CASES; c++) {
      let text = base;
      for (let s = 0; s < 2; s++) text = pick(MUTATIONS, random)(text, random);
      const path = join(dir, `cli${c}.csv`);
      writeFileSync(path, text);
      const command = pick(['explore', 'emerging', 'drivers', 'recommend --like happy'], random).split(' ');
      const result = spawnSync(process.execPath, [CLI, ...command, '--data', path], {
        encoding: 'utf8',
        env: { ...process.env, SPOTIFY_INTEL_DATA: '' },
      });
      const where = `seed ${SEED + 1}, case ${c} (${command.join(' ')}): ${result.stderr}\ninput:\n${JSON.stringify(text)}`;
      assert.ok(result.status === 0 || result.status === 2, where);
      assert.doesNotMatch(result.stderr, STACK_TRACE, where);
    }
  });

  it(`${HTTP_CASES} random requests to every route: never 5xx, no stack trace, no absolute path`, async () => {
    const csv = join(dir, 'catalogue.csv');
    writeReportFixture(csv);
    const engine = Engine.fromLoaded(await loadCatalog(csv));
    await engine.genreModel({ kind: 'rf', seed: 1, trees: 3 });
    const app = buildServer({ engine, source: csv, logger: false });
    const random = seededRandom(SEED + 2);
    const routes = ['/api/recommend', '/api/emerging', '/api/drivers', '/api/tracks', '/api/explore', '/api/genres', '/api/health'];
    const names = [
      'like',
      'target_energy',
      'target_tempo',
      'weight_energy',
      'min_tempo',
      'max_popularity',
      'seed_tracks',
      'seed_names',
      'seed_genres',
      'exclude_genres',
      'limit',
      'metric',
      'plain',
      'search',
      'mmr',
      'max_per_artist',
      'explicit',
      'by',
      'genre',
      'min_pop',
      'max_pop',
      'prior_strength',
      'weight_tempo',
      'min_tracks',
      'rank_artists_by',
      'membership',
      'feature',
      'standardized',
      'q',
      'top',
      'allow_versions',
      'nonsense',
      '',
      '__proto__',
      'constructor',
    ];
    const values = [
      '0',
      '1',
      '-1',
      '0.5',
      '1e308',
      '-1e308',
      '1e400',
      '0x10',
      '1_000',
      '',
      'null',
      'NaN',
      'Infinity',
      'true',
      'false',
      'pop',
      'happy',
      'zzzz',
      'Tpop000',
      'metal',
      'energy',
      '%00',
      '%E2%80%AE',
      '%1B%5B2J',
      'a'.repeat(3000),
      '120,130',
      'energy=2=3',
    ];
    const bodies = [
      '{}',
      '[]',
      'null',
      '"text"',
      '{"danceability":1e400}',
      '[{"energy":0.5}]',
      '{',
      '{"__proto__":{"x":1}}',
      JSON.stringify({
        danceability: 0.5,
        energy: 0.5,
        loudness: -5,
        speechiness: 0.1,
        acousticness: 0.1,
        instrumentalness: 0,
        liveness: 0.1,
        valence: 0.5,
        tempo: 120,
      }),
    ];
    for (let c = 0; c < HTTP_CASES; c++) {
      let request: InjectOptions;
      if (random() < 0.2) {
        request = {
          method: 'POST',
          url: `/api/classify${random() < 0.3 ? `?top=${pick(values, random)}` : ''}`,
          payload: pick(bodies, random),
          headers: { 'content-type': pick(['application/json', 'text/plain', 'application/xml'], random) },
        };
      } else {
        const query = Array.from({ length: Math.floor(random() * 4) }, () => `${pick(names, random)}=${pick(values, random)}`).join('&');
        request = { method: pick(['GET', 'GET', 'GET', 'PUT', 'DELETE'] as const, random), url: `${pick(routes, random)}?${query}` };
      }
      const response = await app.inject(request);
      const where = `seed ${SEED + 2}, case ${c}: ${JSON.stringify(request)} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
      assert.ok(response.statusCode < 500, where);
      assert.doesNotMatch(response.body, STACK_TRACE, where);
      assert.doesNotMatch(response.body, ABSOLUTE_PATH, where);
      if (response.statusCode === 200 && response.headers['content-type']?.toString().includes('json'))
        assert.deepEqual(nonFiniteScores(response.json()), [], `${where}: an answer with scores that are not numbers`);
    }
    // Every numeric parameter with every hostile number: a documented range or a 400, never an answer built on overflow.
    const numeric: [string, string][] = [
      ['/api/recommend?like=happy&', 'limit'],
      ['/api/recommend?', 'target_energy'],
      ['/api/recommend?', 'target_tempo'],
      ['/api/recommend?', 'target_loudness'],
      ['/api/recommend?target_energy=0.5&', 'weight_energy'],
      ['/api/recommend?like=happy&', 'min_tempo'],
      ['/api/recommend?like=happy&', 'max_popularity'],
      ['/api/recommend?like=happy&', 'mmr'],
      ['/api/recommend?like=happy&', 'max_per_artist'],
      ['/api/emerging?', 'weight_tempo'],
      ['/api/emerging?', 'prior_strength'],
      ['/api/emerging?', 'min_pop'],
      ['/api/emerging?', 'limit'],
      ['/api/emerging?', 'min_tracks'],
      ['/api/tracks?q=song&', 'limit'],
    ];
    for (const [prefix, name] of numeric) {
      for (const value of ['1e308', '-1e308', '1e400', '0x10', '1_000', 'Infinity', 'NaN', '', ' 5', 'null']) {
        const url = `${prefix}${name}=${encodeURIComponent(value)}`;
        const response = await app.inject({ method: 'GET', url });
        const where = `${url} -> ${response.statusCode} ${response.body.slice(0, 200)}`;
        assert.equal(response.statusCode, 400, where);
        assert.match(response.json().message, new RegExp(name), where);
      }
    }

    const health = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(health.json().status, 'ready');
    await app.close();
  });
});
