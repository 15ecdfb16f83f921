/** Drivers queries from flat string parameters (HTTP query; the CLI builds the same). */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import { type Params, parseBoolean, single } from '../engine/params.js';
import { MEMBERSHIPS, type Membership } from './drivers.js';

export interface DriversQuery {
  membership: Membership;
  feature?: AudioFeature;
  genre?: string;
  /** Rank by standardized coefficients (points per SD) instead of raw ones (points per unit, the notebook's). */
  standardized: boolean;
}

const NAMES = ['feature', 'genre', 'membership', 'standardized'];

export function driversQueryFromParams(params: Params, genreNames: readonly string[]): DriversQuery {
  for (const name of Object.keys(params)) {
    if (!NAMES.includes(name)) throw new InputError(`unknown parameter ${name}; use ${NAMES.join(', ')}`);
  }
  const membership = single(params, 'membership') ?? 'primary';
  if (!(MEMBERSHIPS as readonly string[]).includes(membership)) {
    throw new InputError(`parameter membership must be ${MEMBERSHIPS.join(' or ')}, got ${JSON.stringify(membership)}`);
  }
  const query: DriversQuery = { membership: membership as Membership, standardized: false };
  const feature = single(params, 'feature');
  if (feature !== undefined) {
    const name = feature.trim().toLowerCase();
    if (!(AUDIO_FEATURES as readonly string[]).includes(name)) {
      throw new InputError(`parameter feature: unknown feature "${feature}"; features: ${AUDIO_FEATURES.join(', ')}`);
    }
    query.feature = name as AudioFeature;
  }
  const genre = single(params, 'genre');
  if (genre !== undefined) {
    const name = genre.trim().toLowerCase();
    if (!genreNames.includes(name)) throw new InputError(`parameter genre: unknown genre "${genre}"; genres: ${genreNames.join(', ')}`);
    query.genre = name;
  }
  const standardized = single(params, 'standardized');
  if (standardized !== undefined) query.standardized = parseBoolean(standardized, 'standardized');
  return query;
}
