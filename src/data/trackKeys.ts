/**
 * The per-track keys cleaning derives from text (main artist, artist list, song code, main-artist
 * code), computed once per distinct title and artists value of the loader's dictionaries rather than
 * once per track. The codes equal `encodeKeys` over `songKey(title, mainArtist)` and over the main
 * artist names: numbered by first appearance in track order.
 */
import type { Catalog } from './catalog.js';
import { foldText, songTitleKey, splitArtists } from './text.js';

/** Dictionary-encoded text: the value of item i is `values[codes[i]]`. */
export interface EncodedText {
  codes: Int32Array;
  values: readonly string[];
}

/** The catalogue columns derived from titles and artists (see Catalog for each). */
export type TrackKeys = Pick<
  Catalog,
  'mainArtist' | 'artistTrack' | 'artistName' | 'songCode' | 'songCount' | 'mainArtistCode' | 'mainArtistNames'
> & {
  /** Distinct names in artistName. */
  distinctArtists: number;
};

/** An id per distinct string, in order of first request. */
function interner(): { id: (key: string) => number; count: () => number } {
  const ids = new Map<string, number>();
  return {
    id: (key) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      return id;
    },
    count: () => ids.size,
  };
}

/** Numbers ids by first appearance: the first item's id becomes 0, the next new one 1, ... */
function renumber(ids: Float64Array): { codes: Int32Array; count: number } {
  const first = new Map<number, number>();
  const codes = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    let code = first.get(id);
    if (code === undefined) {
      code = first.size;
      first.set(id, code);
    }
    codes[i] = code;
  }
  return { codes, count: first.size };
}

/** Keys of each track from its title and its `artists` field. */
export function trackKeys(titles: EncodedText, artists: EncodedText): TrackKeys {
  const size = titles.codes.length;
  // Per distinct artists value: its names and its main artist's id; per main artist: its folded id.
  const namesOfValue: (string[] | undefined)[] = new Array(artists.values.length);
  const mainIdOfValue = new Int32Array(artists.values.length).fill(-1);
  const mainNames = interner();
  const mainNameList: string[] = [];
  const foldedIdOfMain: number[] = [];
  const foldedArtists = interner();
  // Per distinct title: the id of its song title key.
  const titleIdOfValue = new Int32Array(titles.values.length).fill(-1);
  const titleKeys = interner();

  const mainArtist: string[] = new Array(size);
  const mainIds = new Int32Array(size);
  const titleIds = new Int32Array(size);
  const foldedIds = new Int32Array(size);
  const artistNames = interner();
  let artistRows = 0;
  for (let t = 0; t < size; t++) {
    const code = artists.codes[t] as number;
    let names = namesOfValue[code];
    if (names === undefined) {
      const value = artists.values[code] as string;
      names = splitArtists(value);
      namesOfValue[code] = names;
      for (const name of names) artistNames.id(name);
      const main = names[0] ?? value.trim();
      const id = mainNames.id(main);
      if (id === mainNameList.length) {
        mainNameList.push(main);
        foldedIdOfMain.push(foldedArtists.id(foldText(main)));
      }
      mainIdOfValue[code] = id;
    }
    artistRows += names.length;
    const mainId = mainIdOfValue[code] as number;
    mainIds[t] = mainId;
    mainArtist[t] = mainNameList[mainId] as string;
    foldedIds[t] = foldedIdOfMain[mainId] as number;
    const title = titles.codes[t] as number;
    let titleId = titleIdOfValue[title] as number;
    if (titleId < 0) {
      titleId = titleKeys.id(songTitleKey(titles.values[title] as string));
      titleIdOfValue[title] = titleId;
    }
    titleIds[t] = titleId;
  }
  // One row per (track, artist), sized by the count above rather than grown by pushes.
  const artistTrack = new Int32Array(artistRows);
  const artistName: string[] = new Array(artistRows);
  for (let t = 0, row = 0; t < size; t++) {
    for (const name of namesOfValue[artists.codes[t] as number] as string[]) {
      artistTrack[row] = t;
      artistName[row++] = name;
    }
  }
  // (title key, folded main artist) pairs as one number: ids are below the row count, so the
  // product stays an exact integer far beyond any catalogue (2^53).
  const foldedCount = foldedArtists.count();
  const songIds = new Float64Array(size);
  for (let t = 0; t < size; t++) songIds[t] = (titleIds[t] as number) * foldedCount + (foldedIds[t] as number);
  const songs = renumber(songIds);
  return {
    mainArtist,
    artistTrack,
    artistName,
    distinctArtists: artistNames.count(),
    songCode: songs.codes,
    songCount: songs.count,
    // Main artists are interned in track order, so their ids already count by first appearance.
    mainArtistCode: mainIds,
    mainArtistNames: mainNameList,
  };
}
