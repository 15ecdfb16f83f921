/**
 * Joins earlier snapshots to the catalogue on track_id: for each catalogue track, the newest value
 * measured before the catalogue's own date (`asOf`). Unmatched ids and rows that are not earlier than
 * `asOf` are counted, never silently dropped.
 */
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { KAGGLE_AS_OF, parseApproximateDate } from './approxDate.js';
import type { SnapshotFile } from './snapshots.js';

export interface SnapshotFileStats {
  path: string;
  rows: number;
  distinctIds: number;
  matchedIds: number;
  unmatchedIds: number;
  /** Rows dated at or after the catalogue's date: not earlier values, left out of the pairs. */
  rowsNotEarlier: number;
}

/** One (earlier, now) popularity pair per matched catalogue track, as columns. */
export interface SnapshotPairs {
  size: number;
  /** Catalogue track index. */
  track: Int32Array;
  earlier: Float64Array;
  now: Float64Array;
  /** Decimal year of the earlier value; NaN when its file has no dates. */
  earlierDate: Float64Array;
  /** Years from the earlier value to `asOf` (NaN when undated). */
  years: Float64Array;
  /** Decimal year of the release; NaN when unknown. */
  releaseDate: Float64Array;
  origin: string[];
}

export interface SnapshotJoin {
  asOf: { text: string; year: number };
  files: SnapshotFileStats[];
  rows: number;
  distinctIds: number;
  matchedIds: number;
  unmatchedIds: number;
  /** A few unmatched ids, to look up by hand. */
  unmatchedExamples: string[];
  rowsNotEarlier: number;
  /** Matched ids whose every row is not earlier than `asOf`. */
  matchedWithoutEarlier: number;
  pairs: SnapshotPairs;
  /** Release date per catalogue track (decimal year; NaN unknown), from any snapshot row of it. */
  releaseDateOfTrack: Float64Array;
}

export function parseAsOf(text: string | undefined): { text: string; year: number } {
  const value = text ?? KAGGLE_AS_OF;
  const parsed = parseApproximateDate(value);
  if (typeof parsed === 'string') throw new InputError(`as-of date ${JSON.stringify(value)}: ${parsed}`);
  return { text: value, year: parsed.year };
}

/**
 * For each catalogue track, the newest earlier row over all files: the latest date before `asOf`;
 * on equal dates the later row (later file, later line). Undated rows count only when a track has no
 * dated one.
 */
export function joinSnapshots(catalog: Catalog, files: readonly SnapshotFile[], asOfText?: string): SnapshotJoin {
  const asOf = parseAsOf(asOfText);
  const indexOf = catalog.trackIndex;
  const bestFile = new Int32Array(catalog.size).fill(-1);
  const bestRow = new Int32Array(catalog.size).fill(-1);
  const releaseDateOfTrack = new Float64Array(catalog.size).fill(Number.NaN);
  const releaseFrom = new Float64Array(catalog.size).fill(Number.NEGATIVE_INFINITY);
  const allIds = new Set<string>();
  const unmatched = new Set<string>();
  const matchedAny = new Uint8Array(catalog.size);
  let rowsNotEarlier = 0;
  const stats: SnapshotFileStats[] = files.map((file, f) => {
    const ids = new Set<string>();
    let matched = 0;
    let notEarlier = 0;
    for (let r = 0; r < file.rows; r++) {
      const id = file.trackId[r] as string;
      allIds.add(id);
      const t = indexOf.get(id);
      if (!ids.has(id)) {
        ids.add(id);
        if (t !== undefined) matched++;
      }
      if (t === undefined) {
        unmatched.add(id);
        continue;
      }
      matchedAny[t] = 1;
      const date = file.date[r] as number;
      // The release date does not depend on when popularity was measured: take the newest row that has one.
      const release = file.releaseDate[r] as number;
      const rank = Number.isNaN(date) ? Number.NEGATIVE_INFINITY : date;
      if (!Number.isNaN(release) && rank >= (releaseFrom[t] as number)) {
        releaseDateOfTrack[t] = release;
        releaseFrom[t] = rank;
      }
      if (!Number.isNaN(date) && date >= asOf.year) {
        notEarlier++;
        continue;
      }
      const bf = bestFile[t] as number;
      if (bf < 0) {
        bestFile[t] = f;
        bestRow[t] = r;
        continue;
      }
      const current = (files[bf] as SnapshotFile).date[bestRow[t] as number] as number;
      // Dated beats undated; a later date beats an earlier one; equal dates: the later row wins.
      const better = Number.isNaN(current) ? true : Number.isNaN(date) ? false : date >= current;
      if (better) {
        bestFile[t] = f;
        bestRow[t] = r;
      }
    }
    rowsNotEarlier += notEarlier;
    return {
      path: file.path,
      rows: file.rows,
      distinctIds: ids.size,
      matchedIds: matched,
      unmatchedIds: ids.size - matched,
      rowsNotEarlier: notEarlier,
    };
  });

  const tracks: number[] = [];
  let matchedWithoutEarlier = 0;
  for (let t = 0; t < catalog.size; t++) {
    if ((bestFile[t] as number) >= 0) tracks.push(t);
    else if (matchedAny[t]) matchedWithoutEarlier++;
  }
  const size = tracks.length;
  const pairs: SnapshotPairs = {
    size,
    track: Int32Array.from(tracks),
    earlier: new Float64Array(size),
    now: new Float64Array(size),
    earlierDate: new Float64Array(size),
    years: new Float64Array(size),
    releaseDate: new Float64Array(size),
    origin: new Array<string>(size),
  };
  tracks.forEach((t, i) => {
    const file = files[bestFile[t] as number] as SnapshotFile;
    const r = bestRow[t] as number;
    pairs.earlier[i] = file.popularity[r] as number;
    pairs.now[i] = catalog.numeric.popularity[t] as number;
    pairs.earlierDate[i] = file.date[r] as number;
    pairs.years[i] = asOf.year - (file.date[r] as number);
    pairs.releaseDate[i] = releaseDateOfTrack[t] as number;
    pairs.origin[i] = file.origin[r] as string;
  });
  let matchedIds = 0;
  for (const id of allIds) if (indexOf.has(id)) matchedIds++;
  return {
    asOf,
    files: stats,
    rows: files.reduce((s, f) => s + f.rows, 0),
    distinctIds: allIds.size,
    matchedIds,
    unmatchedIds: unmatched.size,
    unmatchedExamples: [...unmatched].slice(0, 5),
    rowsNotEarlier,
    matchedWithoutEarlier,
    pairs,
    releaseDateOfTrack,
  };
}
