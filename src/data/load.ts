/**
 * Loading a catalogue file (CSV or Parquet) through DuckDB into typed columns, with every value
 * validated. A valid CSV is parsed once, typed, by DuckDB's parallel reader; only when that fails or
 * a value breaks a rule is the file re-read as text, to name each bad value as written.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type CsvDialect, lineNumbersOfRecords, readCsvHeader } from './csvText.js';
import { type EncodedRows, fetchEncodedRows, lazyStrings, mapDistinct } from './encodedRows.js';
import { InputError, isInputError } from './errors.js';
import { artistsFromPythonList, detectLayout, isRewritten, type Layout, normalizedTextSql } from './layouts.js';
import { readPlainCsv } from './plainCsv.js';
import { readPlainCsvTwoThreads } from './plainCsvTwoThreads.js';
import { INDEX_COLUMN_NAMES, NUMERIC_COLUMNS, type NumericColumn, REQUIRED_COLUMNS, STRING_COLUMNS, type StringColumn } from './schema.js';
import { queryRows, sqlIdentifier, sqlString } from './sql.js';
import { escapeControl } from './text.js';
import { booleanValueSql, type CellKind, columnChecks, hasDigitSeparatorSql, numberFromTextSql } from './validation.js';

export type OnInvalid = 'error' | 'skip';

export interface LoadOptions {
  /** `error` (default): the first invalid values stop the load. `skip`: such rows are left out and listed. */
  onInvalid?: OnInvalid;
  /**
   * Threads for reading: DuckDB's workers; 1 also keeps the direct reader and cleaning on one thread
   * (no second parsing or page-touching thread). Default: all cores.
   */
  threads?: number;
  /** Our column -> the file's header name, for layouts not recognised from the header. */
  columns?: Record<string, string>;
  /** The file's column holding genres (e.g. playlist_subgenre of the TidyTuesday export). */
  genreColumn?: string;
  /**
   * `auto` (default): a plain, valid CSV is parsed directly into typed columns, anything else through
   * DuckDB. `duckdb`: always through DuckDB (the reference the fast path is tested against).
   */
  reader?: 'auto' | 'duckdb';
}

/** One row left out by `onInvalid: "skip"`, with its first problem. */
export interface InvalidRow {
  /** 1-based line of the file where the row starts (CSV) or 1-based row number (Parquet). */
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

/** All valid rows of a catalogue file, column by column, in file order. */
export interface RawTable {
  source: string;
  format: 'csv' | 'parquet';
  /** Data records in the file (valid or not). */
  recordsRead: number;
  /** Rows kept (= recordsRead - invalidRows.length). */
  rows: number;
  /** The header as written (a BOM removed). */
  header: string[];
  indexColumn: string | null;
  /** Columns present in the file that the tool does not use. */
  extraColumns: string[];
  /** The export the header was recognised as. */
  layout: string;
  /** `direct`: parsed straight into typed columns (a plain, valid CSV); `duckdb`: read through DuckDB. */
  reader: 'direct' | 'duckdb';
  /** Our columns the export does not have (album_name, explicit, time_signature, track_genre). */
  absentColumns: string[];
  /** Text columns; a missing value is ''. Each column is built on first use from the codes below. */
  strings: Record<StringColumn, string[]>;
  /**
   * The same text dictionary-encoded: `strings[c][row] === stringValues[c][stringCodes[c][row]]`,
   * values distinct (equal codes = equal text), so work per distinct value is done once.
   */
  stringCodes: Record<StringColumn, Int32Array>;
  stringValues: Record<StringColumn, string[]>;
  /** Distinct genres, sorted; `genreCode[row]` indexes into it. */
  genreNames: string[];
  genreCode: Int32Array;
  /** Each row's track_id as a number: 0 for the first id in the file, 1 for the next new one, ... */
  trackGroup: Int32Array;
  /** Distinct track_ids. */
  trackGroups: number;
  numeric: Record<NumericColumn, Float64Array>;
  /** 1 = explicit lyrics. */
  explicit: Uint8Array;
  invalidRows: InvalidRow[];
}

const MAX_ERRORS_SHOWN = 5;

/** The one genre of a catalogue whose export has no genre column. */
export const NO_GENRE = '(no genre)';

/** DuckDB's longest CSV line; pandas has no such limit, so real files with a 3 MB lyrics field must pass. */
const MAX_LINE_BYTES = 256 << 20;

/**
 * What the file is, from its first bytes rather than its name: Parquet, CSV (plain or gzip), or a
 * kind we cannot read, which is named with what to do.
 */
function sniffFile(path: string, displayPath: string): { format: 'csv' | 'parquet'; gzip: boolean } {
  const fd = openSync(path, 'r');
  const start = Buffer.alloc(4);
  let read = 0;
  try {
    read = readSync(fd, start, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = start.subarray(0, read);
  if (bytes.toString('latin1') === 'PAR1') return { format: 'parquet', gzip: false };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { format: 'csv', gzip: true };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    throw new InputError(
      `${displayPath}: is a ZIP archive, not a CSV file.\n  Fix: unzip it and pass the CSV inside (gzip files, .csv.gz, are read directly).`,
    );
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new InputError(`${displayPath}: is UTF-16 text.\n  Fix: save it as UTF-8 (in Excel: Save As "CSV UTF-8 (Comma delimited)").`);
  const ext = extname(path).toLowerCase();
  return { format: ext === '.parquet' || ext === '.pq' ? 'parquet' : 'csv', gzip: false };
}

/**
 * A pipe or a device (`<(gunzip -c f.csv.gz)`, /dev/stdin) cannot be read twice or seeked: it is
 * copied to a temporary file first, removed after loading.
 */
async function spoolIfNotRegular(path: string): Promise<{ path: string; cleanup: () => void }> {
  if (statSync(path).isFile()) return { path, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'spotify-intel-input-'));
  const copy = join(dir, 'input');
  await pipeline(createReadStream(path), createWriteStream(copy));
  return { path: copy, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The read_csv arguments for this file's dialect. */
function csvOptions(dialect: CsvDialect, columns: string): string {
  const delimiter = dialect.delimiter === '\t' ? '\t' : dialect.delimiter;
  return `header = true, auto_detect = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"', max_line_size = ${MAX_LINE_BYTES}, compression = '${dialect.gzip ? 'gzip' : 'none'}', columns = {${columns}}`;
}

/** Maps each required column to its position in the header; throws listing missing and found columns. */
function locateColumns(
  path: string,
  header: string[],
  dialect: CsvDialect,
  layout: Layout,
): { positions: Map<string, number>; index: number; extra: string[] } {
  const wanted = REQUIRED_COLUMNS.filter((c) => !(layout.absent as readonly string[]).includes(c));
  const theirName = (column: string) => layout.columns[column] ?? column;
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    for (const column of wanted) {
      if (theirName(column) !== key) continue;
      const first = positions.get(column);
      if (first !== undefined)
        throw new InputError(
          `${path}: column ${key} appears twice (columns ${first + 1} and ${i + 1}); which one holds the data is ambiguous.\n  Fix: remove or rename one of them.`,
        );
      positions.set(column, i);
    }
  });
  const missing = wanted.filter((c) => !positions.has(c)).map((c) => (theirName(c) === c ? c : `${theirName(c)} (for ${c})`));
  if (missing.length > 0) {
    const found = escapeControl(header.map((h) => (h === '' ? '(empty)' : h)).join(', ')).slice(0, 600);
    const separator = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes' }[dialect.delimiter];
    throw new InputError(
      `${path}: missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.\n` +
        `  Found ${header.length} column${header.length > 1 ? 's' : ''} separated by ${separator}: ${found}.\n` +
        `  Read as the ${layout.name} layout. Fix: export the file with the Kaggle "Spotify Tracks Dataset" header (track_id, artists, ..., track_genre),\n` +
        '  or name the columns that hold ours with --columns ours=theirs,... (e.g. --columns artists=artist_name,track_genre=genre).',
    );
  }
  const used = new Set(positions.values());
  let index = -1;
  const extra: string[] = [];
  header.forEach((name, i) => {
    if (used.has(i)) return;
    if (index < 0 && i === 0 && INDEX_COLUMN_NAMES.includes(name.trim())) index = i;
    else extra.push(name === '' ? `(unnamed column ${i + 1})` : name);
  });
  return { positions, index, extra };
}

/** Turns DuckDB's own CSV structure errors into one line that names the file and the line. */
function csvStructureError(path: string, error: Error): InputError {
  const message = error.message;
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const original = /Original Line: ([^\n]*)/.exec(message)?.[1];
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const where = line ? `line ${line}` : 'somewhere in the file';
  const shown = original ? `\n  Line starts: ${escapeControl(original.slice(0, 120))}` : '';
  if (/invalid unicode|utf-?8/i.test(message))
    return new InputError(
      `${path}: ${where}: the text is not valid UTF-8 (it looks like Latin-1 or Windows-1252).\n  Fix: save the file as UTF-8 (in Excel: Save As "CSV UTF-8").`,
    );
  if (/maximum line size/i.test(message))
    return new InputError(
      `${path}: ${where}: a line is longer than ${MAX_LINE_BYTES >> 20} MiB, the reader's limit.\n  Fix: shorten or drop that field.`,
    );
  let what = 'the CSV is malformed';
  if (counts) what = `expected ${counts[1]} fields, found ${counts[2]}`;
  else if (/unterminated quote/i.test(message)) what = 'a quoted value is never closed (unterminated quote)';
  return new InputError(
    `${path}: ${where}: ${what}.${shown}\n  Fix: every row needs one value per header column; quote values containing commas, quotes or newlines.`,
  );
}

/** Where the validated rows live inside DuckDB, and how to read their cells. */
interface ValidatedRows {
  table: string;
  kind: CellKind;
  /** SQL filter leaving out invalid rows ('' when none). */
  where: string;
  recordsRead: number;
  invalidRows: InvalidRow[];
}

type CellOf = (column: string) => string;

/** How to read each of our columns in SQL: the cell as written, normalized text, or a DOUBLE. */
interface Cells {
  raw: CellOf;
  text: CellOf;
  typed: CellOf;
  present: (column: string) => boolean;
  rewritten: (column: string) => boolean;
  /** The file's cells that hold one of our columns. */
  used: string[];
}

/** The fast path: DuckDB parses numbers while reading. Null when the file needs the text path. */
async function readTypedCsv(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
  header: string[],
  cells: Cells,
): Promise<ValidatedRows | null> {
  const cellOf = cells.typed;
  const numericCells = new Set(NUMERIC_COLUMNS.filter((c) => cells.present(c) && !cells.rewritten(c)).map(cells.raw));
  const columns = header.map((_, i) => `'c${i}': '${numericCells.has(`c${i}`) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
  try {
    // Only our columns are kept: an index column, lyrics or other extras are parsed but never stored.
    await connection.run(
      `CREATE TEMP TABLE typed AS SELECT ${cells.used.join(', ')} FROM read_csv(${sqlString(path)}, ${csvOptions(dialect, columns)})`,
    );
  } catch {
    return null; // a value that is not a number, or a structural problem: the text path reports it
  }
  const anyProblem = columnChecks(cellOf, 'typed', cells.present)
    .map((c) => `${c.problem} IS NOT NULL`)
    .join(' OR ');
  const [counts] = (await queryRows(connection, `SELECT count(*) AS records, count(*) FILTER (WHERE ${anyProblem}) AS bad FROM typed`)) as [
    { records: bigint; bad: bigint },
  ];
  if (counts.bad > 0n || (await numbersHaveDigitSeparators(connection, path, dialect, header, numericCells))) {
    await connection.run('DROP TABLE typed');
    return null;
  }
  return { table: 'typed', kind: 'typed', where: '', recordsRead: Number(counts.records), invalidRows: [] };
}

/**
 * DuckDB's DOUBLE reader accepts `200_000` (an underscore between two digits), which the typed path
 * cannot see. A file with no digit-underscore-digit bytes (the usual case, one fast scan) needs no
 * check; otherwise its number cells are re-read as text, a second parse.
 */
async function numbersHaveDigitSeparators(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
  header: string[],
  numericCells: Set<string>,
): Promise<boolean> {
  if (numericCells.size === 0 || (!dialect.gzip && !fileHasDigitSeparator(path))) return false;
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const anySeparator = [...numericCells].map(hasDigitSeparatorSql).join(' OR ');
  const [found] = await queryRows(
    connection,
    `SELECT count(*) AS n FROM (SELECT 1 FROM read_csv(${sqlString(path)}, ${csvOptions(dialect, columns)}) WHERE ${anySeparator} LIMIT 1)`,
  );
  return (found?.n as bigint) > 0n;
}

const UNDERSCORE = 0x5f;
const isDigitByte = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/** Whether the file holds an underscore between two ASCII digits anywhere, 1 MiB at a time. */
export function fileHasDigitSeparator(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let previous: number | undefined; // the byte before this chunk, for an underscore at its start
    let pendingUnderscore = false; // an underscore after a digit ended the last chunk
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      if (pendingUnderscore && isDigitByte(chunk[0])) return true;
      for (let i = chunk.indexOf(UNDERSCORE); i >= 0 && i < read; i = chunk.indexOf(UNDERSCORE, i + 1)) {
        if (isDigitByte(i > 0 ? chunk[i - 1] : previous) && isDigitByte(i + 1 < read ? chunk[i + 1] : undefined)) return true;
      }
      pendingUnderscore = chunk[read - 1] === UNDERSCORE && isDigitByte(read > 1 ? chunk[read - 2] : previous);
      previous = chunk[read - 1];
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The text path: every cell as written, each rule checked, each bad row located by line. */
async function readTextAndValidate(
  connection: DuckDBConnection,
  path: string,
  displayPath: string,
  format: 'csv' | 'parquet',
  dialect: CsvDialect,
  header: string[],
  cells: Cells,
  onInvalid: OnInvalid,
): Promise<ValidatedRows> {
  const cellOf = cells.text;
  if (format === 'csv') {
    const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const read = `read_csv(${sqlString(path)}, ${csvOptions(dialect, columns)})`;
    await connection.run(`CREATE TEMP TABLE raw AS SELECT * FROM ${read}`).catch((e: Error) => {
      throw csvStructureError(displayPath, e);
    });
  } else {
    const renamed = header.map((name, i) => `${sqlIdentifier(name)} AS c${i}`).join(', ');
    await connection.run(`CREATE TEMP TABLE raw AS SELECT ${renamed} FROM read_parquet(${sqlString(path)})`);
  }
  const problemsSql = columnChecks(cellOf, 'text', cells.present)
    .map(
      (c) =>
        `SELECT rowid AS rec, ${REQUIRED_COLUMNS.indexOf(c.column)} AS ord, ${sqlString(c.column)} AS col, CAST(${c.cell} AS VARCHAR) AS val, ${c.problem} AS reason FROM raw WHERE ${c.problem} IS NOT NULL`,
    )
    .join(' UNION ALL ');
  await connection.run(`CREATE TEMP TABLE problems AS ${problemsSql}`);
  const [counts] = (await queryRows(
    connection,
    'SELECT (SELECT count(*) FROM raw) AS records, (SELECT count(DISTINCT rec) FROM problems) AS bad',
  )) as [{ records: bigint; bad: bigint }];
  const recordsRead = Number(counts.records);
  const badRows = Number(counts.bad);
  const firstProblems = await queryRows(
    connection,
    `SELECT rec, col, val, reason FROM (SELECT *, row_number() OVER (PARTITION BY rec ORDER BY ord) AS k FROM problems) WHERE k = 1 ORDER BY rec ${
      onInvalid === 'skip' ? '' : `LIMIT ${MAX_ERRORS_SHOWN}`
    }`,
  );
  const records = firstProblems.map((p) => Number(p.rec as bigint));
  const lines = format === 'csv' ? await lineNumbersOfRecords(path, records, dialect.gzip) : records.map((r) => r + 1);
  const invalidRows: InvalidRow[] = firstProblems.map((p, i) => ({
    line: lines[i] as number,
    column: String(p.col),
    value: p.val === null ? null : String(p.val),
    reason: String(p.reason),
  }));
  if (badRows > 0 && onInvalid !== 'skip') {
    const where = format === 'csv' ? 'line' : 'row';
    const shown = invalidRows
      .map((r) => `  ${where} ${r.line}, column ${r.column}: ${r.value === null ? '(empty)' : JSON.stringify(r.value)}: ${r.reason}`)
      .join('\n');
    const more = badRows > invalidRows.length ? `\n  ... and ${badRows - invalidRows.length} more rows with invalid values` : '';
    throw new InputError(
      `${displayPath}: ${badRows} row${badRows > 1 ? 's have' : ' has'} invalid values:\n${shown}${more}\n` +
        '  Fix: correct the values, or pass --on-invalid skip to leave such rows out (they are counted and listed in the cleaning log).',
    );
  }
  if (recordsRead > 0 && badRows === recordsRead) {
    const first = invalidRows[0] as InvalidRow;
    throw new InputError(
      `${displayPath}: all ${recordsRead} rows have invalid values (first: line ${first.line}, column ${first.column}: ${first.reason}).`,
    );
  }
  return {
    table: 'raw',
    kind: 'text',
    where: badRows > 0 ? 'WHERE raw.rowid NOT IN (SELECT rec FROM problems)' : '',
    recordsRead,
    invalidRows,
  };
}

/**
 * The validated rows in a table whose rowid is the row's position: the table itself, or (when
 * `--on-invalid skip` left rows out) a copy of the kept rows in file order.
 */
async function denseTable(connection: DuckDBConnection, rows: ValidatedRows): Promise<string> {
  if (!rows.where) return rows.table;
  await connection.run(`CREATE TEMP TABLE kept AS SELECT * FROM ${rows.table} ${rows.where} ORDER BY rowid`);
  return 'kept';
}

/**
 * Reads a catalogue file into typed columns. Accepts the real-world variants of the Kaggle export:
 * a byte-order mark; the row-index column named `Unnamed: 0`, `index`, `...1`, empty, or absent;
 * booleans as True/False/TRUE/FALSE/true/false/1/0; any float notation; quoted fields with commas,
 * quotes and newlines; extra columns (ignored, listed in `extraColumns`); any column order.
 */
export async function loadRawTable(path: string, options: LoadOptions = {}): Promise<RawTable> {
  if (!existsSync(path)) throw new InputError(`${path}: no such file.`);
  if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory; give the path of a CSV or Parquet file.`);
  const spooled = await spoolIfNotRegular(path);
  try {
    return await loadRegularFile(spooled.path, path, options);
  } finally {
    spooled.cleanup();
  }
}

/** The header of a CSV file and its dialect; messages name `displayPath`. */
async function csvHeader(path: string, displayPath: string, gzip: boolean): Promise<{ header: string[]; dialect: CsvDialect }> {
  return readCsvHeader(path, gzip).catch((error: unknown) => {
    throw isInputError(error) ? new InputError(error.message.replaceAll(path, displayPath)) : error;
  });
}

/** What a loaded file is, beside its rows. */
interface FileFacts {
  displayPath: string;
  format: 'csv' | 'parquet';
  recordsRead: number;
  header: string[];
  positions: Map<string, number>;
  index: number;
  extra: string[];
  layout: Layout;
  invalidRows: InvalidRow[];
}

function rawTable(facts: FileFacts, encoded: EncodedRows, reader: RawTable['reader']): RawTable {
  if (facts.layout.artistsAsList) {
    const artists = mapDistinct(encoded.stringCodes.artists, encoded.stringValues.artists, artistsFromPythonList);
    encoded.stringCodes.artists = artists.codes;
    encoded.stringValues.artists = artists.values;
  }
  return {
    source: facts.displayPath,
    format: facts.format,
    recordsRead: facts.recordsRead,
    rows: facts.recordsRead - facts.invalidRows.length,
    header: facts.header,
    indexColumn: facts.index >= 0 ? (facts.header[facts.index] as string) : null,
    extraColumns: facts.extra,
    layout: facts.layout.name,
    reader,
    absentColumns: REQUIRED_COLUMNS.filter((c) => !facts.positions.has(c)),
    strings: lazyStrings(encoded.stringCodes, encoded.stringValues),
    stringCodes: encoded.stringCodes,
    stringValues: encoded.stringValues,
    genreNames: encoded.genreNames,
    genreCode: encoded.genreCode,
    trackGroup: encoded.stringCodes.track_id,
    trackGroups: encoded.trackGroups,
    numeric: encoded.numeric,
    explicit: encoded.explicit,
    invalidRows: facts.invalidRows,
  };
}

/** The fast path (plainCsv.ts) for an uncompressed CSV; null when the file needs DuckDB. */
async function loadPlainCsv(path: string, displayPath: string, options: LoadOptions): Promise<RawTable | null> {
  const { header, dialect } = await csvHeader(path, displayPath, false);
  const layout = detectLayout(header, options);
  const { positions, index, extra } = locateColumns(displayPath, header, dialect, layout);
  if (NUMERIC_COLUMNS.some((c) => isRewritten(c, layout))) return null;
  const request = { path, delimiter: dialect.delimiter, fields: header.length, positions, noGenre: NO_GENRE };
  const plain = options.threads === 1 ? readPlainCsv({ ...request, touchPages: false }) : await readPlainCsvTwoThreads(request);
  if (!plain) return null;
  return rawTable(
    { displayPath, format: 'csv', recordsRead: plain.rows, header, positions, index, extra, layout, invalidRows: [] },
    plain,
    'direct',
  );
}

/** Loads a regular file; messages name `displayPath`, the file as the user gave it. */
async function loadRegularFile(file: string, displayPath: string, options: LoadOptions): Promise<RawTable> {
  const { format, gzip } = sniffFile(file, displayPath);
  const path = file;
  if (format === 'csv' && !gzip && options.reader !== 'duckdb') {
    const plain = await loadPlainCsv(path, displayPath, options);
    if (plain) return plain;
  }
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  const connection = await instance.connect();
  try {
    let header: string[];
    let dialect: CsvDialect = { gzip, delimiter: ',' };
    if (format === 'csv') {
      ({ header, dialect } = await csvHeader(path, displayPath, gzip));
    } else {
      const described = await queryRows(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`).catch((e: Error) => {
        throw new InputError(`${displayPath}: not a readable Parquet file (${e.message.split('\n')[0]}).`);
      });
      header = described.map((row) => String(row.column_name));
    }
    const layout = detectLayout(header, options);
    const { positions, index, extra } = locateColumns(displayPath, header, dialect, layout);
    const raw: CellOf = (column) => `c${positions.get(column)}`;
    const text: CellOf = (column) => normalizedTextSql(column, raw(column), layout);
    const cells: Cells = {
      raw,
      text,
      typed: (column) => (isRewritten(column, layout) ? numberFromTextSql(text(column)) : raw(column)),
      present: (column) => positions.has(column),
      rewritten: (column) => isRewritten(column, layout),
      used: [...new Set(positions.values())].map((i) => `c${i}`),
    };
    const rows =
      (format === 'csv' ? await readTypedCsv(connection, path, dialect, header, cells) : null) ??
      (await readTextAndValidate(connection, path, displayPath, format, dialect, header, cells, options.onInvalid ?? 'error'));
    if (rows.recordsRead === 0) throw new InputError(`${displayPath}: the file has a header but no data rows.`);

    const count = rows.recordsRead - rows.invalidRows.length;
    const table = await denseTable(connection, rows);
    const numberOf = (column: string) =>
      !cells.present(column) ? `CAST('nan' AS DOUBLE)` : rows.kind === 'text' ? numberFromTextSql(cells.text(column)) : cells.typed(column);
    const textOf = (column: string) => `coalesce(CAST(${table}.${raw(column)} AS VARCHAR), '')`;
    const encoded = await fetchEncodedRows(connection, {
      table,
      rows: count,
      text: Object.fromEntries(STRING_COLUMNS.map((c) => [c, cells.present(c) ? textOf(c) : null])) as Record<StringColumn, string | null>,
      // Without a genre column every track carries one placeholder genre; capabilities.ts refuses the analyses that need genres.
      genre: cells.present('track_genre') ? textOf('track_genre') : `'${NO_GENRE}'`,
      numbers: Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, numberOf(c)])) as Record<NumericColumn, string>,
      explicit: cells.present('explicit') ? `CAST(${booleanValueSql(raw('explicit'))} AS DOUBLE)` : 'CAST(0 AS DOUBLE)',
    });
    return rawTable(
      { displayPath, format, recordsRead: rows.recordsRead, header, positions, index, extra, layout, invalidRows: rows.invalidRows },
      encoded,
      'duckdb',
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
