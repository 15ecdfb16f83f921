/**
 * POST /api/classify: feature values in (one object or an array of objects), the top genres with
 * probabilities out; with ?explain=true, each genre also carries exact TreeSHAP contributions per
 * feature (score = baseValue + their sum; at most 1,000 rows); with ?families=true, the top genre
 * families (summed probabilities), each with its likeliest genres. The model comes from `serve --model-file FILE`, or else is trained at startup in
 * the background (a random forest on audio9 over every track); until it is ready the route answers
 * 503 with a message saying so, and the rest of the API serves meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { explainPredictions, MAX_EXPLAIN_ROWS, namedExplanations } from '../classify/explain.js';
import { catalogMatrix, featureSetNames, genreLabels } from '../classify/features.js';
import { familyGuesses, familyOfClasses, GENRE_FAMILIES } from '../classify/genreFamilies.js';
import { rowsFromObjects } from '../classify/input.js';
import { describeModel, fitModel, type GenreModel, type ModelSettings, predictProba, topGenres } from '../classify/model.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';

export const MAX_CLASSIFY_ROWS = 10_000;

/** The classifier behind the route: ready with a model, still training, or failed. */
export class ClassifierService {
  private model: GenreModel | undefined;
  private failure: string | undefined;
  private readonly started = Date.now();

  private constructor(readonly origin: string) {}

  static ready(model: GenreModel, origin: string): ClassifierService {
    const service = new ClassifierService(origin);
    service.model = model;
    return service;
  }

  /** Starts training on every track of the catalogue; the service answers once it is done. */
  static trainInBackground(catalog: Catalog, settings: ModelSettings = { kind: 'rf', seed: 42 }, threads?: number): ClassifierService {
    const service = new ClassifierService(`trained at startup (${settings.kind}, audio9, seed ${settings.seed})`);
    const { labels, classNames } = genreLabels(catalog);
    const matrix = catalogMatrix(catalog, featureSetNames('audio9'));
    service.training = fitModel(matrix, labels, classNames, settings, threads ? { threads } : {}).then(
      (model) => {
        service.model = model;
      },
      (error: unknown) => {
        service.failure = error instanceof Error ? error.message : String(error);
      },
    );
    return service;
  }

  /** Settles when background training ends (immediately for a loaded model). */
  training: Promise<void> = Promise.resolve();

  get current(): GenreModel | undefined {
    return this.model;
  }

  status(): { state: 'ready' | 'training' | 'failed'; message: string } {
    if (this.model) return { state: 'ready', message: `${describeModel(this.model)}, ${this.origin}` };
    if (this.failure) return { state: 'failed', message: `the genre classifier failed to train: ${this.failure}` };
    const seconds = Math.round((Date.now() - this.started) / 1000);
    return { state: 'training', message: `the genre classifier is still training (started ${seconds} s ago); retry in a few seconds` };
  }
}

export function registerClassifyRoutes(app: FastifyInstance, classifier: ClassifierService | undefined): void {
  app.post('/api/classify', async (request, reply) => {
    if (!classifier) {
      return reply.code(503).send({
        error: 'Service Unavailable',
        message: 'no genre classifier: start the server with `serve --model-file FILE` (or without it to train one at startup)',
      });
    }
    const model = classifier.current;
    if (!model) {
      const { state, message } = classifier.status();
      return reply
        .code(state === 'failed' ? 500 : 503)
        .send({ error: state === 'failed' ? 'Internal Server Error' : 'Service Unavailable', message });
    }
    const query = request.query as Record<string, unknown>;
    let top = 3;
    if (query.top !== undefined) {
      top = Number(query.top);
      if (typeof query.top !== 'string' || !Number.isInteger(top) || top < 1 || top > model.classNames.length)
        throw new InputError(`parameter top must be a whole number from 1 to ${model.classNames.length}, got ${JSON.stringify(query.top)}`);
    }
    const flag = (name: string) => {
      const value = query[name];
      if (value === undefined) return false;
      if (value !== 'true' && value !== 'false')
        throw new InputError(`parameter ${name} must be true or false, got ${JSON.stringify(value)}`);
      return value === 'true';
    };
    const explain = flag('explain');
    const families = flag('families');
    if (explain && families) throw new InputError('parameters explain and families: ask for one of them per request');
    for (const name of Object.keys(query))
      if (name !== 'top' && name !== 'explain' && name !== 'families') throw new InputError(`unknown parameter ${name}`);
    const body = request.body;
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
