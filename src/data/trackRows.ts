/**
 * The typed-array half of cleaning: rows grouped by track_id, the duplicate statistics, each track's
 * genre set and its numeric columns, given which rows are kept and each track's first kept row. It
 * reads and writes only typed arrays, so on a large catalogue it runs on a worker while the main
 * thread builds the text columns (trackRowsThread.ts); the result is the same wherever it runs.
 */

/** What trackRows reads; every array indexed by row except `firstRows`. */
export interface TrackRowsJob {
  rows: number;
  /** Distinct track_ids; `groupOfRow` numbers them by first appearance. */
  groups: number;
  groupOfRow: Int32Array;
  genreCode: Int32Array;
  /** Genre codes are below this. */
  genres: number;
  popularity: Float64Array;
  /** The numeric columns, each gathered at `firstRows` into the track column of `trackNumeric`. */
  numeric: Float64Array[];
  trackNumeric: Float64Array[];
  /**
   * The next column of `numeric` to gather. Both threads take columns from it (an atomic add), so
   * whichever is free first takes the next: the work balances however fast each thread runs.
   */
  nextColumn: Int32Array;
  /** 1 for a row kept (all its names present). */
  kept: Uint8Array;
  /** The first kept row of each track, in file order. */
  firstRows: Int32Array;
}

export interface DuplicateStats {
  conflictIds: number;
  conflictRows: number;
  multiGenreIds: number;
  multiGenreRows: number;
}

export interface TrackRows {
  /** Rows of group g: rowsOfGroup[offsets[g] .. offsets[g + 1]), in file order. */
  offsets: Int32Array;
  rowsOfGroup: Int32Array;
  /** Groups with more than one row. */
  multiRow: Int32Array;
  duplicates: DuplicateStats;
  /** 1 for a genre some kept row has; the genres of genreCodes are renumbered over these. */
  genrePresent: Uint8Array;
  /** Track t's genres: genreCodes[genreOffsets[t] .. genreOffsets[t + 1]), first-seen order, with the popularity of the row that gave each. */
  genreOffsets: Int32Array;
  genreCodes: Int32Array;
  genrePopularity: Float64Array;
  primaryGenre: Int32Array;
}

/** The numeric track columns not yet taken by another thread (all of them, on one thread). */
export function gatherColumns(job: TrackRowsJob): void {
  const { firstRows, numeric, trackNumeric, nextColumn } = job;
  for (let i = Atomics.add(nextColumn, 0, 1); i < numeric.length; i = Atomics.add(nextColumn, 0, 1)) {
    const source = numeric[i] as Float64Array;
    const column = trackNumeric[i] as Float64Array;
    for (let t = 0; t < firstRows.length; t++) column[t] = source[firstRows[t] as number] as number;
  }
}

/** The rows of each track_id group in file order (a counting sort of the loader's group numbers). */
function groupRows(rows: number, groups: number, groupOfRow: Int32Array): { offsets: Int32Array; rowsOfGroup: Int32Array } {
  const offsets = new Int32Array(groups + 1);
  for (let r = 0; r < rows; r++) {
    const next = (groupOfRow[r] as number) + 1;
    offsets[next] = (offsets[next] as number) + 1;
  }
  for (let g = 0; g < groups; g++) offsets[g + 1] = (offsets[g + 1] as number) + (offsets[g] as number);
  const fill = offsets.slice(0, groups);
  const rowsOfGroup = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const g = groupOfRow[r] as number;
    rowsOfGroup[fill[g] as number] = r;
    fill[g] = (fill[g] as number) + 1;
  }
  return { offsets, rowsOfGroup };
}

/** Groups with more than one row. */
export function multiRowGroups(groups: number, offsets: Int32Array): Int32Array {
  let count = 0;
  for (let g = 0; g < groups; g++) if ((offsets[g + 1] as number) - (offsets[g] as number) > 1) count++;
  const multiRow = new Int32Array(count);
  for (let g = 0, next = 0; g < groups; g++) if ((offsets[g + 1] as number) - (offsets[g] as number) > 1) multiRow[next++] = g;
  return multiRow;
}

/** Ids (and their rows) whose popularity or genre differs between rows. */
function duplicateStats(job: TrackRowsJob, offsets: Int32Array, rowsOfGroup: Int32Array, multiRow: Int32Array): DuplicateStats {
  const { popularity, genreCode } = job;
  const stats = { conflictIds: 0, conflictRows: 0, multiGenreIds: 0, multiGenreRows: 0 };
  for (const g of multiRow) {
    const start = offsets[g] as number;
    const end = offsets[g + 1] as number;
    const first = rowsOfGroup[start] as number;
    let popularityDiffers = false;
    let genreDiffers = false;
    for (let k = start + 1; k < end; k++) {
      const r = rowsOfGroup[k] as number;
      if (popularity[r] !== popularity[first]) popularityDiffers = true;
      if (genreCode[r] !== genreCode[first]) genreDiffers = true;
    }
    if (popularityDiffers) {
      stats.conflictIds++;
      stats.conflictRows += end - start;
    }
    if (genreDiffers) {
      stats.multiGenreIds++;
      stats.multiGenreRows += end - start;
    }
  }
  return stats;
}

export function trackRows(job: TrackRowsJob): TrackRows {
  const { rows, groups, groupOfRow, genreCode, kept, firstRows } = job;
  const { offsets, rowsOfGroup } = groupRows(rows, groups, groupOfRow);
  const multiRow = multiRowGroups(groups, offsets);
  const duplicates = duplicateStats(job, offsets, rowsOfGroup, multiRow);

  // Genres only carried by dropped rows leave the vocabulary.
  const genrePresent = new Uint8Array(job.genres);
  for (let r = 0; r < rows; r++) if (kept[r] === 1) genrePresent[genreCode[r] as number] = 1;
  const newCode = new Int32Array(job.genres);
  for (let g = 0, next = 0; g < job.genres; g++) if (genrePresent[g] === 1) newCode[g] = next++;

  // Every genre of a track's kept rows, in file order, each once.
  const size = firstRows.length;
  const genreOffsets = new Int32Array(size + 1);
  let keptRows = 0;
  for (let r = 0; r < rows; r++) keptRows += kept[r] as number;
  const genreCodes = new Int32Array(keptRows);
  const genrePopularity = new Float64Array(keptRows);
  let pairs = 0;
  for (let t = 0; t < size; t++) {
    const g = groupOfRow[firstRows[t] as number] as number;
    const start = pairs;
    for (let k = offsets[g] as number; k < (offsets[g + 1] as number); k++) {
      const r = rowsOfGroup[k] as number;
      if (kept[r] !== 1) continue;
      const code = newCode[genreCode[r] as number] as number;
      let seen = false;
      for (let p = start; p < pairs && !seen; p++) seen = genreCodes[p] === code;
      if (seen) continue;
      genreCodes[pairs] = code;
      genrePopularity[pairs] = job.popularity[r] as number;
      pairs++;
    }
    genreOffsets[t + 1] = pairs;
  }
  const primaryGenre = new Int32Array(size);
  for (let t = 0; t < size; t++) primaryGenre[t] = genreCodes[genreOffsets[t] as number] as number;

  gatherColumns(job);
  return {
    offsets,
    rowsOfGroup,
    multiRow,
    duplicates,
    genrePresent,
    genreOffsets,
    // Views of the part filled, not copies: a copy would touch as much fresh memory again.
    genreCodes: genreCodes.subarray(0, pairs),
    genrePopularity: genrePopularity.subarray(0, pairs),
    primaryGenre,
  };
}
