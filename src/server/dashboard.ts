/**
 * What the dashboard needs besides the earlier API: the exploration (GET /api/explore), the genre list
 * (GET /api/genres), track search for seed autocomplete (GET /api/tracks?q=, ranked: see `searchTracks`), the classification report
 * (GET /api/classify/report), and the built web app as static files (path traversal refused by
 * @fastify/static, which serves only files under its root).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';
import { foldText } from '../data/text.js';
import { onlyParams as only, type Params, parseNumber, single } from '../engine/params.js';
import { genreSummary } from '../explore/explore.js';
import type { EngineGetter } from './app.js';

export const MAX_TRACK_MATCHES = 20;

export function registerDashboardRoutes(app: FastifyInstance, engine: EngineGetter, webRoot: string | undefined): void {
  app.get('/api/explore', async (request, reply) => {
    only(request.query as Params, []);
    const exploration = engine().explore();
    if (!exploration) return reply.code(503).send({ error: 'Service Unavailable', message: 'no exploration for this catalogue' });
    const { invalidRowList: _invalid, ...rest } = exploration;
    return { ...rest, source: basename(rest.source) };
  });

  app.get('/api/genres', async (request) => {
    only(request.query as Params, []);
    return { genres: genreSummary(engine().catalog) };
  });

  app.get('/api/tracks', async (request) => {
    const params = request.query as Params;
    only(params, ['q', 'limit']);
    const q = foldText(single(params, 'q') ?? '');
    if (q.length < 2) throw new InputError('parameter q: type at least 2 letters of a title or artist');
    const limit = parseNumber(single(params, 'limit') ?? '10', 'parameter limit', { min: 1, max: MAX_TRACK_MATCHES, integer: true });
    const { catalog } = engine();
    const tracks = engine()
      .searchTracks(q, limit)
      .map((t) => ({
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
    return engine().genreEvaluation();
  });

  if (webRoot && existsSync(webRoot)) {
    app.register(fastifyStatic, { root: webRoot, index: 'index.html', wildcard: true });
  }
}
