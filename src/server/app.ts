/**
 * The HTTP API: a Fastify app over the fitted engine. It can be bound before the engine exists:
 * `/api/health` then says `starting`, and every other API route answers 503 with `Retry-After` until the
 * engine is built, so no request ever waits for loading or fitting. Bad input answers 400 with a message
 * that names the parameter; only a fault of ours answers 500.
 */
import { STATUS_CODES } from 'node:http';
import { basename } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { isInputError } from '../data/errors.js';
import type { Engine } from '../engine/engine.js';
import type { Params } from '../engine/params.js';
import { requestFromParams } from '../recommend/params.js';
import { registerClassifyRoutes } from './classify.js';
import { registerTrackGuessRoute } from './classifyTrack.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerDiscoverRoutes } from './discover.js';
import { registerMapRoutes } from './map.js';

/** Seconds a client is told to wait while the server is starting. */
const RETRY_AFTER_SECONDS = 2;
/**
 * Bodies up to 16 MiB: POST /api/classify documents 10,000 rows, and a real row with every catalogue
 * column and long names is about 700 bytes as JSON.
 */
const BODY_LIMIT_BYTES = 16 << 20;

export interface ServerOptions {
  /** The engine, or its promise while the catalogue loads and the models fit. */
  engine: Engine | Promise<Engine>;
  /** The catalogue file as the user named it (only its file name is ever sent). */
  source: string;
  /** The built web app (absent: only the API is served). */
  webRoot?: string;
  /** Log server faults to standard error (default true). */
  logger?: boolean;
}

/** Gives the engine to a route; routes run only once it is ready (see the hook below). */
export type EngineGetter = () => Engine;

export function buildServer(options: ServerOptions): FastifyInstance {
  // Errors of ours go to standard error (never to the client); no per-request logging.
  const app = Fastify({
    logger: options.logger === false ? false : { level: 'error', stream: process.stderr },
    bodyLimit: BODY_LIMIT_BYTES,
  });
  let ready: Engine | undefined;
  let failure: string | undefined;
  if (options.engine instanceof Promise) {
    options.engine.then(
      (engine) => {
        ready = engine;
      },
      (error: unknown) => {
        failure = error instanceof Error ? error.message : String(error);
      },
    );
  } else ready = options.engine;
  const engine: EngineGetter = () => ready as Engine;

  app.setErrorHandler((error, request, reply) => {
    if (isInputError(error)) return reply.code(400).send({ error: 'Bad Request', message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      let message = (error as Error).message;
      if (status === 415) message = `${message}; send JSON with the header content-type: application/json`;
      if (status === 400 && /JSON/i.test(message) && !/^body/.test(message)) message = `body: not valid JSON (${message})`;
      return reply.code(status).send({ error: STATUS_CODES[status] ?? 'Client Error', message });
    }
    request.log.error(error);
    return reply
      .code(500)
      .send({ error: 'Internal Server Error', message: 'internal error; the server wrote the details to its standard error' });
  });

  // A known API path asked with another method: 405 with the methods it answers, not 404.
  const methodsByPath = new Map<string, string[]>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    methodsByPath.set(route.url, [...(methodsByPath.get(route.url) ?? []), ...methods]);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] as string;
    const allowed = methodsByPath.get(path);
    if (allowed) {
      return reply
        .code(405)
        .header('Allow', allowed.join(', '))
        .send({ error: 'Method Not Allowed', message: `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}` });
    }
    return reply.code(404).send({ error: 'Not Found', message: `no such path: ${path}` });
  });

  app.get('/api/health', async () => {
    const source = basename(options.source);
    if (ready) return { status: 'ready', source, tracks: ready.catalog.size };
    if (failure) return { status: 'failed', source, message: failure };
    return { status: 'starting', source };
  });

  app.addHook('onRequest', async (request, reply) => {
    if (ready || !request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return;
    reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return reply.code(503).send({
      error: 'Service Unavailable',
      message: failure
        ? `the server failed to start: ${failure}`
        : 'the server is starting (loading the catalogue and fitting its models); retry shortly',
    });
  });

  app.get('/api/recommend', async (request) => {
    const params = request.query as Params;
    return engine().recommend(requestFromParams(params, engine().space));
  });

  registerDiscoverRoutes(app, engine);
  registerClassifyRoutes(app, engine);
  registerTrackGuessRoute(app, engine);
  registerMapRoutes(app, engine);
  registerDashboardRoutes(app, engine, options.webRoot);

  return app;
}
