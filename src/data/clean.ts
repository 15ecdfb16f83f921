/**
 * Cleaning, as the reference notebook does it (drop rows without names, keep the first row of each
 * track_id) but keeping what the notebook threw away: every genre of a track, and counts of what
 * differed between duplicate rows.
 */
import type { Catalog } from './catalog.js';
import { decode } from './encodedRows.js';
import type { RawTable } from './load.js';
import { PageToucher } from './pageToucher.js';
import { NAME_COLUMNS, NUMERIC_COLUMNS, STRING_COLUMNS, type StringColumn } from './schema.js';
import { splitArtists } from './text.js';
import { TrackIndex } from './trackIndex.js';
import { trackKeys } from './trackKeys.js';

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

/** The rows of each track_id group in file order (a counting sort of the loader's group numbers). */
function groupRows(raw: RawTable): TrackGroups {
  const groups = raw.trackGroups;
  const offsets = new Int32Array(groups + 1);
  for (let r = 0; r < raw.rows; r++) {
    const next = (raw.trackGroup[r] as number) + 1;
    offsets[next] = (offsets[next] as number) + 1;
  }
  for (let g = 0; g < groups; g++) offsets[g + 1] = (offsets[g + 1] as number) + (offsets[g] as number);
  const fill = offsets.slice(0, groups);
  const rowsOfGroup = new Int32Array(raw.rows);
  for (let r = 0; r < raw.rows; r++) {
    const g = raw.trackGroup[r] as number;
    rowsOfGroup[fill[g] as number] = r;
    fill[g] = (fill[g] as number) + 1;
  }
  return { groups, groupOfRow: raw.trackGroup, offsets, rowsOfGroup };
}

/** Groups with more than one row. */
function multiRowGroups({ groups, offsets }: TrackGroups): number[] {
  const multiRow: number[] = [];
  for (let g = 0; g < groups; g++) if ((offsets[g + 1] as number) - (offsets[g] as number) > 1) multiRow.push(g);
  return multiRow;
}

/** For each column, how many duplicated track_ids have differing values in it. */
export function columnsDifferingAcrossDuplicates(raw: RawTable, rowGroups: TrackGroups): Record<string, number> {
  const { offsets, rowsOfGroup } = rowGroups;
  const multiRow = multiRowGroups(rowGroups);
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

/** Ids (and their rows) whose popularity or genre differs between rows. */
function duplicateStats(raw: RawTable, { offsets, rowsOfGroup }: TrackGroups, multiRow: readonly number[]) {
  const popularity = raw.numeric.popularity;
  const genre = raw.genreCode;
  let conflictIds = 0;
  let conflictRows = 0;
  let multiGenreIds = 0;
  let multiGenreRows = 0;
  for (const g of multiRow) {
    const start = offsets[g] as number;
    const end = offsets[g + 1] as number;
    const first = rowsOfGroup[start] as number;
    let popularityDiffers = false;
    let genreDiffers = false;
    for (let k = start + 1; k < end; k++) {
      const r = rowsOfGroup[k] as number;
      if (popularity[r] !== popularity[first]) popularityDiffers = true;
      if (genre[r] !== genre[first]) genreDiffers = true;
    }
    if (popularityDiffers) {
      conflictIds++;
      conflictRows += end - start;
    }
    if (genreDiffers) {
      multiGenreIds++;
      multiGenreRows += end - start;
    }
  }
  return { conflictIds, conflictRows, multiGenreIds, multiGenreRows };
}

/** Cleans a loaded table into a one-row-per-track Catalog, with statistics and a step-by-step log. */
export function clean(raw: RawTable, touchPages = raw.rows >= TOUCH_PAGES_FROM_ROWS): CleanResult {
  // The track columns are filled last, into pages a worker touched meanwhile (see PageToucher).
  const pages = touchPages ? PageToucher.start() : undefined;
  try {
    return cleanRows(raw, pages);
  } finally {
    pages?.close();
  }
}

/** Below this, starting the page toucher costs more than it saves. */
const TOUCH_PAGES_FROM_ROWS = 200_000;

function cleanRows(raw: RawTable, pages: PageToucher | undefined): CleanResult {
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
  const grouping = groupRows(raw);
  const multiRow = multiRowGroups(grouping);
  const dup = duplicateStats(raw, grouping, multiRow);

  // 1. Rows without artists, album or track name cannot be shown or recommended.
  // A column the export does not have (the album, in some) is not a missing name.
  // Blankness is decided once per distinct value of each column (the loader's dictionaries).
  const nameColumns = NAME_COLUMNS.filter((c) => !raw.absentColumns.includes(c)).map((c) => ({
    codes: raw.stringCodes[c],
    blank: Uint8Array.from(raw.stringValues[c], (value) => (isBlank(value) ? 1 : 0)),
  }));
  const kept = new Uint8Array(raw.rows).fill(1);
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
  // Genres only carried by dropped rows leave the vocabulary.
  const genrePresent = new Uint8Array(raw.genreNames.length);
  for (let r = 0; r < raw.rows; r++) if (kept[r] === 1) genrePresent[raw.genreCode[r] as number] = 1;
  const genreNames = raw.genreNames.filter((_, g) => genrePresent[g] === 1);
  const newCode = new Int32Array(raw.genreNames.length);
  for (let g = 0, next = 0; g < raw.genreNames.length; g++) if (genrePresent[g] === 1) newCode[g] = next++;
  const groupHasTrack = new Uint8Array(grouping.groups);
  const firstRowOfGroups = new Int32Array(grouping.groups);
  let size = 0;
  for (let r = 0; r < raw.rows; r++) {
    const g = grouping.groupOfRow[r] as number;
    if (kept[r] === 1 && groupHasTrack[g] === 0) {
      groupHasTrack[g] = 1;
      firstRowOfGroups[size++] = r;
    }
  }
  // The first kept row of each track, in file order (so gathers below read each column forwards).
  const firstRows = firstRowOfGroups.subarray(0, size);
  const numericOfTracks = pages
    ? PageToucher.sharedColumns(Float64Array, size, NUMERIC_COLUMNS.length)
    : NUMERIC_COLUMNS.map(() => new Float64Array(size));
  pages?.touch(numericOfTracks);
  const genreOffsets = new Int32Array(size + 1);
  const genreCodesAll = new Int32Array(keptRows);
  const genrePopularityAll = new Float64Array(keptRows);
  let pairs = 0;
  for (let t = 0; t < size; t++) {
    const g = grouping.groupOfRow[firstRows[t] as number] as number;
    const start = pairs;
    for (let k = grouping.offsets[g] as number; k < (grouping.offsets[g + 1] as number); k++) {
      const r = grouping.rowsOfGroup[k] as number;
      if (kept[r] !== 1) continue;
      const code = newCode[raw.genreCode[r] as number] as number;
      let seen = false;
      for (let p = start; p < pairs && !seen; p++) seen = genreCodesAll[p] === code;
      if (seen) continue;
      genreCodesAll[pairs] = code;
      genrePopularityAll[pairs] = raw.numeric.popularity[r] as number;
      pairs++;
    }
    genreOffsets[t + 1] = pairs;
  }
  const genreCodes = genreCodesAll.slice(0, pairs);
  const primaryGenre = new Int32Array(size);
  for (let t = 0; t < size; t++) primaryGenre[t] = genreCodes[genreOffsets[t] as number] as number;
  log.push({
    step: 'keep one row per track_id',
    rowsIn: keptRows,
    rowsOut: size,
    reason: `${keptRows - size} duplicate rows of the same track_id; the first row is kept and every genre is kept in the track's genre set`,
  });

  const codesOfTracks = (column: StringColumn) => {
    const rowCodes = raw.stringCodes[column];
    const codes = new Int32Array(size);
    for (let t = 0; t < size; t++) codes[t] = rowCodes[firstRows[t] as number] as number;
    return codes;
  };
  const pick = (column: StringColumn) => decode(codesOfTracks(column), raw.stringValues[column]);
  const explicit = new Uint8Array(size);
  for (let t = 0; t < size; t++) explicit[t] = raw.explicit[firstRows[t] as number] as number;

  // 3. Artists: main artist, and one row per (track, artist); song and main-artist codes.
  const titleCodes = codesOfTracks('track_name');
  const artistCodes = codesOfTracks('artists');
  const keys = trackKeys(
    { codes: titleCodes, values: raw.stringValues.track_name },
    { codes: artistCodes, values: raw.stringValues.artists },
  );
  const numeric = Object.fromEntries(
    NUMERIC_COLUMNS.map((c, i) => {
      const source = raw.numeric[c];
      const column = numericOfTracks[i] as Float64Array;
      for (let t = 0; t < size; t++) column[t] = source[firstRows[t] as number] as number;
      return [c, column];
    }),
  ) as Catalog['numeric'];
  log.push({
    step: 'explode artists',
    rowsIn: size,
    rowsOut: keys.artistTrack.length,
    reason: 'one row per (track, artist) for artist-level analysis; artists split on ";"',
  });

  const trackId = pick('track_id');
  const catalog: Catalog = {
    size,
    trackId,
    trackName: decode(titleCodes, raw.stringValues.track_name),
    albumName: pick('album_name'),
    artists: decode(artistCodes, raw.stringValues.artists),
    mainArtist: keys.mainArtist,
    numeric,
    explicit,
    genreNames,
    primaryGenre,
    genreOffsets,
    genreCodes,
    genrePopularity: genrePopularityAll.slice(0, pairs),
    artistTrack: keys.artistTrack,
    artistName: keys.artistName,
    songCode: keys.songCode,
    songCount: keys.songCount,
    mainArtistCode: keys.mainArtistCode,
    mainArtistNames: keys.mainArtistNames,
    trackIndex: new TrackIndex(trackId),
    ...(raw.absentColumns.length > 0 ? { absentColumns: raw.absentColumns } : {}),
  };
  const stats: CleaningStats = {
    rows: raw.rows,
    uniqueTrackIds: grouping.groups,
    duplicateRows: raw.rows - grouping.groups,
    trackIdsSeenOnce: grouping.groups - multiRow.length,
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
