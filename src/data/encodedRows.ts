/**
 * Moving validated rows from DuckDB to JS as numbers, in one scan. Text columns are
 * dictionary-encoded by DuckDB (each distinct value travels once, each row as an integer code), so
 * JS never builds a string per cell; genres are coded by sorted name; track ids are numbered by first
 * appearance. The rows come back from hash joins in any order and are placed by their position, so
 * nothing is sorted.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { NUMERIC_COLUMNS, type NumericColumn, STRING_COLUMNS, type StringColumn } from './schema.js';
import { fetchIntoRows, fetchStrings } from './transfer.js';

/** What to read, as SQL over `table`, whose rowid must be the row's position (0 .. rows - 1). */
export interface EncodeRequest {
  table: string;
  rows: number;
  /** A VARCHAR expression per text column (no NULLs); null when the export has no such column. */
  text: Record<StringColumn, string | null>;
  /** A VARCHAR expression for the genre (no NULLs). */
  genre: string;
  /** A DOUBLE expression per numeric column (no NULLs). */
  numbers: Record<NumericColumn, string>;
  /** 1 / 0 as a DOUBLE expression. */
  explicit: string;
}

export interface EncodedRows {
  /** `values[codes[row]]` is the row's text, values distinct; for track_id the code is the row's track group. */
  stringCodes: Record<StringColumn, Int32Array>;
  stringValues: Record<StringColumn, string[]>;
  /** Distinct genres, sorted; `genreCode[row]` indexes into it. */
  genreNames: string[];
  genreCode: Int32Array;
  trackGroups: number;
  numeric: Record<NumericColumn, Float64Array>;
  explicit: Uint8Array;
}

/** The row's codes renumbered by first appearance (0 for the first row's value, ...), and the count. */
function numberByFirstAppearance(codes: Int32Array, distinct: number): { codes: Int32Array; order: Int32Array; count: number } {
  const renumbered = new Int32Array(distinct).fill(-1);
  const order = new Int32Array(distinct);
  let next = 0;
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const code = codes[r] as number;
    let group = renumbered[code] as number;
    if (group < 0) {
      group = next++;
      renumbered[code] = group;
      order[group] = code;
    }
    out[r] = group;
  }
  return { codes: out, order: order.subarray(0, next), count: next };
}

export async function fetchEncodedRows(connection: DuckDBConnection, request: EncodeRequest): Promise<EncodedRows> {
  const { table, rows } = request;
  const present = STRING_COLUMNS.filter((c) => request.text[c] !== null);
  const dictionaries = [
    ...present.map((c, i) => ({ name: `dict_${i}`, value: request.text[c] as string, order: '' })),
    { name: 'dict_genre', value: request.genre, order: 'ORDER BY v' },
  ];
  // A dictionary's rowid is the value's code; DuckDB's DISTINCT is a parallel hash aggregate.
  for (const d of dictionaries)
    await connection.run(`CREATE TEMP TABLE ${d.name} AS SELECT DISTINCT ${d.value} AS v FROM ${table} ${d.order}`);

  const codes = dictionaries.map(() => new Int32Array(rows));
  const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, new Float64Array(rows)])) as Record<NumericColumn, Float64Array>;
  const explicit = new Float64Array(rows);
  const select = [
    `${table}.rowid::INTEGER`,
    ...dictionaries.map((d) => `${d.name}.rowid::INTEGER`),
    ...NUMERIC_COLUMNS.map((c) => request.numbers[c]),
    request.explicit,
  ];
  const joins = dictionaries.map((d) => `JOIN ${d.name} ON ${d.name}.v = ${d.value}`).join(' ');
  const read = await fetchIntoRows(connection, `SELECT ${select.join(', ')} FROM ${table} ${joins}`, [
    ...codes,
    ...NUMERIC_COLUMNS.map((c) => numeric[c]),
    explicit,
  ]);
  if (read !== rows) throw new Error(`internal: expected ${rows} rows from DuckDB, got ${read}`);

  const stringCodes = {} as Record<StringColumn, Int32Array>;
  const stringValues = {} as Record<StringColumn, string[]>;
  let trackGroups = 0;
  for (const column of STRING_COLUMNS) {
    const i = present.indexOf(column);
    if (i < 0) {
      stringCodes[column] = new Int32Array(rows);
      stringValues[column] = [''];
      continue;
    }
    const [values] = await fetchStrings(connection, ['v'], `dict_${i}`, '');
    if (column === 'track_id') {
      const groups = numberByFirstAppearance(codes[i] as Int32Array, (values as string[]).length);
      stringCodes[column] = groups.codes;
      stringValues[column] = Array.from(groups.order, (code) => (values as string[])[code] as string);
      trackGroups = groups.count;
    } else {
      stringCodes[column] = codes[i] as Int32Array;
      stringValues[column] = values as string[];
    }
  }
  const [genreNames] = await fetchStrings(connection, ['v'], 'dict_genre', '');
  return {
    stringCodes,
    stringValues,
    genreNames: genreNames as string[],
    genreCode: codes[dictionaries.length - 1] as Int32Array,
    trackGroups,
    numeric,
    explicit: Uint8Array.from(explicit),
  };
}

/** Dictionary-encoded text after `f` is applied to each value, equal results merged so values stay distinct. */
export function mapDistinct(
  codes: Int32Array,
  values: readonly string[],
  f: (value: string) => string,
): { codes: Int32Array; values: string[] } {
  const index = new Map<string, number>();
  const merged: string[] = [];
  const newCode = Int32Array.from(values, (value) => {
    const mapped = f(value);
    let code = index.get(mapped);
    if (code === undefined) {
      code = merged.length;
      index.set(mapped, code);
      merged.push(mapped);
    }
    return code;
  });
  return { codes: Int32Array.from(codes, (code) => newCode[code] as number), values: merged };
}

/**
 * The text columns as one string per row, each built on first use: cleaning and the catalogue work
 * from the codes, so a command that never reads raw rows as text never pays for a million-entry array.
 */
export function lazyStrings(
  codes: Record<StringColumn, Int32Array>,
  values: Record<StringColumn, readonly string[]>,
): Record<StringColumn, string[]> {
  const strings = {} as Record<StringColumn, string[]>;
  for (const column of STRING_COLUMNS) {
    let built: string[] | undefined;
    Object.defineProperty(strings, column, {
      enumerable: true,
      get: () => {
        built ??= decode(codes[column], values[column]);
        return built;
      },
    });
  }
  return strings;
}

/** `values[codes[i]]` for every i. */
export function decode(codes: ArrayLike<number>, values: readonly string[]): string[] {
  const out = new Array<string>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = values[codes[i] as number] as string;
  return out;
}
