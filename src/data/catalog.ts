import type { NumericColumn } from './schema.js';

/**
 * A cleaned catalogue: one entry per track, columnar. Numeric columns are typed arrays indexed by
 * track; a track's genres are a CSR list (`genreOffsets`/`genreCodes`) so no genre is lost.
 */
export interface Catalog {
  size: number;
  trackId: string[];
  trackName: string[];
  albumName: string[];
  /** The raw `artists` field (`;`-separated). */
  artists: string[];
  /** First artist of `artists`. */
  mainArtist: string[];
  numeric: Record<NumericColumn, Float64Array>;
  /** 1 = explicit lyrics. */
  explicit: Uint8Array;
  /** Genre vocabulary, sorted; genre codes index into it. */
  genreNames: string[];
  /** The genre of the track's first row (the notebook's `track_genre` after drop_duplicates). */
  primaryGenre: Int32Array;
  /** Genres of track t: genreCodes[genreOffsets[t] .. genreOffsets[t + 1]), primary first. */
  genreOffsets: Int32Array;
  genreCodes: Int32Array;
  /** Popularity of the row that gave each (track, genre) pair, aligned with genreCodes. */
  genrePopularity: Float64Array;
  /** One row per (track, artist): the track index and the artist's name, in `artists` order. */
  artistTrack: Int32Array;
  artistName: string[];
}

const trackIndexes = new WeakMap<Catalog, Map<string, number>>();

/** The index of a track by its track_id, or undefined. The lookup table is built on first use. */
export function findTrack(catalog: Catalog, trackId: string): number | undefined {
  let index = trackIndexes.get(catalog);
  if (!index) {
    index = new Map(catalog.trackId.map((id, t) => [id, t]));
    trackIndexes.set(catalog, index);
  }
  return index.get(trackId);
}

export function genresOf(catalog: Catalog, track: number): string[] {
  const out: string[] = [];
  for (let k = catalog.genreOffsets[track] as number; k < (catalog.genreOffsets[track + 1] as number); k++) {
    out.push(catalog.genreNames[catalog.genreCodes[k] as number] as string);
  }
  return out;
}

export function spotifyUrl(trackId: string): string {
  return `https://open.spotify.com/track/${trackId}`;
}
