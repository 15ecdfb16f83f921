/**
 * GET /api/classify/track?id=TRACK_ID[&top=5]: the genre model's guess for a track of the catalogue
 * beside its true genres, out-of-bag (only trees that never saw the track vote) when the forest was
 * fitted on this catalogue; otherwise the answer says the model saw it (`basis: in-sample`).
 */
import type { FastifyInstance } from 'fastify';
import { guessCatalogueTrack } from '../classify/outOfBag.js';
import { requireColumns } from '../data/capabilities.js';
import { InputError } from '../data/errors.js';
import { onlyParams, type Params, parseNumber, single } from '../engine/params.js';
import type { EngineGetter } from './app.js';
import { MAX_TOP_GENRES } from './classify.js';

export function registerTrackGuessRoute(app: FastifyInstance, engine: EngineGetter): void {
  app.get('/api/classify/track', async (request, reply) => {
    const { catalog } = engine();
    requireColumns(catalog, ['track_genre'], 'genre classification');
    const query = request.query as Params;
    onlyParams(query, ['id', 'top']);
    const id = single(query, 'id');
    if (!id) throw new InputError('parameter id: give the track_id of a track in the catalogue');
    const track = catalog.trackIndex.get(id);
    if (track === undefined) throw new InputError(`parameter id: no track with track_id ${JSON.stringify(id)} in the catalogue`);
    if (engine().genreModelStatus().state === 'not started') engine().genreModel();
    const { state, message, model, fittedOnCatalog } = engine().genreModelStatus();
    if (!model) {
      return reply
        .header('Retry-After', '2')
        .code(state === 'failed' ? 500 : 503)
        .send({ error: state === 'failed' ? 'Internal Server Error' : 'Service Unavailable', message });
    }
    const topText = single(query, 'top');
    const maxTop = Math.min(MAX_TOP_GENRES, model.classNames.length);
    const top = topText === undefined ? 5 : parseNumber(topText, 'parameter top', { min: 1, max: maxTop, integer: true });
    const inBag = engine().outOfBagSamples();
    return { trackId: id, model: message, ...guessCatalogueTrack(model, catalog, track, top, fittedOnCatalog === true, inBag) };
  });
}
