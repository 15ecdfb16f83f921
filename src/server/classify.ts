/**
 * POST /api/classify: feature values in (one object or an array of objects), the top genres with
 * probabilities out; with ?explain=true, each genre also carries exact TreeSHAP contributions per
 * feature (score = baseValue + their sum; at most 1,000 rows); with ?families=true, the top genre
 * families (summed probabilities), each with its likeliest genres. The model is the engine's: from `serve --model-file FILE`, or else a random forest
 * on audio9 over every track, trained on worker threads while the server starts. An engine whose model
 * is not trained yet (a library user's) answers 503 with a message saying so and starts training.
 */
import type { FastifyInstance } from 'fastify';
import { explainPredictions, MAX_EXPLAIN_ROWS, namedExplanations } from '../classify/explain.js';
import { familyGuesses, familyOfClasses, GENRE_FAMILIES } from '../classify/genreFamilies.js';
import { rowsFromObjects } from '../classify/input.js';
import { describeModel, predictProba, topGenres } from '../classify/model.js';
import { requireColumns } from '../data/capabilities.js';
import { InputError } from '../data/errors.js';
import { onlyParams, type Params, parseNumber, single } from '../engine/params.js';
import type { EngineGetter } from './app.js';

export const MAX_CLASSIFY_ROWS = 10_000;
/** Genres per row at most: 10,000 rows x 114 genres would hold the server for about a second. */
export const MAX_TOP_GENRES = 20;

export function registerClassifyRoutes(app: FastifyInstance, engine: EngineGetter): void {
  app.post('/api/classify', async (request, reply) => {
    requireColumns(engine().catalog, ['track_genre'], 'genre classification'); // an export without genres
    if (engine().genreModelStatus().state === 'not started') engine().genreModel();
    const { state, message, model } = engine().genreModelStatus();
    if (!model) {
      return reply
        .header('Retry-After', '2')
        .code(state === 'failed' ? 500 : 503)
        .send({ error: state === 'failed' ? 'Internal Server Error' : 'Service Unavailable', message });
    }
    const query = request.query as Params;
    onlyParams(query, ['top', 'explain', 'families']);
    const topText = single(query, 'top');
    const maxTop = Math.min(MAX_TOP_GENRES, model.classNames.length);
    const top = topText === undefined ? 3 : parseNumber(topText, 'parameter top', { min: 1, max: maxTop, integer: true });
    const flag = (name: string) => {
      const value = single(query, name);
      if (value === undefined) return false;
      if (value !== 'true' && value !== 'false')
        throw new InputError(`parameter ${name} must be true or false, got ${JSON.stringify(value)}`);
      return value === 'true';
    };
    const explain = flag('explain');
    const families = flag('families');
    if (explain && families) throw new InputError('parameters explain and families: ask for one of them per request');
    const body = request.body;
    if (typeof body === 'string' && !/json/i.test(request.headers['content-type'] ?? ''))
      throw new InputError('body: the body was sent as text; send JSON with the header content-type: application/json');
    if (body === undefined || body === null) throw new InputError(`body: send JSON feature values (${model.featureNames.join(', ')})`);
    if (Array.isArray(body) && body.length > MAX_CLASSIFY_ROWS)
      throw new InputError(`body: at most ${MAX_CLASSIFY_ROWS} rows per request, got ${body.length}`);
    if (explain && Array.isArray(body) && body.length > MAX_EXPLAIN_ROWS)
      throw new InputError(`body: at most ${MAX_EXPLAIN_ROWS} rows per request with explain=true, got ${body.length}`);
    const rows = rowsFromObjects(body, model.featureNames, 'body');
    if (explain) {
      const explained = explainPredictions(model, rows.matrix, top);
      const results = namedExplanations(explained).map((genres, i) => ({
        ...(rows.trackId[i] !== undefined ? { trackId: rows.trackId[i] } : {}),
        genres,
      }));
      return { model: describeModel(model), features: model.featureNames, scale: explained.scale, results };
    }
    const proba = predictProba(model, rows.matrix);
    if (families) {
      const familyOf = familyOfClasses(model.classNames);
      if (!familyOf) throw new InputError("parameter families: the model's genres are not all in the genre families");
      const results = rows.trackId.map((trackId, i) => ({
        ...(trackId !== undefined ? { trackId } : {}),
        families: familyGuesses(model.classNames, proba, i, familyOf, GENRE_FAMILIES, Math.min(top, GENRE_FAMILIES.length)),
      }));
      return { model: describeModel(model), features: model.featureNames, results };
    }
    const guesses = topGenres(model, proba, top);
    const results = guesses.map((genres, i) => ({ ...(rows.trackId[i] !== undefined ? { trackId: rows.trackId[i] } : {}), genres }));
    return { model: describeModel(model), features: model.featureNames, results };
  });
}
