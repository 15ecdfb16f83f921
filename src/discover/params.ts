/**
 * Emerging requests from flat string parameters (HTTP query; the CLI builds the same). Every error
 * names the parameter.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import { type Params, parseBoolean, parseNumber } from '../recommend/params.js';
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
  filters: { excludeGenres: [], excludeHoliday: false, artistCeiling: null, releasedWithinYears: null },
};

export function single(params: Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new InputError(`parameter ${name} is given more than once`);
  return value;
}

/** A weight: a number or a fraction such as 1/200 or -1/60. */
export function parseWeight(text: string, name: string): number {
  const fraction = /^\s*(-?[\d.]+(?:e-?\d+)?)\s*\/\s*([\d.]+(?:e-?\d+)?)\s*$/i.exec(text);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InputError(`parameter ${name} must be a number or a fraction such as 1/200, got ${JSON.stringify(text)}`);
  return value;
}

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
  if (holiday !== undefined) filters.excludeHoliday = !parseBoolean(holiday, 'include_holiday');
  const ceiling = single(params, 'artist_ceiling');
  if (ceiling !== undefined)
    filters.artistCeiling =
      ceiling.trim().toLowerCase() === 'none'
        ? null
        : parseNumber(ceiling, 'artist_ceiling', (n) => n >= 0 && n <= 100, 'a popularity from 0 to 100 or none');
  const recency = single(params, 'released_within');
  if (recency !== undefined)
    filters.releasedWithinYears =
      recency.trim().toLowerCase() === 'none'
        ? null
        : parseNumber(recency, 'released_within', (n) => Number.isFinite(n) && n > 0, 'a number of years > 0 or none');
  return filters;
}

export function emergingRequestFromParams(params: Params, genreNames: readonly string[]): EmergingRequest & GrowthRequest {
  const weights: Partial<Record<AudioFeature, number>> = {};
  for (const name of Object.keys(params)) {
    if (SIMPLE.includes(name)) continue;
    const feature = /^weight_(.+)$/.exec(name)?.[1];
    if (feature !== undefined && (AUDIO_FEATURES as readonly string[]).includes(feature)) {
      weights[feature as AudioFeature] = parseWeight(single(params, name) as string, name);
      continue;
    }
    throw new InputError(
      `unknown parameter ${name}; use weight_<feature> (features: ${AUDIO_FEATURES.join(', ')}) or ${SIMPLE.join(', ')}`,
    );
  }
  const notebookText = single(params, 'notebook');
  const notebook = notebookText !== undefined && parseBoolean(notebookText, 'notebook');
  const request: EmergingRequest & GrowthRequest = notebook ? { ...NOTEBOOK_REQUEST, weights } : { weights };
  request.filters = filtersFromParams(params, genreNames, notebook ? (NOTEBOOK_REQUEST.filters as ScoutFilters) : DEFAULT_SCOUT_FILTERS);
  const number = (name: string, check: (n: number) => boolean, expected: string) => {
    const text = single(params, name);
    return text === undefined ? undefined : parseNumber(text, name, check, expected);
  };
  request.minPopularity = number('min_pop', (n) => n >= 0 && n <= 100, 'a number from 0 to 100');
  request.maxPopularity = number('max_pop', (n) => n >= 0 && n <= 100, 'a number from 0 to 100');
  if ((request.minPopularity ?? 40) > (request.maxPopularity ?? 70)) {
    throw new InputError(
      `parameters min_pop and max_pop: the window ${request.minPopularity ?? 40}-${request.maxPopularity ?? 70} is empty`,
    );
  }
  request.minTracks = number('min_tracks', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1') ?? request.minTracks;
  request.horizonYears = number('horizon', (n) => n > 0 && n <= 10, 'a number of years, more than 0 and at most 10');
  request.maxPerArtist = number('max_per_artist', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0 (0 = no limit)');
  request.maxPerGenre = number('max_per_genre', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0 (0 = no limit)');
  const list = single(params, 'list');
  if (list !== undefined) {
    if (!['rising', 'likely', 'both'].includes(list))
      throw new InputError(`parameter list must be rising, likely or both, got ${JSON.stringify(list)}`);
    request.list = list as GrowthList;
  }
  request.limit = number(
    'limit',
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_EMERGING_LIMIT,
    `a whole number from 1 to ${MAX_EMERGING_LIMIT}`,
  );
  request.priorStrength = number('prior_strength', (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
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
  if (allowVersions !== undefined) request.allowVersions = parseBoolean(allowVersions, 'allow_versions');
  for (const key of Object.keys(request) as (keyof typeof request)[]) if (request[key] === undefined) delete request[key];
  return request;
}
