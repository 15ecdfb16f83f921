/**
 * Emerging requests from flat string parameters (HTTP query; the CLI builds the same). Every error
 * names the parameter.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import { type Params, parseBoolean, parseNumber } from '../recommend/params.js';
import { EMERGING_SCORES, type EmergingRequest, type EmergingScore, MAX_EMERGING_LIMIT } from './emerging.js';

const SIMPLE = ['min_pop', 'max_pop', 'by', 'genre', 'min_tracks', 'limit', 'allow_versions', 'prior_strength', 'rank_artists_by'];

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

export function emergingRequestFromParams(params: Params, genreNames: readonly string[]): EmergingRequest {
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
  const request: EmergingRequest = { weights };
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
  request.minTracks = number('min_tracks', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1');
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
  return request;
}
