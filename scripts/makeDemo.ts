/**
 * Writes examples/demo_tracks.csv: a small, genre-stratified excerpt of the shared sample, rows copied
 * verbatim, so `npm start` has a catalogue on any machine. Deterministic: the same sample and seed give
 * the same bytes.
 *
 *   node dist/scripts/makeDemo.js [sample.csv] [out.csv]
 *
 * Every genre gets DEMO_BASE_QUOTA tracks; the genres with the most rows in the sample get DEMO_LARGE_QUOTA,
 * above the drivers' minimum of 31 tracks per genre, so every capability has something to answer.
 * Each track_id is taken once (its one row gives its one genre), so a genre's quota is its track count.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { seededRandom, shuffleInPlace } from '../src/stats/random.js';

export const DEMO_SEED = 42;
export const DEMO_BASE_QUOTA = 20;
export const DEMO_LARGE_QUOTA = 32;
export const DEMO_LARGE_GENRES = 60;

/** Splits CSV text into records (quoted fields may hold commas, quotes and line breaks), keeping each record's exact text. */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/** The fields of one record (quotes removed, doubled quotes undone). */
export function csvFields(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** The demo excerpt of a catalogue CSV in the Kaggle layout: its header and the chosen records in file order. */
export function demoExcerpt(text: string, seed = DEMO_SEED): { header: string; records: string[]; genres: number } {
  const [header, ...rows] = csvRecords(text).filter((r) => r.length > 0);
  if (header === undefined) throw new Error('empty file');
  const columns = csvFields(header);
  const idColumn = columns.indexOf('track_id');
  const genreColumn = columns.indexOf('track_genre');
  const byGenre = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const genre = csvFields(row)[genreColumn] ?? '';
    byGenre.set(genre, [...(byGenre.get(genre) ?? []), i]);
  });
  // Larger genres first (ties by name), so the larger quotas go to the genres the sample has most of.
  const genres = [...byGenre.keys()].sort((a, b) => (byGenre.get(b)?.length ?? 0) - (byGenre.get(a)?.length ?? 0) || a.localeCompare(b));
  const random = seededRandom(seed);
  const takenIds = new Set<string>();
  const chosen: number[] = [];
  genres.forEach((genre, rank) => {
    const candidates = [...(byGenre.get(genre) ?? [])];
    shuffleInPlace(candidates, random);
    const quota = rank < DEMO_LARGE_GENRES ? DEMO_LARGE_QUOTA : DEMO_BASE_QUOTA;
    let taken = 0;
    for (const row of candidates) {
      if (taken === quota) break;
      const id = csvFields(rows[row] as string)[idColumn] ?? '';
      if (takenIds.has(id)) continue; // a track filed under several genres keeps the first genre it was drawn for
      takenIds.add(id);
      chosen.push(row);
      taken++;
    }
  });
  chosen.sort((a, b) => a - b);
  return { header, records: chosen.map((i) => rows[i] as string), genres: genres.length };
}

function main(): void {
  const source = resolve(process.argv[2] ?? '../shared/data/spotify_sample.csv');
  const target = resolve(process.argv[3] ?? 'examples/demo_tracks.csv');
  const { header, records, genres } = demoExcerpt(readFileSync(source, 'utf8'));
  const text = `${[header, ...records].join('\n')}\n`;
  writeFileSync(target, text);
  process.stdout.write(`${target}: ${records.length} rows over ${genres} genres, ${Buffer.byteLength(text)} bytes\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
