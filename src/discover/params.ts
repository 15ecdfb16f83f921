/**
 * Emerging requests from flat string parameters (HTTP query; the CLI builds the same). Every error
 * names the parameter.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import { describeRange, type NumberRange, type Params, parseBoolean, parseFraction, parseNumber, single } from '../engine/params.js';
import type { GrowthList, GrowthRequest } from './answer.js';
import { EMERGING_SCORES, type EmergingRequest, type EmergingScore, MAX_EMERGING_LIMIT } from './emerging.js';
import { DEFAULT_SCOUT_FILTERS, type ScoutFilters } from './scoutFilters.js';

const SIMPLE = [
  'min_pop',
  'max_pop',
  'by',
  'genre',
  'min_tracks',
  'limit',
  'allow_versions',
  'prior_strength',
  'rank_artists_by',
  'exclude_genres',
  'include_holiday',
  'include_past_hits',
  'artist_ceiling',
  'released_within',
  'list',
  'horizon',
  'max_per_artist',
  'max_per_genre',
  'notebook',
];

/** The notebook's exact ranking: its score, no filter, every version, artists by plain mean with no minimum. */
export const NOTEBOOK_REQUEST: Readonly<EmergingRequest> = {
  by: 'heuristic',
  allowVersions: true,
  minTracks: 1,
  rankArtistsBy: 'mean',
  filters: { excludeGenres: [], excludeHoliday: false, artistCeiling: null, releasedWithinYears: null, excludePastHits: false },
};

/** Weights keep scores finite: at most 1000 in size (the notebook's are 1/200 to 1). */
const WEIGHT_RANGE: NumberRange = { min: -1000, max: 1000 };

/** Scout filters from parameters, over the defaults (children, kids, comedy, sleep; holiday titles; ceiling 75). */
function filtersFromParams(params: Params, genreNames: readonly string[], base: ScoutFilters): ScoutFilters {
  const filters: ScoutFilters = { ...base, excludeGenres: [...base.excludeGenres] };
  const genres = single(params, 'exclude_genres');
  if (genres !== undefined) {
    const list = genres
      .split(',')
      .map((g) => g.trim().toLowerCase())
      .filter(Boolean);
    filters.excludeGenres = list.length === 1 && list[0] === 'none' ? [] : list;
    for (const g of filters.excludeGenres) {
      if (!genreNames.includes(g))
        throw new InputError(
          `parameter exclude_genres: unknown genre "${g}" (use none to keep every genre); genres: ${genreNames.join(', ')}`,
        );
    }
  }
  const holiday = single(params, 'include_holiday');
  if (holiday !== undefined) filters.excludeHoliday = !parseBoolean(holiday, 'parameter include_holiday');
  const pastHits = single(params, 'include_past_hits');
  if (pastHits !== undefined) filters.excludePastHits = !parseBoolean(pastHits, 'parameter include_past_hits');
  const ceiling = single(params, 'artist_ceiling');
  if (ceiling !== undefined)
    filters.artistCeiling = ceiling.trim().toLowerCase() === 'none' ? null : parseNumber(ceiling, 'artist_ceiling', { min: 0, max: 100 });
  const recency = single(params, 'released_within');
  if (recency !== undefined)
    filters.releasedWithinYears =
      recency.trim().toLowerCase() === 'none' ? null : parseNumber(recency, 'released_within', { min: 0.01, max: 200 });
  return filters;
}

export function emergingRequestFromParams(params: Params, genreNames: readonly string[]): EmergingRequest & GrowthRequest {
  const weights: Partial<Record<AudioFeature, number>> = {};
  for (const name of Object.keys(params)) {
    if (SIMPLE.includes(name)) continue;
    const feature = /^weight_(.+)$/.exec(name)?.[1];
    if (feature !== undefined && (AUDIO_FEATURES as readonly string[]).includes(feature)) {
      const text = single(params, name) as string;
      // Padded text is refused, as by the strict number parser.
      if (text !== text.trim())
        throw new InputError(`${name} must be ${describeRange(WEIGHT_RANGE)} (or a fraction such as 1/200), got ${JSON.stringify(text)}`);
      weights[feature as AudioFeature] = parseFraction(text, name, WEIGHT_RANGE);
      continue;
    }
    throw new InputError(
      `unknown parameter ${name}; use weight_<feature> (features: ${AUDIO_FEATURES.join(', ')}) or ${SIMPLE.join(', ')}`,
    );
  }
  const notebookText = single(params, 'notebook');
  const notebook = notebookText !== undefined && parseBoolean(notebookText, 'parameter notebook');
  const request: EmergingRequest & GrowthRequest = notebook ? { ...NOTEBOOK_REQUEST, weights } : { weights };
  request.filters = filtersFromParams(params, genreNames, notebook ? (NOTEBOOK_REQUEST.filters as ScoutFilters) : DEFAULT_SCOUT_FILTERS);
  const number = (name: string, range: NumberRange) => {
    const text = single(params, name);
    return text === undefined ? undefined : parseNumber(text, name, range);
  };
  request.minPopularity = number('min_pop', { min: 0, max: 100 });
  request.maxPopularity = number('max_pop', { min: 0, max: 100 });
  if ((request.minPopularity ?? 40) > (request.maxPopularity ?? 70)) {
    throw new InputError(
      `parameters min_pop and max_pop: the window ${request.minPopularity ?? 40}-${request.maxPopularity ?? 70} is empty`,
    );
  }
  request.minTracks = number('min_tracks', { min: 1, max: 1000, integer: true }) ?? request.minTracks;
  request.horizonYears = number('horizon', { min: 0.1, max: 10 });
  request.maxPerArtist = number('max_per_artist', { min: 0, max: 1000, integer: true });
  request.maxPerGenre = number('max_per_genre', { min: 0, max: 1000, integer: true });
  const list = single(params, 'list');
  if (list !== undefined) {
    if (!['rising', 'likely', 'both'].includes(list))
      throw new InputError(`parameter list must be rising, likely or both, got ${JSON.stringify(list)}`);
    request.list = list as GrowthList;
  }
  request.limit = number('limit', { min: 1, max: MAX_EMERGING_LIMIT, integer: true });
  request.priorStrength = number('prior_strength', { min: 0, max: 1000 });
  const by = single(params, 'by');
  if (by !== undefined) {
    if (!(EMERGING_SCORES as readonly string[]).includes(by))
      throw new InputError(`parameter by must be ${EMERGING_SCORES.join(' or ')}, got ${JSON.stringify(by)}`);
    request.by = by as EmergingScore;
  }
  const rankBy = single(params, 'rank_artists_by');
  if (rankBy !== undefined) {
    if (rankBy !== 'shrunk' && rankBy !== 'mean')
      throw new InputError(`parameter rank_artists_by must be shrunk or mean, got ${JSON.stringify(rankBy)}`);
    request.rankArtistsBy = rankBy;
  }
  const genre = single(params, 'genre');
  if (genre !== undefined) {
    request.genre = genre.trim().toLowerCase();
    if (!genreNames.includes(request.genre))
      throw new InputError(`parameter genre: unknown genre "${genre}"; genres: ${genreNames.join(', ')}`);
  }
  const allowVersions = single(params, 'allow_versions');
  if (allowVersions !== undefined) request.allowVersions = parseBoolean(allowVersions, 'parameter allow_versions');
  for (const key of Object.keys(request) as (keyof typeof request)[]) if (request[key] === undefined) delete request[key];
  return request;
}
