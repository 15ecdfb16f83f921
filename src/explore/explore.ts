/**
 * Exploration of a catalogue: the overview a data scientist builds first in a notebook, computed
 * the same way (pandas semantics) but over typed columns.
 */
import type { Catalog } from '../data/catalog.js';
import { type CleaningStats, type CleaningStep, type CleanResult, columnsDifferingAcrossDuplicates } from '../data/clean.js';
import type { InvalidRow, RawTable } from '../data/load.js';
import { AUDIO_FEATURES, NUMERIC_COLUMNS, STRING_COLUMNS, type StringColumn } from '../data/schema.js';
import { correlationMatrix, histogram, kernelDensity, type Summary, summarize } from '../stats/descriptive.js';

export interface GenreSummary {
  genre: string;
  /** Distinct tracks carrying the genre. */
  tracks: number;
  /** Mean popularity over those (track, genre) pairs. */
  meanPopularity: number;
}

export interface ColumnInfo {
  name: string;
  type: 'string' | 'number' | 'boolean';
  missing: number;
}

export interface Exploration extends CleaningStats {
  source: string;
  /** The export the header was recognised as. */
  layout: string;
  /** Our columns the export does not have. */
  absentColumns: string[];
  columns: ColumnInfo[];
  indexColumn: string | null;
  extraColumns: string[];
  cleaningLog: CleaningStep[];
  invalidRowList: InvalidRow[];
  /** For each column, how many duplicated track_ids have differing values in it. */
  columnsDifferingAcrossDuplicates: Record<string, number>;
  /** pandas `describe()` of every numeric column on the raw (valid) rows. */
  describe: Record<string, Summary>;
  genres: GenreSummary[];
  topGenresByPopularity: string[];
  /** 20 equal bins over 0-100 on the cleaned tracks; the last closed at 100. */
  popularityHistogram: number[];
  popularityBinEdges: number[];
  popularityDensity: { bandwidth: number; x: number[]; density: number[] };
  correlation: { columns: string[]; matrix: number[][] };
}

export const CORRELATION_COLUMNS = [...AUDIO_FEATURES, 'popularity'] as const;

/** Tracks and mean popularity per genre over distinct (track, genre) pairs, sorted by genre name. */
export function genreSummary(catalog: Catalog): GenreSummary[] {
  const count = new Float64Array(catalog.genreNames.length);
  const sum = new Float64Array(catalog.genreNames.length);
  for (let k = 0; k < catalog.genreCodes.length; k++) {
    const g = catalog.genreCodes[k] as number;
    count[g] = (count[g] as number) + 1;
    sum[g] = (sum[g] as number) + (catalog.genrePopularity[k] as number);
  }
  return catalog.genreNames.map((genre, g) => ({
    genre,
    tracks: count[g] as number,
    meanPopularity: (sum[g] as number) / (count[g] as number),
  }));
}

export function topGenresByPopularity(genres: readonly GenreSummary[], limit = 10): string[] {
  return [...genres]
    .sort((a, b) => b.meanPopularity - a.meanPopularity || a.genre.localeCompare(b.genre))
    .slice(0, limit)
    .map((g) => g.genre);
}

export function popularityDistribution(catalog: Catalog) {
  const popularity = catalog.numeric.popularity;
  const edges = Array.from({ length: 21 }, (_, i) => i * 5);
  const x = Array.from({ length: 101 }, (_, i) => i);
  const { bandwidth, density } = kernelDensity(popularity, x);
  return { histogram: histogram(popularity, 20, 0, 100), edges, density: { bandwidth, x, density } };
}

export function featureCorrelation(catalog: Catalog): { columns: string[]; matrix: number[][] } {
  return {
    columns: [...CORRELATION_COLUMNS],
    matrix: correlationMatrix(CORRELATION_COLUMNS.map((c) => catalog.numeric[c])),
  };
}

function columnInfo(raw: RawTable): ColumnInfo[] {
  // Per distinct value (the loader's dictionaries), then per row.
  const countMissing = (name: StringColumn) => {
    const blank = raw.stringValues[name].map((v) => v.trim() === '');
    return raw.stringCodes[name].reduce((n, code) => (blank[code] ? n + 1 : n), 0);
  };
  return [
    ...STRING_COLUMNS.map((name) => ({ name, type: 'string' as const, missing: countMissing(name) })),
    { name: 'track_genre', type: 'string' as const, missing: 0 },
    ...NUMERIC_COLUMNS.map((name) => ({ name, type: 'number' as const, missing: 0 })),
    { name: 'explicit', type: 'boolean' as const, missing: 0 },
  ].filter((c) => !raw.absentColumns.includes(c.name));
}

/** Everything the `explore` command shows, from a loaded table and its cleaning. */
export function explore(raw: RawTable, cleaned: CleanResult): Exploration {
  const { catalog, stats, log } = cleaned;
  const genres = raw.absentColumns.includes('track_genre') ? [] : genreSummary(catalog);
  const distribution = popularityDistribution(catalog);
  return {
    source: raw.source,
    layout: raw.layout,
    absentColumns: raw.absentColumns,
    ...stats,
    columns: columnInfo(raw),
    indexColumn: raw.indexColumn,
    extraColumns: raw.extraColumns,
    cleaningLog: log,
    invalidRowList: raw.invalidRows,
    columnsDifferingAcrossDuplicates: columnsDifferingAcrossDuplicates(raw, cleaned.rowGroups),
    describe: Object.fromEntries(NUMERIC_COLUMNS.filter((c) => !raw.absentColumns.includes(c)).map((c) => [c, summarize(raw.numeric[c])])),
    genres,
    topGenresByPopularity: topGenresByPopularity(genres),
    popularityHistogram: distribution.histogram,
    popularityBinEdges: distribution.edges,
    popularityDensity: distribution.density,
    correlation: featureCorrelation(catalog),
  };
}
