/**
 * Hard filters, as Spotify's former recommendations endpoint had them: min_/max_ on any numeric
 * column, genres to include or exclude (against every genre of a track), explicit allowed or not.
 */
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

function genreCodes(catalog: Catalog, names: string[], source: string): Set<number> {
  const codes = new Set<number>();
  for (const name of names) {
    const code = catalog.genreNames.indexOf(name.trim().toLowerCase());
    if (code < 0) {
      throw new InputError(`${source}: unknown genre "${name}"; genres: ${catalog.genreNames.join(', ')}`);
    }
    codes.add(code);
  }
  return codes;
}

/** 1 for every track that passes all filters. */
export function filterMask(catalog: Catalog, filters: Filters): Uint8Array {
  const mask = new Uint8Array(catalog.size).fill(1);
  const bounds: [Float64Array, number, number][] = [];
  for (const column of NUMERIC_COLUMNS) {
    const low = filters.min?.[column] ?? Number.NEGATIVE_INFINITY;
    const high = filters.max?.[column] ?? Number.POSITIVE_INFINITY;
    if (low > high) throw new InputError(`min_${column} (${low}) is above max_${column} (${high})`);
    if (low > Number.NEGATIVE_INFINITY || high < Number.POSITIVE_INFINITY) bounds.push([catalog.numeric[column], low, high]);
  }
  const include = filters.genres?.length ? genreCodes(catalog, filters.genres, 'genres') : null;
  const exclude = filters.excludeGenres?.length ? genreCodes(catalog, filters.excludeGenres, 'exclude genres') : null;
  for (let t = 0; t < catalog.size; t++) {
    if (filters.explicit === false && catalog.explicit[t] === 1) {
      mask[t] = 0;
      continue;
    }
    let keep = true;
    for (const [values, low, high] of bounds) {
      const v = values[t] as number;
      if (v < low || v > high) {
        keep = false;
        break;
      }
    }
    if (keep && (include || exclude)) {
      let included = include === null;
      for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
        const g = catalog.genreCodes[k] as number;
        if (include?.has(g)) included = true;
        if (exclude?.has(g)) {
          keep = false;
          break;
        }
      }
      keep = keep && included;
    }
    if (!keep) mask[t] = 0;
  }
  return mask;
}
