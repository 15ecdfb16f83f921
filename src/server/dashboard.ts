/**
 * What the dashboard needs besides the earlier API: the exploration (GET /api/explore), the genre list
 * (GET /api/genres), track search for seed autocomplete (GET /api/tracks?q=, ranked: see trackSearch), the classification report
 * (GET /api/classify/report), and the built web app as static files (path traversal refused by
 * @fastify/static, which serves only files under its root).
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { type Evaluation, evaluateGenres } from '../classify/evaluate.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';
import { type Exploration, genreSummary } from '../explore/explore.js';
import type { Params } from '../recommend/params.js';
import { foldText } from '../recommend/text.js';
import { buildTrackSearchIndex, searchTracks, type TrackSearchIndex } from '../recommend/trackSearch.js';

export const MAX_TRACK_MATCHES = 20;

function only(params: Params, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) if (!allowed.includes(name)) throw new InputError(`unknown parameter ${name}`);
}

function singleText(params: Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new InputError(`parameter ${name} given more than once`);
  return value;
}

export interface DashboardOptions {
  /** The exploration of the loaded file (needs the raw rows, so the caller computes it). */
  explore?: () => Exploration;
  /** The built web app (absent: only the API is served). */
  webRoot?: string;
}

export function registerDashboardRoutes(app: FastifyInstance, catalog: Catalog, options: DashboardOptions): void {
  let exploration: Exploration | undefined;
  let evaluation: Promise<Evaluation> | undefined;
  let searchIndex: TrackSearchIndex | undefined;

  app.get('/api/explore', async (request, reply) => {
    only(request.query as Params, []);
    if (!options.explore) return reply.code(503).send({ error: 'Service Unavailable', message: 'no exploration for this catalogue' });
    exploration ??= options.explore();
    const { invalidRowList: _invalid, ...rest } = exploration;
    return rest;
  });

  app.get('/api/genres', async (request) => {
    only(request.query as Params, []);
    return { genres: genreSummary(catalog) };
  });

  app.get('/api/tracks', async (request) => {
    const params = request.query as Params;
    only(params, ['q', 'limit']);
    const q = foldText(singleText(params, 'q') ?? '');
    if (q.length < 2) throw new InputError('parameter q: type at least 2 letters of a title or artist');
    const limitText = singleText(params, 'limit') ?? '10';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACK_MATCHES)
      throw new InputError(`parameter limit must be a whole number from 1 to ${MAX_TRACK_MATCHES}, got ${JSON.stringify(limitText)}`);
    searchIndex ??= buildTrackSearchIndex(catalog);
    const tracks = searchTracks(catalog, searchIndex, q, limit).map((t) => ({
      trackId: catalog.trackId[t],
      trackName: catalog.trackName[t],
      artists: catalog.artists[t],
      albumName: catalog.albumName[t],
      popularity: catalog.numeric.popularity[t],
      features: Object.fromEntries(AUDIO_FEATURES.map((f) => [f, catalog.numeric[f][t]])),
    }));
    return { tracks };
  });

  app.get('/api/classify/report', async (request) => {
    only(request.query as Params, []);
    // The evaluation `classify evaluate` prints by default: random forest, audio9, 100 trees, seed 42, 80/20.
    evaluation ??= evaluateGenres(catalog, { model: 'rf', features: 'audio9', seed: 42, trees: 100 }).catch((error: unknown) => {
      evaluation = undefined;
      throw error;
    });
    return evaluation;
  });

  if (options.webRoot && existsSync(options.webRoot)) {
    app.register(fastifyStatic, { root: options.webRoot, index: 'index.html', wildcard: true });
  }
}
