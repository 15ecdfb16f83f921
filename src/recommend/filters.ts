/**
 * Hard filters, as Spotify's former recommendations endpoint had them: min_/max_ on any numeric
 * column, genres to include or exclude (against every genre of a track), explicit allowed or not.
 */

import { requireColumns } from '../data/capabilities.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { NUMERIC_COLUMNS, type NumericColumn } from '../data/schema.js';

export interface Filters {
  min?: Partial<Record<NumericColumn, number>>;
  max?: Partial<Record<NumericColumn, number>>;
  /** Keep tracks carrying at least one of these genres. */
  genres?: string[];
  /** Drop tracks carrying any of these genres. */
  excludeGenres?: string[];
  /** false: no explicit tracks. */
  explicit?: boolean;
}

/** A lookup table over genre codes: 1 for each named genre. */
function genreTable(catalog: Catalog, names: string[], source: string): Uint8Array {
  const table = new Uint8Array(catalog.genreNames.length);
  for (const name of names) {
    const code = catalog.genreNames.indexOf(name.trim().toLowerCase());
    if (code < 0) {
      throw new InputError(`${source}: unknown genre "${name}"; genres: ${catalog.genreNames.join(', ')}`);
    }
    table[code] = 1;
  }
  return table;
}

/** Clears mask[t] for tracks outside [low, high] on one column (a tight loop per column). */
function applyBounds(mask: Uint8Array, values: Float64Array, low: number, high: number): void {
  for (let t = 0; t < mask.length; t++) {
    const v = values[t] as number;
    if (v < low || v > high) mask[t] = 0;
  }
}

/** Keeps tracks that carry an included genre (when `include` is given) and no excluded one. */
function applyGenres(mask: Uint8Array, catalog: Catalog, include: Uint8Array | null, exclude: Uint8Array | null): void {
  const offsets = catalog.genreOffsets;
  const codes = catalog.genreCodes;
  for (let t = 0; t < mask.length; t++) {
    if (mask[t] === 0) continue;
    let included = include === null;
    let excluded = false;
    for (let k = offsets[t] as number, end = offsets[t + 1] as number; k < end; k++) {
      const g = codes[k] as number;
      if (include !== null && include[g] === 1) included = true;
      if (exclude !== null && exclude[g] === 1) excluded = true;
    }
    if (!included || excluded) mask[t] = 0;
  }
}

/** 1 for every track that passes all filters. */
export function filterMask(catalog: Catalog, filters: Filters): Uint8Array {
  const mask = new Uint8Array(catalog.size).fill(1);
  for (const column of NUMERIC_COLUMNS) {
    const low = filters.min?.[column] ?? Number.NEGATIVE_INFINITY;
    const high = filters.max?.[column] ?? Number.POSITIVE_INFINITY;
    if (low > high) throw new InputError(`min_${column} (${low}) is above max_${column} (${high})`);
    if (low > Number.NEGATIVE_INFINITY || high < Number.POSITIVE_INFINITY) applyBounds(mask, catalog.numeric[column], low, high);
  }
  if (filters.explicit === false) {
    requireColumns(catalog, ['explicit'], 'leaving out explicit tracks');
    const explicit = catalog.explicit;
    for (let t = 0; t < mask.length; t++) if (explicit[t] === 1) mask[t] = 0;
  }
  if (filters.genres?.length || filters.excludeGenres?.length) requireColumns(catalog, ['track_genre'], 'filtering by genre');
  const include = filters.genres?.length ? genreTable(catalog, filters.genres, 'genres') : null;
  const exclude = filters.excludeGenres?.length ? genreTable(catalog, filters.excludeGenres, 'exclude genres') : null;
  if (include || exclude) applyGenres(mask, catalog, include, exclude);
  return mask;
}
