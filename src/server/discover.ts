/**
 * GET /api/emerging, GET /api/emerging/backtest and GET /api/drivers, answered from the engine's
 * fitted models (the hit-likeness model, the growth evidence and its default backtest, the per-genre
 * regressions, built before the server reports ready).
 */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../data/errors.js';
import { emergingRequestFromParams } from '../discover/params.js';
import { driversQueryFromParams } from '../drivers/params.js';
import { driversReport } from '../drivers/report.js';
import { onlyParams, type Params, parseNumber, single } from '../engine/params.js';
import type { EngineGetter } from './app.js';

const BACKTEST_PARAMS: readonly string[] = ['seed', 'resamples', 'folds'];

export function registerDiscoverRoutes(app: FastifyInstance, engine: EngineGetter): void {
  app.get('/api/emerging', async (request) => {
    return engine().emergingAnswer(emergingRequestFromParams(request.query as Params, engine().catalog.genreNames));
  });

  app.get('/api/emerging/backtest', async (request) => {
    const params = request.query as Params;
    onlyParams(params, BACKTEST_PARAMS);
    const number = (name: string, min: number, max: number) => {
      const text = single(params, name);
      return text === undefined ? undefined : parseNumber(text, name, { min, max, integer: true });
    };
    if (!engine().growth) {
      throw new InputError(
        'no earlier popularity snapshots were given to the server (serve --previous FILE): there is nothing to backtest',
      );
    }
    const options = { seed: number('seed', 0, 2 ** 31), resamples: number('resamples', 10, 5000), folds: number('folds', 2, 20) };
    for (const key of Object.keys(options) as (keyof typeof options)[]) if (options[key] === undefined) delete options[key];
    return engine().backtest(options);
  });

  app.get('/api/drivers', async (request) => {
    const { catalog } = engine();
    const query = driversQueryFromParams(request.query as Params, catalog.genreNames);
    return driversReport(engine().driversFor(query.membership), query, catalog.genreNames);
  });
}
