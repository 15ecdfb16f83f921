/**
 * GET /api/map (the catalogue map and its faithfulness) and GET /api/map/path (a chain of real tracks
 * between two seeds). The map is built before the server reports ready; an engine handed over without
 * it answers 503 with Retry-After while a worker thread builds it, never inside the request.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { InputError } from '../data/errors.js';
import type { Params } from '../engine/params.js';
import { mapAnswer, mapPoint, mapRequestFrom, singleField } from '../map/answer.js';
import { pathBetween } from '../map/path.js';
import { resolveSeed } from '../recommend/seeds.js';
import type { EngineGetter } from './app.js';

const MAP_RETRY_SECONDS = 5;
const MAX_PATH_STEPS = 50;

export function registerMapRoutes(app: FastifyInstance, engine: EngineGetter): void {
  const readyMap = (reply: FastifyReply) => {
    const map = engine().readyMap();
    if (!map) {
      reply.header('Retry-After', String(MAP_RETRY_SECONDS));
      reply.code(503).send({ error: 'Service Unavailable', message: 'the catalogue map is being built; retry shortly' });
    }
    return map;
  };

  app.get('/api/map', async (request, reply) => {
    const query = request.query as Params;
    const mapRequest = mapRequestFrom(query);
    const map = readyMap(reply);
    if (!map) return reply;
    return mapAnswer(map, engine().catalog, mapRequest);
  });

  app.get('/api/map/path', async (request, reply) => {
    const query = request.query as Params;
    const { catalog, names, space } = engine();
    const fromText = singleField(query, 'from');
    const toText = singleField(query, 'to');
    const stepsText = singleField(query, 'steps');
    if (!fromText || !toText) throw new InputError('from and to are required: two tracks (track_id or "artist - title")');
    const from = resolveSeed(catalog, names, fromText);
    const to = resolveSeed(catalog, names, toText);
    const steps = stepsText === undefined ? 8 : Number(stepsText);
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_PATH_STEPS)
      throw new InputError(`steps must be an integer from 1 to ${MAX_PATH_STEPS}; got ${JSON.stringify(stepsText)}`);
    const map = readyMap(reply);
    if (!map) return reply;
    return { tracks: pathBetween(space, from, to, steps, catalog.songCode).map((t) => mapPoint(catalog, map.coords, t)) };
  });
}
