/**
 * Feature matrices for genre classification, read from the Catalog's typed columns. `audio9` is the
 * notebook's set; `extended` adds key, mode, time_signature, explicit, duration_ms and popularity.
 * Popularity leaks: Spotify computes it from plays of the track's own release, and the Kaggle file was
 * collected per genre query, so popularity carries the genre's audience size rather than the sound.
 */

import { requireColumns } from '../data/capabilities.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';

export const FEATURE_SETS = {
  audio9: [...AUDIO_FEATURES],
  extended: [...AUDIO_FEATURES, 'key', 'mode', 'time_signature', 'explicit', 'duration_ms', 'popularity'],
} as const satisfies Record<string, readonly string[]>;

export type FeatureSetName = keyof typeof FEATURE_SETS;

export const EXTENDED_LEAK_NOTE =
  'extended includes popularity, which is not an audio property: it reflects how many listeners a track has, and genres ' +
  'differ in audience size, so part of the gain over audio9 comes from who listens rather than how the track sounds.';

export function featureSetNames(name: string): readonly string[] {
  if (!(name in FEATURE_SETS)) throw new InputError(`features must be one of ${Object.keys(FEATURE_SETS).join(', ')}, got "${name}".`);
  return FEATURE_SETS[name as FeatureSetName];
}

/** A dense matrix, column-major: values[f * rows + i] is feature f of row i. */
export interface FeatureMatrix {
  names: readonly string[];
  rows: number;
  values: Float64Array;
}

/** The named columns of the catalogue for every track (explicit as 0/1). */
export function catalogMatrix(catalog: Catalog, names: readonly string[]): FeatureMatrix {
  requireColumns(catalog, names, `the ${names.length}-feature model`);
  const rows = catalog.size;
  const values = new Float64Array(rows * names.length);
  names.forEach((name, f) => {
    if (name === 'explicit') {
      for (let i = 0; i < rows; i++) values[f * rows + i] = catalog.explicit[i] as number;
      return;
    }
    const column = (catalog.numeric as Record<string, Float64Array>)[name];
    if (!column) throw new InputError(`unknown feature "${name}"`);
    values.set(column, f * rows);
  });
  return { names, rows, values };
}

/** The rows `indexes` of a matrix, in that order. */
export function selectRows(matrix: FeatureMatrix, indexes: Int32Array): FeatureMatrix {
  const n = indexes.length;
  const values = new Float64Array(n * matrix.names.length);
  for (let f = 0; f < matrix.names.length; f++) {
    const from = f * matrix.rows;
    const to = f * n;
    for (let i = 0; i < n; i++) values[to + i] = matrix.values[from + (indexes[i] as number)] as number;
  }
  return { names: matrix.names, rows: n, values };
}

export function selectLabels(labels: Int32Array, indexes: Int32Array): Int32Array {
  const out = new Int32Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = labels[indexes[i] as number] as number;
  return out;
}

/** Class labels 0..C-1 from each track's primary genre (the notebook's track_genre), over the genres present. */
export function genreLabels(catalog: Catalog): { labels: Int32Array; classNames: string[] } {
  requireColumns(catalog, ['track_genre'], 'genre classification');
  const present = new Uint8Array(catalog.genreNames.length);
  for (let t = 0; t < catalog.size; t++) present[catalog.primaryGenre[t] as number] = 1;
  const classOf = new Int32Array(catalog.genreNames.length).fill(-1);
  const classNames: string[] = [];
  catalog.genreNames.forEach((name, g) => {
    if (present[g]) {
      classOf[g] = classNames.length;
      classNames.push(name);
    }
  });
  const labels = new Int32Array(catalog.size);
  for (let t = 0; t < catalog.size; t++) labels[t] = classOf[catalog.primaryGenre[t] as number] as number;
  return { labels, classNames };
}
