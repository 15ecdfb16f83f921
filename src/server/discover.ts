/**
 * GET /api/emerging and GET /api/drivers, answered from the engine's fitted models (the hit-likeness
 * model and the per-genre regressions, built before the server reports ready).
 */
import type { FastifyInstance } from 'fastify';
import { emergingRequestFromParams } from '../discover/params.js';
import { driversQueryFromParams } from '../drivers/params.js';
import { driversReport } from '../drivers/report.js';
import type { Params } from '../recommend/params.js';
import type { EngineGetter } from './app.js';

export function registerDiscoverRoutes(app: FastifyInstance, engine: EngineGetter): void {
  app.get('/api/emerging', async (request) => {
    return engine().emerging(emergingRequestFromParams(request.query as Params, engine().catalog.genreNames));
  });

  app.get('/api/drivers', async (request) => {
    const { catalog } = engine();
    const query = driversQueryFromParams(request.query as Params, catalog.genreNames);
    return driversReport(engine().driversFor(query.membership), query, catalog.genreNames);
  });
}
