/**
 * Moving columns out of DuckDB into typed arrays quickly. Reading a value at a time costs a native
 * call per string, so strings travel as one joined string per block of rows (split in JS), and
 * numbers are copied a vector at a time.
 */
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';

const SEPARATOR = '\u001f';
const BLOCK_ROWS = 65536;

/**
 * Fetches VARCHAR expressions over the rows of `table` matching `where`, in rowid order, as one JS
 * string array per expression; NULL comes back as ''. Each column travels as one string per block
 * of rows, values separated by U+001F; if a value itself holds U+001F the block does not split
 * evenly, and that column is read a value at a time instead.
 */
export async function fetchStrings(connection: DuckDBConnection, expressions: string[], table: string, where: string): Promise<string[][]> {
  const columns: string[][] = [];
  for (const expression of expressions) {
    const reader = await connection.runAndReadAll(
      `SELECT string_agg(coalesce(${expression}, ''), chr(31) ORDER BY rowid) AS joined, count(*) AS n
       FROM ${table} ${where} GROUP BY rowid // ${BLOCK_ROWS} ORDER BY rowid // ${BLOCK_ROWS}`,
    );
    const blocks = reader.getRows().map(([joined, count]) => {
      const parts = (joined as string).split(SEPARATOR);
      return parts.length === Number(count as bigint) ? parts : null;
    });
    columns.push(
      blocks.every((b) => b !== null)
        ? ([] as string[]).concat(...(blocks as string[][]))
        : await fetchStringsOneByOne(connection, expression, table, where),
    );
  }
  return columns;
}

async function fetchStringsOneByOne(connection: DuckDBConnection, expression: string, table: string, where: string): Promise<string[]> {
  const result = await connection.run(`SELECT ${expression} FROM ${table} ${where} ORDER BY rowid`);
  const column: string[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vector = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) column.push((vector.getItem(i) as string | null) ?? '');
  }
  return column;
}

/** A column of a query's result, copied into a typed array of its own kind. */
function vectorValues(vector: DuckDBVector, count: number): ArrayLike<number> {
  const items = (vector as unknown as { items?: unknown }).items;
  if ((items instanceof Int32Array || items instanceof Float64Array) && items.length >= count) return items;
  return Array.from({ length: count }, (_, i) => Number(vector.getItem(i)));
}

/** target[row[i]] = values[i] for the first `count` values. */
function scatter(target: Int32Array | Float64Array, row: ArrayLike<number>, values: ArrayLike<number>, count: number): void {
  for (let i = 0; i < count; i++) target[row[i] as number] = values[i] as number;
}

/**
 * Runs a query whose first column is each row's position (INTEGER, 0-based) followed by one column
 * per target (INTEGER or DOUBLE, no NULLs), and writes every value to its row's place. Results then
 * need no ORDER BY: a join may return rows in any order. Returns the number of rows read.
 */
export async function fetchIntoRows(connection: DuckDBConnection, sql: string, targets: (Int32Array | Float64Array)[]): Promise<number> {
  const result = await connection.run(sql);
  let read = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const count = chunk.rowCount;
    const row = vectorValues(chunk.getColumnVector(0), count);
    targets.forEach((target, c) => {
      const values = vectorValues(chunk.getColumnVector(c + 1), count);
      scatter(target, row, values, count);
    });
    read += count;
  }
  return read;
}
