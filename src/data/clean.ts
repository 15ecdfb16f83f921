/**
 * Cleaning, as the reference notebook does it (drop rows without names, keep the first row of each
 * track_id) but keeping what the notebook threw away: every genre of a track, and counts of what
 * differed between duplicate rows.
 */
import type { Catalog } from './catalog.js';
import { decode } from './encodedRows.js';
import type { RawTable } from './load.js';
import { NAME_COLUMNS, NUMERIC_COLUMNS, STRING_COLUMNS, type StringColumn } from './schema.js';
import { sharedArray } from './sharedMemory.js';
import { splitArtists } from './text.js';
import { TrackIndex } from './trackIndex.js';
import { trackKeys } from './trackKeys.js';
import { multiRowGroups, type TrackRowsJob, trackRows } from './trackRows.js';
import { canShare, inSharedMemory, TrackRowsWorker } from './trackRowsThread.js';

export { splitArtists };

export interface CleaningStep {
  step: string;
  rowsIn: number;
  rowsOut: number;
  reason: string;
}

export interface CleaningStats {
  /** Valid rows loaded. */
  rows: number;
  uniqueTrackIds: number;
  /** Rows beyond the first of each track_id. */
  duplicateRows: number;
  trackIdsSeenOnce: number;
  conflictingPopularityTrackIds: number;
  conflictingPopularityRows: number;
  multiGenreTrackIds: number;
  multiGenreRows: number;
  missingNameRows: number;
  invalidRows: number;
  tracks: number;
  artistRows: number;
  distinctArtists: number;
}

export interface CleanResult {
  catalog: Catalog;
  /** The raw rows grouped by track_id, for row-level statistics. */
  rowGroups: TrackGroups;
  stats: CleaningStats;
  log: CleaningStep[];
}

/** Empty or only whitespace; the common case (a name starting with a letter) allocates nothing. */
function isBlank(value: string): boolean {
  if (value.length === 0) return true;
  const first = value.charCodeAt(0);
  if (first > 0x20 && first !== 0xa0 && first < 0x1680) return false;
  return value.trim() === '';
}

export interface TrackGroups {
  groups: number;
  groupOfRow: Int32Array;
  /** Rows of group g: rowsOfGroup[offsets[g] .. offsets[g + 1]), in file order. */
  offsets: Int32Array;
  rowsOfGroup: Int32Array;
}

/** For each column, how many duplicated track_ids have differing values in it. */
export function columnsDifferingAcrossDuplicates(raw: RawTable, rowGroups: TrackGroups): Record<string, number> {
  const { offsets, rowsOfGroup } = rowGroups;
  const multiRow = multiRowGroups(rowGroups.groups, offsets);
  const differingGroups = (values: ArrayLike<string | number>): number => {
    let n = 0;
    for (const g of multiRow) {
      const start = offsets[g] as number;
      const end = offsets[g + 1] as number;
      const first = values[rowsOfGroup[start] as number];
      for (let k = start + 1; k < end; k++) {
        if (values[rowsOfGroup[k] as number] !== first) {
          n++;
          break;
        }
      }
    }
    return n;
  };
  const differing: Record<string, number> = {};
  // Dictionary values are distinct, so comparing codes compares the text.
  for (const c of STRING_COLUMNS) if (c !== 'track_id') differing[c] = differingGroups(raw.stringCodes[c]);
  for (const c of NUMERIC_COLUMNS) differing[c] = differingGroups(raw.numeric[c]);
  differing.explicit = differingGroups(raw.explicit);
  differing.track_genre = differingGroups(raw.genreCode);
  return differing;
}

/** Below this the worker costs more to start than it saves. */
const WORKER_FROM_ROWS = 200_000;

/**
 * Cleans a loaded table into a one-row-per-track Catalog, with statistics and a step-by-step log.
 * `worker`: whether the typed-array half (trackRows) runs on a worker meanwhile; by default for
 * large tables whose columns are in shared memory (the direct reader's), which it reads uncopied.
 */
export function clean(raw: RawTable, worker?: boolean): CleanResult {
  // Started first, so that its start overlaps the first steps; given its job once those are done.
  const rowsWorker =
    (worker ?? (raw.rows >= WORKER_FROM_ROWS && canShare([raw.trackGroup, raw.genreCode, ...NUMERIC_COLUMNS.map((c) => raw.numeric[c])])))
      ? new TrackRowsWorker()
      : undefined;
  try {
    return cleanRows(raw, rowsWorker);
  } finally {
    rowsWorker?.close();
  }
}

function cleanRows(raw: RawTable, rowsWorker: TrackRowsWorker | undefined): CleanResult {
  const log: CleaningStep[] = [];
  log.push({
    step: 'load',
    rowsIn: raw.recordsRead,
    rowsOut: raw.rows,
    reason:
      raw.invalidRows.length > 0
        ? 'rows with invalid values skipped (--on-invalid skip); each is listed with its line, column and value'
        : 'all rows valid',
  });
  // The worker's inputs made here go to shared memory, where it reads them uncopied.
  const rowColumn = <T extends Uint8Array | Int32Array | Float64Array>(
    Kind: { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
    length: number,
  ): T => (rowsWorker ? sharedArray(Kind, length) : new Kind(length));

  // 1. Rows without artists, album or track name cannot be shown or recommended.
  // A column the export does not have (the album, in some) is not a missing name.
  // Blankness is decided once per distinct value of each column (the loader's dictionaries).
  const nameColumns = NAME_COLUMNS.filter((c) => !raw.absentColumns.includes(c)).map((c) => ({
    codes: raw.stringCodes[c],
    blank: Uint8Array.from(raw.stringValues[c], (value) => (isBlank(value) ? 1 : 0)),
  }));
  const kept = rowColumn(Uint8Array, raw.rows).fill(1);
  for (const { codes, blank } of nameColumns) for (let r = 0; r < raw.rows; r++) if (blank[codes[r] as number] === 1) kept[r] = 0;
  let keptRows = 0;
  for (let r = 0; r < raw.rows; r++) keptRows += kept[r] as number;
  const missingNameRows = raw.rows - keptRows;
  log.push({
    step: 'drop rows with missing names',
    rowsIn: raw.rows,
    rowsOut: keptRows,
    reason: `${missingNameRows} row${missingNameRows === 1 ? '' : 's'} without ${NAME_COLUMNS.filter((c) => !raw.absentColumns.includes(c)).join('/')}`,
  });

  // 2. One entry per track_id, in order of its first kept row, which gives every column (as pandas
  //    drop_duplicates keeps it); all kept rows of the id give the genre set.
  const groups = raw.trackGroups;
  const groupHasTrack = new Uint8Array(groups);
  const firstRowOfGroups = rowColumn(Int32Array, groups);
  let size = 0;
  for (let r = 0; r < raw.rows; r++) {
    const g = raw.trackGroup[r] as number;
    if (kept[r] === 1 && groupHasTrack[g] === 0) {
      groupHasTrack[g] = 1;
      firstRowOfGroups[size++] = r;
    }
  }
  // The first kept row of each track, in file order (so gathers read each column forwards).
  const firstRows = firstRowOfGroups.subarray(0, size);
  const job: TrackRowsJob = {
    rows: raw.rows,
    groups,
    groupOfRow: raw.trackGroup,
    genreCode: raw.genreCode,
    genres: raw.genreNames.length,
    popularity: raw.numeric.popularity,
    numeric: NUMERIC_COLUMNS.map((c) => raw.numeric[c]),
    trackNumeric: NUMERIC_COLUMNS.map(() => rowColumn(Float64Array, size)),
    nextColumn: rowColumn(Int32Array, 1),
    kept,
    firstRows,
  };
  // The grouping and genre sets on the worker while this thread builds the text columns; the numeric
  // columns are gathered by whichever thread is free.
  rowsWorker?.post(inSharedMemory(job));

  // 3. Text columns, artists (main artist, one row per (track, artist)), song and main-artist codes.
  const codesOfTracks = (column: StringColumn) => {
    const rowCodes = raw.stringCodes[column];
    const codes = new Int32Array(size);
    for (let t = 0; t < size; t++) codes[t] = rowCodes[firstRows[t] as number] as number;
    return codes;
  };
  const pick = (column: StringColumn) => decode(codesOfTracks(column), raw.stringValues[column]);
  const explicit = new Uint8Array(size);
  for (let t = 0; t < size; t++) explicit[t] = raw.explicit[firstRows[t] as number] as number;
  const titleCodes = codesOfTracks('track_name');
  const artistCodes = codesOfTracks('artists');
  const keys = trackKeys(
    { codes: titleCodes, values: raw.stringValues.track_name },
    { codes: artistCodes, values: raw.stringValues.artists },
  );
  const trackId = pick('track_id');
  const trackName = decode(titleCodes, raw.stringValues.track_name);
  const albumName = pick('album_name');
  const artists = decode(artistCodes, raw.stringValues.artists);

  const rows = rowsWorker ? rowsWorker.result().rows : trackRows(job);
  // Genres only carried by dropped rows leave the vocabulary.
  const genreNames = raw.genreNames.filter((_, g) => rows.genrePresent[g] === 1);
  log.push({
    step: 'keep one row per track_id',
    rowsIn: keptRows,
    rowsOut: size,
    reason: `${keptRows - size} duplicate rows of the same track_id; the first row is kept and every genre is kept in the track's genre set`,
  });
  log.push({
    step: 'explode artists',
    rowsIn: size,
    rowsOut: keys.artistTrack.length,
    reason: 'one row per (track, artist) for artist-level analysis; artists split on ";"',
  });
  const catalog: Catalog = {
    size,
    trackId,
    trackName,
    albumName,
    artists,
    mainArtist: keys.mainArtist,
    numeric: Object.fromEntries(NUMERIC_COLUMNS.map((c, i) => [c, job.trackNumeric[i] as Float64Array])) as Catalog['numeric'],
    explicit,
    genreNames,
    primaryGenre: rows.primaryGenre,
    genreOffsets: rows.genreOffsets,
    genreCodes: rows.genreCodes,
    genrePopularity: rows.genrePopularity,
    artistTrack: keys.artistTrack,
    artistName: keys.artistName,
    songCode: keys.songCode,
    songCount: keys.songCount,
    mainArtistCode: keys.mainArtistCode,
    mainArtistNames: keys.mainArtistNames,
    trackIndex: new TrackIndex(trackId),
    ...(raw.absentColumns.length > 0 ? { absentColumns: raw.absentColumns } : {}),
  };
  const grouping: TrackGroups = { groups, groupOfRow: raw.trackGroup, offsets: rows.offsets, rowsOfGroup: rows.rowsOfGroup };
  const dup = rows.duplicates;
  const stats: CleaningStats = {
    rows: raw.rows,
    uniqueTrackIds: groups,
    duplicateRows: raw.rows - groups,
    trackIdsSeenOnce: groups - rows.multiRow.length,
    conflictingPopularityTrackIds: dup.conflictIds,
    conflictingPopularityRows: dup.conflictRows,
    multiGenreTrackIds: dup.multiGenreIds,
    multiGenreRows: dup.multiGenreRows,
    missingNameRows,
    invalidRows: raw.invalidRows.length,
    tracks: size,
    artistRows: keys.artistTrack.length,
    distinctArtists: keys.distinctArtists,
  };
  return { catalog, rowGroups: grouping, stats, log };
}
