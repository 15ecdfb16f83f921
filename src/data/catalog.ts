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
  /** Same code = same song (see `songKey`): versions, re-releases and remasters of one recording. */
  songCode: Int32Array;
  songCount: number;
  /** Code of the main artist; `mainArtistNames[code]` is its name as first seen. */
  mainArtistCode: Int32Array;
  mainArtistNames: string[];
  /** track_id -> track index. */
  trackIndex: ReadonlyMap<string, number>;
  /**
   * Columns the source export does not have (album_name, explicit, time_signature, track_genre): their
   * values are placeholders and the analyses that need them refuse (see capabilities.ts).
   */
  absentColumns?: readonly string[];
}

/** The index of a track by its track_id, or undefined. */
export function findTrack(catalog: Catalog, trackId: string): number | undefined {
  return catalog.trackIndex.get(trackId);
}

/** Dense codes for string keys: equal keys share a code, codes in order of first appearance. */
export function encodeKeys(keys: readonly string[]): { codes: Int32Array; names: string[] } {
  const index = new Map<string, number>();
  const codes = new Int32Array(keys.length);
  const names: string[] = [];
  keys.forEach((key, t) => {
    let code = index.get(key);
    if (code === undefined) {
      code = names.length;
      index.set(key, code);
      names.push(key);
    }
    codes[t] = code;
  });
  return { codes, names };
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
