/**
 * Recommendation requests from flat string parameters, with the names of Spotify's former
 * recommendations endpoint (`target_energy`, `min_tempo`, `seed_tracks`, `seed_genres`, `limit`) and a
 * few of ours. Every error names the offending parameter.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature, NUMERIC_COLUMNS, type NumericColumn } from '../data/schema.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import { type PreferenceTarget, parseTargetValue } from '../features/preferences.js';
import { BLEND_WEIGHT_NAMES, type BlendWeights } from './blend.js';
import type { Filters } from './filters.js';
import { MAX_LIMIT, type RecommendRequest } from './recommend.js';

export type Params = Record<string, string | string[] | undefined>;

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
]);

function single(params: Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new InputError(`parameter ${name} is given more than once`);
  return value;
}

/** A repeatable parameter; comma-separated unless `commas` is false (names may hold commas). */
function list(params: Params, name: string, commas = true): string[] {
  const value = params[name];
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => (commas ? v.split(',') : [v]));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseNumber(text: string, name: string, check: (n: number) => boolean = Number.isFinite, expected = 'a number'): number {
  const value = Number(text);
  if (text.trim() === '' || !check(value)) throw new InputError(`parameter ${name} must be ${expected}, got ${JSON.stringify(text)}`);
  return value;
}

export function parseBoolean(text: string, name: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new InputError(`parameter ${name} must be true or false, got ${JSON.stringify(text)}`);
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
      else weights[feature] = parseNumber(value, name, (n) => Number.isFinite(n) && n > 0, 'a positive number');
    } else if (kind === 'blend' && (BLEND_WEIGHT_NAMES as string[]).includes(column)) {
      blend[column as keyof BlendWeights] = parseNumber(value, name, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
    } else if ((kind === 'min' || kind === 'max') && (NUMERIC_COLUMNS as string[]).includes(column)) {
      (kind === 'min' ? min : max)[column as NumericColumn] = parseNumber(value, name);
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
  if (explicit !== undefined) filters.explicit = parseBoolean(explicit, 'explicit');
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
  return {
    targets,
    weights,
    seeds: [...list(params, 'seed_tracks'), ...list(params, 'seed_names', false)],
    seedArtists: list(params, 'seed_artists', false),
    like,
    audioOnly: audioOnly === undefined ? false : parseBoolean(audioOnly, 'audio_only'),
    blend,
    filters,
    metric,
    limit:
      limit === undefined
        ? undefined
        : parseNumber(limit, 'limit', (n) => Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT, `a whole number from 1 to ${MAX_LIMIT}`),
    plain: plain === undefined ? false : parseBoolean(plain, 'plain'),
    search,
    diversity: {
      maxPerArtist:
        maxPerArtist === undefined
          ? undefined
          : parseNumber(maxPerArtist, 'max_per_artist', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0'),
      dedupeSongs: allowVersions === undefined ? undefined : !parseBoolean(allowVersions, 'allow_versions'),
      mmrLambda: mmr === undefined ? undefined : parseNumber(mmr, 'mmr', (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
    },
  };
}

/** Parses `genre=0.5,artist=0.2` into blend weights (>= 0). */
export function parseBlendWeights(text: string, source: string): Partial<BlendWeights> {
  const blend: Partial<BlendWeights> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name = '', value = '', extra] = part.split('=');
    if (!(BLEND_WEIGHT_NAMES as string[]).includes(name.trim()) || extra !== undefined)
      throw new InputError(`${source}: expected weight=value with a weight among ${BLEND_WEIGHT_NAMES.join(', ')}, got "${part}"`);
    blend[name.trim() as keyof BlendWeights] = parseNumber(
      value,
      `${source} ${name.trim()}`,
      (n) => Number.isFinite(n) && n >= 0,
      'a number >= 0',
    );
  }
  return blend;
}
