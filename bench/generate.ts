/**
 * Writes a large synthetic catalogue by resampling the real sample with new track ids:
 * row i copies sample row hash(i) mod n; its id is the original id plus a replicate bucket (`x00`..`x49`,
 * base62 like Spotify's ids, no underscore), so duplicate rows (multi-genre tracks) still occur, as in
 * the full Kaggle file.
 * Usage: node dist/bench/generate.js SAMPLE.csv OUT.csv ROWS
 */
import { DuckDBInstance } from '@duckdb/node-api';

export async function generateCatalogue(sample: string, out: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const quoted = (p: string) => `'${p.replaceAll("'", "''")}'`;
    await connection.run(
      `CREATE TEMP TABLE sample AS SELECT row_number() OVER () - 1 AS rn, * EXCLUDE (column00) FROM read_csv(${quoted(sample)}, header = true, all_varchar = true)`,
    );
    const counted = await connection.runAndReadAll('SELECT count(*)::INTEGER FROM sample');
    const sampleRows = counted.getRows()[0]?.[0] as number;
    await connection.run(`
      COPY (
        SELECT i AS "Unnamed: 0", s.* EXCLUDE (rn, track_id), s.track_id || 'x' || lpad((i % 50)::VARCHAR, 2, '0') AS track_id
        FROM range(${rows}) r(i)
        JOIN sample s ON s.rn = (hash(i) % ${sampleRows})::BIGINT
        ORDER BY i
      ) TO ${quoted(out)} (HEADER, DELIMITER ',')`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sample, out, rows] = process.argv.slice(2);
  if (!sample || !out || !rows) throw new Error('usage: generate SAMPLE.csv OUT.csv ROWS');
  await generateCatalogue(sample, out, Number(rows));
}
