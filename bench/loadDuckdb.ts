/**
 * DuckDB alone: read_csv of every column into a table plus a window-function dedupe (first row per
 * track_id among rows with names), nothing moved to JS. Fresh process; prints JSON like loadClean.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2];
if (!path) throw new Error('usage: loadDuckdb FILE');
const start = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = `'${path.replaceAll("'", "''")}'`;
await connection.run(`CREATE TABLE raw AS SELECT * FROM read_csv(${quoted}, header = true)`);
await connection.run(`CREATE TABLE tracks AS SELECT * EXCLUDE (k) FROM (
  SELECT *, row_number() OVER (PARTITION BY track_id ORDER BY rowid) AS k FROM raw
  WHERE artists IS NOT NULL AND album_name IS NOT NULL AND track_name IS NOT NULL) WHERE k = 1`);
const counts = (
  await connection.runAndReadAll('SELECT (SELECT count(*) FROM raw)::INTEGER, (SELECT count(*) FROM tracks)::INTEGER')
).getRows()[0] as [number, number];
const seconds = (performance.now() - start) / 1000;
connection.closeSync();
instance.closeSync();
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rows: counts[0], tracks: counts[1] })}\n`,
);
