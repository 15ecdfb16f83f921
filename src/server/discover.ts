/**
 * GET /api/emerging and GET /api/drivers. The expensive parts (the hit-likeness model, the 114
 * per-genre regressions per membership) are computed once per server, on first use.
 */
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../data/catalog.js';
import { emerging } from '../discover/emerging.js';
import { type HitModel, trainHitModel } from '../discover/hitLikeness.js';
import { emergingRequestFromParams } from '../discover/params.js';
import { type DriversResult, fitDrivers, type Membership } from '../drivers/drivers.js';
import { driversQueryFromParams } from '../drivers/params.js';
import { driversReport } from '../drivers/report.js';
import type { Params } from '../recommend/params.js';

export function registerDiscoverRoutes(app: FastifyInstance, catalog: Catalog): void {
  let hitModel: HitModel | undefined;
  const drivers = new Map<Membership, DriversResult>();

  app.get('/api/emerging', async (request) => {
    const emergingRequest = emergingRequestFromParams(request.query as Params, catalog.genreNames);
    if (emergingRequest.by === 'hit-likeness') hitModel ??= trainHitModel(catalog);
    return emerging(catalog, emergingRequest, hitModel);
  });

  app.get('/api/drivers', async (request) => {
    const query = driversQueryFromParams(request.query as Params, catalog.genreNames);
    let result = drivers.get(query.membership);
    if (!result) {
      result = fitDrivers(catalog, { membership: query.membership });
      drivers.set(query.membership, result);
    }
    return driversReport(result, query, catalog.genreNames);
  });
}
