/**
 * Recommendation requests from flat string parameters, with the names of Spotify's former
 * recommendations endpoint (`target_energy`, `min_tempo`, `seed_tracks`, `seed_genres`, `limit`) and a
 * few of ours. Every error names the offending parameter.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature, NUMERIC_COLUMNS, NUMERIC_RULES, type NumericColumn } from '../data/schema.js';
import { list, type NumberRange, type Params, parseBoolean, parseNameValues, parseNumber, single } from '../engine/params.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import { type PreferenceTarget, parseTargetValue } from '../features/preferences.js';
import { BLEND_WEIGHT_NAMES, type BlendWeights } from './blend.js';
import type { Filters } from './filters.js';
import { MAX_LIMIT, type RecommendRequest } from './recommend.js';

const SIMPLE: ReadonlySet<string> = new Set([
  'limit',
  'like',
  'seed_tracks',
  'seed_names',
  'seed_artists',
  'audio_only',
  'seed_genres',
  'exclude_genres',
  'explicit',
  'metric',
  'plain',
  'max_per_artist',
  'allow_versions',
  'mmr',
  'search',
  'include_holiday',
]);

/** Documented ranges of the numeric parameters (see README, `serve`). */
export const WEIGHT_RANGE: NumberRange = { above: 0, max: 100 };
export const BLEND_RANGE: NumberRange = { min: 0, max: 100 };

/** A filter bound lies within its column's valid range (what the loader accepts). */
function boundRange(column: NumericColumn): NumberRange {
  return NUMERIC_RULES[column] as NumberRange;
}

/** Parses request parameters; unknown parameters are an error. */
export function requestFromParams(params: Params, space: FeatureSpace): RecommendRequest {
  const targets: PreferenceTarget[] = [];
  const weights: Partial<Record<AudioFeature, number>> = {};
  const min: Partial<Record<NumericColumn, number>> = {};
  const max: Partial<Record<NumericColumn, number>> = {};
  const blend: Partial<BlendWeights> = {};
  for (const name of Object.keys(params)) {
    if (SIMPLE.has(name)) continue;
    const match = /^(target|weight|min|max|blend)_(.+)$/.exec(name);
    const kind = match?.[1];
    const column = match?.[2] ?? '';
    const value = single(params, name) as string;
    if ((kind === 'target' || kind === 'weight') && (AUDIO_FEATURES as readonly string[]).includes(column)) {
      const feature = column as AudioFeature;
      if (kind === 'target') targets.push(parseTargetValue(feature, value, space, `parameter ${name}`));
      else weights[feature] = parseNumber(value, `parameter ${name}`, WEIGHT_RANGE);
    } else if (kind === 'blend' && (BLEND_WEIGHT_NAMES as string[]).includes(column)) {
      blend[column as keyof BlendWeights] = parseNumber(value, `parameter ${name}`, BLEND_RANGE);
    } else if ((kind === 'min' || kind === 'max') && (NUMERIC_COLUMNS as string[]).includes(column)) {
      (kind === 'min' ? min : max)[column as NumericColumn] = parseNumber(value, `parameter ${name}`, boundRange(column as NumericColumn));
    } else {
      throw new InputError(
        `unknown parameter ${name}; use target_<feature>, weight_<feature> (features: ${AUDIO_FEATURES.join(', ')}), ` +
          `min_<column>, max_<column> (columns: ${NUMERIC_COLUMNS.join(', ')}), blend_<weight> (${BLEND_WEIGHT_NAMES.join(', ')}), or ${[...SIMPLE].join(', ')}`,
      );
    }
  }
  const like = single(params, 'like');
  const audioOnly = single(params, 'audio_only');
  const filters: Filters = { min, max, genres: list(params, 'seed_genres'), excludeGenres: list(params, 'exclude_genres') };
  const explicit = single(params, 'explicit');
  if (explicit !== undefined) filters.explicit = parseBoolean(explicit, 'parameter explicit');
  const limit = single(params, 'limit');
  const metric = single(params, 'metric');
  if (metric !== undefined && metric !== 'cosine' && metric !== 'euclidean') {
    throw new InputError(`parameter metric must be cosine or euclidean, got ${JSON.stringify(metric)}`);
  }
  const search = single(params, 'search');
  if (search !== undefined && search !== 'auto' && search !== 'exact' && search !== 'approximate') {
    throw new InputError(`parameter search must be auto, exact or approximate, got ${JSON.stringify(search)}`);
  }
  const maxPerArtist = single(params, 'max_per_artist');
  const allowVersions = single(params, 'allow_versions');
  const mmr = single(params, 'mmr');
  const plain = single(params, 'plain');
  const includeHoliday = single(params, 'include_holiday');
  return {
    targets,
    weights,
    seeds: [...list(params, 'seed_tracks'), ...list(params, 'seed_names', false)],
    seedArtists: list(params, 'seed_artists', false),
    like,
    audioOnly: audioOnly === undefined ? false : parseBoolean(audioOnly, 'parameter audio_only'),
    blend,
    filters,
    metric,
    limit: limit === undefined ? undefined : parseNumber(limit, 'parameter limit', { min: 1, max: MAX_LIMIT, integer: true }),
    plain: plain === undefined ? false : parseBoolean(plain, 'parameter plain'),
    includeHoliday: includeHoliday === undefined ? false : parseBoolean(includeHoliday, 'parameter include_holiday'),
    search,
    diversity: {
      maxPerArtist:
        maxPerArtist === undefined
          ? undefined
          : parseNumber(maxPerArtist, 'parameter max_per_artist', { min: 0, max: MAX_LIMIT, integer: true }),
      dedupeSongs: allowVersions === undefined ? undefined : !parseBoolean(allowVersions, 'parameter allow_versions'),
      mmrLambda: mmr === undefined ? undefined : parseNumber(mmr, 'parameter mmr', { min: 0, max: 1 }),
    },
  };
}

/** Parses `genre=0.5,artist=0.2` into blend weights (>= 0). */
export function parseBlendWeights(text: string, source: string): Partial<BlendWeights> {
  const blend: Partial<BlendWeights> = {};
  for (const { name, value } of parseNameValues(text, source)) {
    if (!(BLEND_WEIGHT_NAMES as string[]).includes(name))
      throw new InputError(`${source}: unknown blend weight "${name}"; weights: ${BLEND_WEIGHT_NAMES.join(', ')}`);
    blend[name as keyof BlendWeights] = parseNumber(value, `${source} ${name}`, BLEND_RANGE);
  }
  return blend;
}
