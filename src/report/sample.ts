/**
 * How uneven the sample is: tracks per primary genre (the label the classifier learns and the genre
 * each drivers regression is fitted in), with the smallest and largest genres named.
 */
import type { Catalog } from '../data/catalog.js';

export interface GenreCount {
  genre: string;
  tracks: number;
}

export interface GenreSample {
  /** Mean popularity over the cleaned tracks (one value per track). */
  meanPopularity: number;
  genres: number;
  median: number;
  /** Smallest and largest genres with at least one track, 3 each (smallest / largest first). */
  smallest: GenreCount[];
  largest: GenreCount[];
}

export function genreSample(catalog: Catalog): GenreSample {
  const counts = new Int32Array(catalog.genreNames.length);
  for (const code of catalog.primaryGenre) counts[code] = (counts[code] as number) + 1;
  const rows = catalog.genreNames
    .map((genre, i) => ({ genre, tracks: counts[i] as number }))
    .filter((g) => g.tracks > 0)
    .sort((a, b) => a.tracks - b.tracks || a.genre.localeCompare(b.genre));
  const mid = rows.length >> 1;
  const median =
    rows.length === 0
      ? Number.NaN
      : rows.length % 2
        ? (rows[mid] as GenreCount).tracks
        : ((rows[mid - 1] as GenreCount).tracks + (rows[mid] as GenreCount).tracks) / 2;
  const popularity = catalog.numeric.popularity;
  let sum = 0;
  for (const p of popularity) sum += p;
  return {
    meanPopularity: popularity.length ? sum / popularity.length : Number.NaN,
    genres: rows.length,
    median,
    smallest: rows.slice(0, 3),
    largest: rows.slice(-3).reverse(),
  };
}

/** "from 101 tracks in songwriter to 541 in acoustic per primary genre (median 183)". */
export function sampleSentence(sample: GenreSample): string {
  const low = sample.smallest[0];
  const high = sample.largest[0];
  if (!low || !high) return 'no genre has tracks';
  return `from ${low.tracks} tracks in ${low.genre} to ${high.tracks} in ${high.genre} per primary genre (median ${Math.round(sample.median)})`;
}
