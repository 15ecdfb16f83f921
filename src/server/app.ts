/**
 * The HTTP API: a Fastify app over an in-memory catalogue. Bad input answers 400 with a message that
 * names the parameter; only a fault of ours answers 500.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../data/catalog.js';
import { isInputError } from '../data/errors.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import { type Params, requestFromParams } from '../recommend/params.js';
import { type IndexProvider, type RecommendContext, recommend } from '../recommend/recommend.js';
import { type ClassifierService, registerClassifyRoutes } from './classify.js';
import { type DashboardOptions, registerDashboardRoutes } from './dashboard.js';
import { registerDiscoverRoutes } from './discover.js';

export interface ServerContext extends DashboardOptions {
  catalog: Catalog;
  space: FeatureSpace;
  source: string;
  /** Genre classifier for POST /api/classify (absent: the route answers 503). */
  classifier?: ClassifierService;
  /** Approximate indexes for /api/recommend (absent or not ready: exact search). */
  indexFor?: IndexProvider;
  /** Fitted recommendation state (genre affinity, artist index, vocabulary), built once at startup. */
  recommendState?: Omit<RecommendContext, 'indexFor'>;
}

export function buildServer(context: ServerContext, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });

  app.setErrorHandler((error, _request, reply) => {
    if (isInputError(error)) return reply.code(400).send({ error: 'Bad Request', message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'Bad Request', message: (error as Error).message });
    }
    app.log.error(error);
    return reply.code(500).send({ error: 'Internal Server Error', message: 'internal error; see the server log' });
  });

  app.get('/api/health', async () => ({ status: 'ok', source: context.source, tracks: context.catalog.size }));

  app.get('/api/recommend', async (request) => {
    const params = request.query as Params;
    return recommend(context.catalog, context.space, requestFromParams(params, context.space), {
      ...context.recommendState,
      indexFor: context.indexFor,
    });
  });

  registerDiscoverRoutes(app, context.catalog);
  registerClassifyRoutes(app, context.classifier);
  registerDashboardRoutes(app, context.catalog, context);

  return app;
}
