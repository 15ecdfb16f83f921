/**
 * The direct CSV reader against the DuckDB reader on one file, value for value (the test suite does
 * this on the sample and the fixtures; the bench adds the generated 1M-row file). Prints one line.
 */
import { loadRawTable } from '../src/data/load.js';
import { NUMERIC_COLUMNS, STRING_COLUMNS } from '../src/data/schema.js';

const path = process.argv[2];
if (!path) throw new Error('usage: readersAgree FILE');
const direct = await loadRawTable(path);
const duckdb = await loadRawTable(path, { reader: 'duckdb' });
const differences: string[] = [];
const differ = (what: string) => differences.length < 5 && differences.push(what);
if (direct.reader !== 'direct') differ(`the file was not read directly (${direct.reader})`);
for (const key of ['rows', 'recordsRead', 'trackGroups'] as const) if (direct[key] !== duckdb[key]) differ(key);
if (direct.genreNames.join('\n') !== duckdb.genreNames.join('\n')) differ('genre names');
for (const c of STRING_COLUMNS)
  for (let r = 0; r < direct.rows; r++) if (direct.strings[c][r] !== duckdb.strings[c][r]) differ(`${c} row ${r}`);
for (const c of NUMERIC_COLUMNS)
  for (let r = 0; r < direct.rows; r++) if (!Object.is(direct.numeric[c][r], duckdb.numeric[c][r])) differ(`${c} row ${r}`);
for (let r = 0; r < direct.rows; r++)
  if (
    direct.genreCode[r] !== duckdb.genreCode[r] ||
    direct.explicit[r] !== duckdb.explicit[r] ||
    direct.trackGroup[r] !== duckdb.trackGroup[r]
  )
    differ(`row ${r}`);
process.stdout.write(
  differences.length === 0
    ? `direct and DuckDB readers: identical on ${direct.rows.toLocaleString('en-US')} rows (every text, number, genre, flag and track group)\n`
    : `direct and DuckDB readers DIFFER: ${differences.join('; ')}\n`,
);
