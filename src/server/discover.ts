/**
 * GET /api/emerging, GET /api/emerging/backtest and GET /api/drivers. The expensive parts (the
 * hit-likeness model, the default backtest, the 114 per-genre regressions per membership) are
 * computed once per server, on first use; the growth evidence is fitted before the server starts.
 */
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { emergingAnswer } from '../discover/answer.js';
import { type BacktestResult, runBacktest } from '../discover/backtest.js';
import type { GrowthEvidence } from '../discover/growth.js';
import { type HitModel, trainHitModel } from '../discover/hitLikeness.js';
import { emergingRequestFromParams, single } from '../discover/params.js';
import { type DriversResult, fitDrivers, type Membership } from '../drivers/drivers.js';
import { driversQueryFromParams } from '../drivers/params.js';
import { driversReport } from '../drivers/report.js';
import type { Params } from '../recommend/params.js';
import { parseNumber } from '../recommend/params.js';

export function registerDiscoverRoutes(app: FastifyInstance, catalog: Catalog, growth: GrowthEvidence | null = null): void {
  let hitModel: HitModel | undefined;
  let defaultBacktest: BacktestResult | undefined;
  const drivers = new Map<Membership, DriversResult>();

  app.get('/api/emerging', async (request) => {
    const emergingRequest = emergingRequestFromParams(request.query as Params, catalog.genreNames);
    if (emergingRequest.by === 'hit-likeness') hitModel ??= trainHitModel(catalog);
    return emergingAnswer(catalog, growth, emergingRequest, hitModel);
  });

  app.get('/api/emerging/backtest', async (request) => {
    if (!growth)
      throw new InputError(
        'no earlier popularity snapshots were given to the server (serve --previous FILE): there is nothing to backtest',
      );
    const params = request.query as Params;
    for (const name of Object.keys(params)) {
      if (!['seed', 'resamples', 'folds'].includes(name)) throw new InputError(`unknown parameter ${name}; use seed, resamples, folds`);
    }
    const number = (name: string, low: number, high: number) => {
      const text = single(params, name);
      return text === undefined
        ? undefined
        : parseNumber(text, name, (n) => Number.isInteger(n) && n >= low && n <= high, `a whole number from ${low} to ${high}`);
    };
    const options = { seed: number('seed', 0, 2 ** 31), resamples: number('resamples', 10, 5000), folds: number('folds', 2, 20) };
    hitModel ??= trainHitModel(catalog);
    if (Object.values(options).every((v) => v === undefined)) {
      defaultBacktest ??= runBacktest(catalog, growth, { hitModel });
      return defaultBacktest;
    }
    return runBacktest(catalog, growth, { ...options, hitModel });
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
