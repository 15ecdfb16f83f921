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

/**
 * Codes for pairs of integers, numbered by first request: an open-addressing table over typed
 * arrays, grown as pairs arrive, so a catalogue with few distinct songs keeps it in cache and none
 * pays for a Map's per-entry objects.
 */
function pairCoder(): { code: (a: number, b: number) => number; count: () => number } {
  let slots = new Int32Array(1 << 12); // code + 1; 0 = empty
  let firsts = new Int32Array(1 << 11);
  let seconds = new Int32Array(1 << 11);
  let count = 0;
  const slotOf = (a: number, b: number, mask: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
  const grow = () => {
    const mask = slots.length * 2 - 1;
    slots = new Int32Array(slots.length * 2);
    for (let code = 0; code < count; code++) {
      let slot = slotOf(firsts[code] as number, seconds[code] as number, mask);
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    const larger = (a: Int32Array) => {
      const copy = new Int32Array(a.length * 2);
      copy.set(a);
      return copy;
    };
    firsts = larger(firsts);
    seconds = larger(seconds);
  };
  return {
    code: (a, b) => {
      const mask = slots.length - 1;
      for (let slot = slotOf(a, b, mask); ; slot = (slot + 1) & mask) {
        const entry = slots[slot] as number;
        if (entry === 0) {
          firsts[count] = a;
          seconds[count] = b;
          slots[slot] = ++count;
          if (count * 2 >= slots.length) grow();
          return count - 1;
        }
        if (firsts[entry - 1] === a && seconds[entry - 1] === b) return entry - 1;
      }
    },
    count: () => count,
  };
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
  // A song is a (title key, folded main artist) pair.
  const songs = pairCoder();
  const songCode = new Int32Array(size);
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
    const title = titles.codes[t] as number;
    let titleId = titleIdOfValue[title] as number;
    if (titleId < 0) {
      titleId = titleKeys.id(songTitleKey(titles.values[title] as string));
      titleIdOfValue[title] = titleId;
    }
    songCode[t] = songs.code(titleId, foldedIdOfMain[mainId] as number);
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
  return {
    mainArtist,
    artistTrack,
    artistName,
    distinctArtists: artistNames.count(),
    songCode,
    songCount: songs.count(),
    // Main artists are interned in track order, so their ids already count by first appearance.
    mainArtistCode: mainIds,
    mainArtistNames: mainNameList,
  };
}
