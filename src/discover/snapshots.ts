/**
 * Earlier popularity snapshots as input: a CSV or Parquet file with `track_id, popularity` and
 * optionally `snapshot` (when it was measured) and `release_date`. Validated as strictly as the
 * catalogue: every bad value is reported with the file, line and column; nothing is skipped.
 */
import { existsSync, statSync } from 'node:fs';
import { delimiter, extname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { lineNumbersOfRecords, readCsvHeader } from '../data/csvText.js';
import { InputError } from '../data/errors.js';
import { queryRows, sqlIdentifier, sqlString } from '../data/sql.js';
import { parseApproximateDate } from './approxDate.js';

export const SNAPSHOT_REQUIRED_COLUMNS = ['track_id', 'popularity'] as const;
export const SNAPSHOT_OPTIONAL_COLUMNS = ['snapshot', 'release_date', 'source'] as const;
export const DEFAULT_SNAPSHOT_CANDIDATES = ['../shared/data/spotify_earlier_snapshots.csv'] as const;

/** One snapshot file, validated, row by row in file order. */
export interface SnapshotFile {
  path: string;
  rows: number;
  trackId: string[];
  popularity: Float64Array;
  /** Decimal year of the snapshot (midpoint of an approximate date); NaN when the file has no `snapshot` column. */
  date: Float64Array;
  /** The snapshot date as written ('' when absent). */
  dateText: string[];
  /** Decimal year of the release (midpoint of YYYY or YYYY-MM); NaN when unknown. */
  releaseDate: Float64Array;
  /** The `source` column when present, else the file path. */
  origin: string[];
  hasDates: boolean;
  extraColumns: string[];
}

const MAX_ERRORS_SHOWN = 5;
const UNKNOWN_RELEASE: ReadonlySet<string> = new Set(['', '0', '0000']);

interface Problem {
  record: number;
  column: string;
  value: string;
  reason: string;
}

/** The snapshot files to read: the given ones, else `$SPOTIFY_INTEL_PREVIOUS` (path-list), else the shared file when it exists. */
export function resolveSnapshotPaths(explicit: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit && explicit.length > 0) return [...explicit];
  const fromEnv = (env.SPOTIFY_INTEL_PREVIOUS ?? '').split(delimiter).filter((p) => p.trim() !== '');
  if (fromEnv.length > 0) return fromEnv;
  return DEFAULT_SNAPSHOT_CANDIDATES.filter((p) => existsSync(p));
}

/** Reads every cell of the file as text through DuckDB; returns the header and the rows. */
async function readCells(path: string): Promise<{ header: string[]; rows: Record<string, unknown>[] }> {
  const parquet = ['.parquet', '.pq'].includes(extname(path).toLowerCase());
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    if (parquet) {
      const described = await queryRows(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`).catch((e: Error) => {
        throw new InputError(`${path}: not a readable Parquet file (${e.message.split('\n')[0]}).`);
      });
      const header = described.map((row) => String(row.column_name));
      const cast = header.map((name, i) => `CAST(${sqlIdentifier(name)} AS VARCHAR) AS c${i}`).join(', ');
      return { header, rows: await queryRows(connection, `SELECT ${cast} FROM read_parquet(${sqlString(path)})`) };
    }
    const { header } = await readCsvHeader(path, false);
    const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const rows = await queryRows(
      connection,
      `SELECT * FROM read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`,
    ).catch((e: Error) => {
      const line = /CSV Error on Line: (\d+)/.exec(e.message)?.[1];
      const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(e.message);
      throw new InputError(
        `${path}: ${line ? `line ${line}` : 'somewhere in the file'}: ${counts ? `expected ${counts[1]} fields, found ${counts[2]}` : 'the CSV is malformed'}.\n` +
          '  Fix: every row needs one value per header column; quote values containing commas, quotes or newlines.',
      );
    });
    return { header, rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Loads and validates one snapshot file. */
export async function loadSnapshotFile(path: string): Promise<SnapshotFile> {
  if (!existsSync(path)) throw new InputError(`${path}: no such file (earlier popularity snapshots).`);
  if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory; give the path of a CSV or Parquet snapshot file.`);
  const { header, rows } = await readCells(path);
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!position.has(key)) position.set(key, i);
  });
  const missing = SNAPSHOT_REQUIRED_COLUMNS.filter((c) => !position.has(c));
  if (missing.length > 0) {
    throw new InputError(
      `${path}: missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.\n` +
        `  Found columns: ${header.map((h) => (h === '' ? '(empty)' : h)).join(', ')}.\n` +
        `  Fix: a snapshot file needs ${SNAPSHOT_REQUIRED_COLUMNS.join(' and ')}, optionally ${SNAPSHOT_OPTIONAL_COLUMNS.join(', ')}.`,
    );
  }
  if (rows.length === 0) throw new InputError(`${path}: the file has a header but no data rows.`);
  const known = new Set<string>([...SNAPSHOT_REQUIRED_COLUMNS, ...SNAPSHOT_OPTIONAL_COLUMNS]);
  const extraColumns = header.filter((h) => !known.has(h.trim().toLowerCase()));
  const cell = (row: Record<string, unknown>, column: string): string | null => {
    const at = position.get(column);
    if (at === undefined) return null;
    const value = row[`c${at}`];
    return value === null || value === undefined ? '' : String(value);
  };

  const n = rows.length;
  const file: SnapshotFile = {
    path,
    rows: n,
    trackId: new Array<string>(n),
    popularity: new Float64Array(n),
    date: new Float64Array(n).fill(Number.NaN),
    dateText: new Array<string>(n).fill(''),
    releaseDate: new Float64Array(n).fill(Number.NaN),
    origin: new Array<string>(n).fill(path),
    hasDates: position.has('snapshot'),
    extraColumns,
  };
  const problems: Problem[] = [];
  rows.forEach((row, r) => {
    const problem = (column: string, value: string, reason: string) => problems.push({ record: r, column, value, reason });
    const id = (cell(row, 'track_id') as string).trim();
    if (id === '') problem('track_id', id, 'missing value');
    file.trackId[r] = id;
    const popularityText = (cell(row, 'popularity') as string).trim();
    const popularity = Number(popularityText);
    if (popularityText === '') problem('popularity', popularityText, 'missing value');
    else if (!Number.isFinite(popularity)) problem('popularity', popularityText, 'not a number');
    else if (popularity < 0 || popularity > 100 || !Number.isInteger(popularity))
      problem('popularity', popularityText, 'out of range: must be a whole number from 0 to 100');
    file.popularity[r] = popularity;
    const snapshot = cell(row, 'snapshot');
    if (snapshot !== null) {
      const text = snapshot.trim();
      file.dateText[r] = text;
      if (text === '') problem('snapshot', text, 'missing value (every row of a file with a snapshot column needs its date)');
      else {
        const parsed = parseApproximateDate(text);
        if (typeof parsed === 'string') problem('snapshot', text, parsed);
        else file.date[r] = parsed.year;
      }
    }
    const release = cell(row, 'release_date');
    // Spotify's API writes 0 or 0000 for a release date it does not know.
    if (release !== null && !UNKNOWN_RELEASE.has(release.trim())) {
      const parsed = parseApproximateDate(release);
      if (typeof parsed === 'string') problem('release_date', release.trim(), parsed);
      else file.releaseDate[r] = parsed.year;
    }
    const origin = cell(row, 'source');
    if (origin !== null && origin.trim() !== '') file.origin[r] = origin.trim();
  });
  if (problems.length > 0) await throwProblems(path, problems, !['.parquet', '.pq'].includes(extname(path).toLowerCase()));
  return file;
}

async function throwProblems(path: string, problems: Problem[], csv: boolean): Promise<never> {
  const badRows = new Set(problems.map((p) => p.record)).size;
  const firstPerRow: Problem[] = [];
  for (const p of problems) if (firstPerRow.at(-1)?.record !== p.record) firstPerRow.push(p);
  const shown = firstPerRow.slice(0, MAX_ERRORS_SHOWN);
  const lines = csv
    ? await lineNumbersOfRecords(
        path,
        shown.map((p) => p.record),
      )
    : shown.map((p) => p.record + 1);
  const where = csv ? 'line' : 'row';
  const text = shown
    .map((p, i) => `  ${where} ${lines[i]}, column ${p.column}: ${p.value === '' ? '(empty)' : JSON.stringify(p.value)}: ${p.reason}`)
    .join('\n');
  const more = badRows > shown.length ? `\n  ... and ${badRows - shown.length} more rows with invalid values` : '';
  throw new InputError(
    `${path}: ${badRows} row${badRows > 1 ? 's have' : ' has'} invalid values:\n${text}${more}\n` +
      '  Fix: popularity is a whole number 0-100; snapshot and release_date are dates such as 2021-04, ~2020-05/06, ~2021-10..12, 2020-03-27 or 3/27/2020.',
  );
}

/** Loads several snapshot files (in order: later files win ties on the same date). */
export async function loadSnapshots(paths: readonly string[]): Promise<SnapshotFile[]> {
  const files: SnapshotFile[] = [];
  for (const path of paths) files.push(await loadSnapshotFile(path));
  return files;
}
