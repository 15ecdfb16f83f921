/**
 * Where each genre sits on the map and how faithfully: a genre's place is the centroid (or medoid) of
 * its tracks' map positions (every genre a track is listed under counts), its spread the root mean
 * square distance of those tracks from it; faithfulness is the Spearman correlation between the
 * pairwise distances of genre centroids in the 9-D space and of genre places on the map.
 */
import { spearman } from '../stats/ranking.js';

/** A track's genres as a CSR list (the catalogue's `genreOffsets` / `genreCodes`). */
export interface GenreMembership {
  genreNames: readonly string[];
  genreOffsets: Int32Array;
  genreCodes: Int32Array;
}

export interface GenrePlace {
  genre: string;
  x: number;
  y: number;
  /** Root mean square distance of the genre's tracks from (x, y), in map units. */
  spread: number;
  tracks: number;
}

/** Mean row of every genre's tracks: G rows of `dims` values (NaN for a genre without tracks). */
export function genreMeans(
  points: ArrayLike<number>,
  dims: number,
  membership: GenreMembership,
): { means: Float64Array; counts: Int32Array } {
  const genres = membership.genreNames.length;
  const sums = new Float64Array(genres * dims);
  const counts = new Int32Array(genres);
  const n = membership.genreOffsets.length - 1;
  for (let t = 0; t < n; t++) {
    for (let e = membership.genreOffsets[t] as number; e < (membership.genreOffsets[t + 1] as number); e++) {
      const g = membership.genreCodes[e] as number;
      counts[g] = (counts[g] as number) + 1;
      for (let f = 0; f < dims; f++) sums[g * dims + f] = (sums[g * dims + f] as number) + (points[t * dims + f] as number);
    }
  }
  for (let g = 0; g < genres; g++)
    for (let f = 0; f < dims; f++) sums[g * dims + f] = (sums[g * dims + f] as number) / (counts[g] as number);
  return { means: sums, counts };
}

/** Genre places on a 2-D map (centroids of their tracks) with their spread. */
export function genrePlaces(coords: ArrayLike<number>, membership: GenreMembership): GenrePlace[] {
  const { means, counts } = genreMeans(coords, 2, membership);
  const squares = new Float64Array(membership.genreNames.length);
  const n = membership.genreOffsets.length - 1;
  for (let t = 0; t < n; t++) {
    for (let e = membership.genreOffsets[t] as number; e < (membership.genreOffsets[t + 1] as number); e++) {
      const g = membership.genreCodes[e] as number;
      squares[g] =
        (squares[g] as number) +
        ((coords[t * 2] as number) - (means[g * 2] as number)) ** 2 +
        ((coords[t * 2 + 1] as number) - (means[g * 2 + 1] as number)) ** 2;
    }
  }
  const places: GenrePlace[] = [];
  membership.genreNames.forEach((genre, g) => {
    const tracks = counts[g] as number;
    if (tracks === 0) return;
    places.push({
      genre,
      x: means[g * 2] as number,
      y: means[g * 2 + 1] as number,
      spread: Math.sqrt((squares[g] as number) / tracks),
      tracks,
    });
  });
  return places;
}

/** Pairwise Euclidean distances of G rows (upper triangle, row by row). */
function pairwiseDistances(rows: ArrayLike<number>, count: number, dims: number): Float64Array {
  const out = new Float64Array((count * (count - 1)) / 2);
  let k = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      let s = 0;
      for (let f = 0; f < dims; f++) s += ((rows[a * dims + f] as number) - (rows[b * dims + f] as number)) ** 2;
      out[k++] = Math.sqrt(s);
    }
  }
  return out;
}

/** Spearman correlation between genre-centroid distances in the original space and on the map. */
export function genreSpearman(points: ArrayLike<number>, dims: number, coords: ArrayLike<number>, membership: GenreMembership): number {
  const high = genreMeans(points, dims, membership);
  const low = genreMeans(coords, 2, membership);
  const present: number[] = [];
  high.counts.forEach((count, g) => {
    if (count > 0) present.push(g);
  });
  const pick = (means: Float64Array, width: number) =>
    Float64Array.from(present.flatMap((g) => Array.from(means.subarray(g * width, g * width + width))));
  return spearman(
    pairwiseDistances(pick(high.means, dims), present.length, dims),
    pairwiseDistances(pick(low.means, 2), present.length, 2),
  );
}
